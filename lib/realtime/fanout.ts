/**
 * Realtime fan-out over Socket.IO: one room per topic; a subscriber gets a snapshot of the
 * topic, then deltas: the agents changed by one batch arrive as one `agents` message per room,
 * calls, queues and alerts as one message per item. Each message is encoded once per room by
 * Socket.IO, then written to each client in the room.
 *
 * What a topic carries:
 * - `campaign:<id>`: its agents; the calls and statistics of the queues it takes calls from,
 *   and calls of its agents' phones;
 * - `campaign:*`: everything;
 * - `queue:<id>`: the queue's calls and statistics (no agents);
 * - `agent:<user>`: the agent and the calls of its phone.
 * PBX link status goes to every client.
 *
 * A client that does not read what it is sent (a stuck TV, a browser tab frozen by its machine,
 * a network path that stalls) would keep every delta since it stopped in the server's memory.
 * Each client's backlog — bytes written to its connection that the kernel has not taken, plus
 * packets waiting for the connection to become writable — is bounded
 * ({@link DEFAULT_MAX_BACKLOG_BYTES}): a client found over the bound at two checks in a row
 * (at least {@link BACKLOG_CHECK_EVERY_MS} apart, checks run when something is sent) is
 * disconnected at once, its backlog dropped, and it reconnects and resyncs from a snapshot as
 * after any cut (the wall does this by itself). Two checks, so that a client that has just
 * asked for several big snapshots at once has time to take them.
 */
import type { Server, Socket } from "socket.io";
import { BurstyRateLimiter, RateLimiterMemory } from "rate-limiter-flexible";
import type { Principal } from "../auth/principal";
import { topicDenial } from "./scope";
import type { AgentChange, AgentBook } from "../agents/agent-book";
import type { AgentView } from "../agents/view";
import type { CallView } from "../calls/types";
import { extensionOf } from "../sources/vodia/frames";
import type { QueueBook } from "../queues/queue-book";
import type { QueueStats } from "../queues/types";
import type { AlertChanges } from "../alerts/alert-book";
import type { AlertView } from "../alerts/types";
import { parseTopic, type Topic } from "./topics";
import { ChangeRate, agentFlushIntervalMs } from "./flush-pacing";
import { sliceFor } from "../dialer/figures";
import { EMPTY_DIALER, type DialerSlice } from "../dialer/types";
import {
  ALL_CAMPAIGNS_TOPIC,
  agentTopic,
  campaignTopic,
  queueTopic,
  type ClientToServerEvents,
  type PbxLinkStatus,
  type ServerToClientEvents,
  type SubscribeAck,
  type SubscribeRequest,
} from "./contract";

interface SocketData {
  principal: Principal;
}
export type WallboardIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type WallboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The error a throttled client gets (XuC's wording). */
export const THROTTLE_MESSAGE = "Maximum throttle throughput exceeded.";

export interface FanoutSecurity {
  /**
   * The principal of a handshake's Cookie header, or null to refuse the connection.
   * `recheck`: the periodic re-check of an open socket (caches may be a little older).
   * Throws when it cannot tell (database down, nothing cached): the socket is then kept.
   */
  authenticate(cookieHeader: string | undefined, options?: { recheck?: boolean }): Promise<Principal | null>;
  /** Client messages per connection: `points` per `windowSec`, bursts up to `burst`. */
  throttle: { points: number; burst: number; windowSec: number };
}

/** Most topics one subscribe may ask for. */
const MAX_TOPICS_PER_REQUEST = 100;

/**
 * Most bytes one client may have waiting to be sent (see the module note). Above the largest
 * snapshot a client can ask for (`campaign:*` with MAX_LIVE_AGENTS = 10,000 agents of about
 * 450 bytes each: ~4.5 MB), so a healthy client receiving one is never cut; a wall that keeps
 * up never comes near it (a 500-agent wall at 200 updates/s receives ~100 kB/s).
 */
export const DEFAULT_MAX_BACKLOG_BYTES = 8 * 1024 * 1024;
/** How often (ms, at most) sending checks the clients' backlogs: a loop over the local sockets. */
export const BACKLOG_CHECK_EVERY_MS = 500;

/**
 * Agent changes held for the next flush (they are sent after the current I/O phase) beyond
 * which they are sent at once: the bound on what one flush holds.
 */
const MAX_PENDING_AGENT_CHANGES = 20_000;

/**
 * What engine.io 6 keeps for one connection that is not part of its typed API: the packets
 * waiting for the transport (`writeBuffer`), and for the WebSocket transport the `ws` socket,
 * whose `bufferedAmount` counts bytes handed to the connection and not yet taken by the kernel.
 * test/integration/slow-client.test.ts fails if a Socket.IO upgrade moves them.
 */
interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: { socket?: { bufferedAmount?: unknown; terminate?: () => void } };
  close(discard?: boolean): void;
}

/** Bytes a client has waiting on the server: `ws` bufferedAmount + queued packets, counted up to `limit`. */
export function backlogBytes(conn: EngineConnection, limit = Number.POSITIVE_INFINITY): number {
  const buffered = conn.transport?.socket?.bufferedAmount;
  let bytes = typeof buffered === "number" ? buffered : 0;
  for (const packet of conn.writeBuffer ?? []) {
    if (bytes > limit) break;
    const data = packet.data;
    if (typeof data === "string") bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  return bytes;
}

export interface FanoutOptions {
  /** Bound of one client's backlog, bytes (default {@link DEFAULT_MAX_BACKLOG_BYTES}). */
  maxBacklogBytes?: number;
}

export interface FanoutSources {
  agents: AgentBook;
  queues: QueueBook;
  /** Calls in progress. */
  activeCalls: () => CallView[];
  pbxLinks: () => PbxLinkStatus[];
  alerts: () => AlertView[];
  /** VICIdial's dialer state (all campaigns); absent: none. */
  dialer?: () => DialerSlice;
  now: () => number;
}

export class Fanout {
  private readonly limiter: BurstyRateLimiter;
  private readonly limiters: RateLimiterMemory[];
  private readonly maxBacklogBytes: number;
  private lastBacklogCheck = 0;
  /** Agent changes published since the last flush (commit order). */
  private pendingAgents: AgentChange[] = [];
  private flushScheduled = false;
  /** performance.now() of the last send of agent changes. */
  private lastAgentFlushAt = Number.NEGATIVE_INFINITY;
  /** Agent changes published per second: sets the least time between two sends (flush-pacing.ts). */
  private readonly changeRate = new ChangeRate();
  /** Ids of the sockets over the bound at the last check. */
  private overBound = new Set<string>();
  /** Clients disconnected because their backlog went over the bound, since start. */
  droppedSlowClients = 0;

  constructor(
    private readonly io: WallboardIo,
    private readonly src: FanoutSources,
    private readonly security: FanoutSecurity,
    options: FanoutOptions = {},
  ) {
    this.maxBacklogBytes = options.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    const { points, burst, windowSec } = security.throttle;
    this.limiters = [
      new RateLimiterMemory({ points, duration: windowSec }),
      new RateLimiterMemory({ keyPrefix: "burst", points: Math.max(1, burst - points), duration: windowSec }),
    ];
    this.limiter = new BurstyRateLimiter(this.limiters[0]!, this.limiters[1]!);
    io.use((socket, next) => {
      security.authenticate(socket.handshake.headers.cookie).then(
        (principal) => {
          if (!principal) return next(new Error("unauthorized: sign in or open a wall display URL"));
          socket.data.principal = principal;
          next();
        },
        () => next(new Error("unauthorized")),
      );
    });
    io.on("connection", (socket) => this.accept(socket));
  }

  /**
   * Re-checks every open socket's session and scope (issue 11 item 10): a revoked wall
   * token, a disabled or signed-out user, a changed password or an expired session is
   * disconnected; topics no longer in scope (campaigns taken away, an agent moved to another
   * campaign) are left, and the client is told in an `error` message. Called every few seconds
   * and at once after an admin change of users or wall tokens.
   */
  async reauthorize(): Promise<void> {
    for (const socket of [...this.io.sockets.sockets.values()]) {
      let principal: Principal | null;
      try {
        principal = await this.security.authenticate(socket.handshake.headers.cookie, { recheck: true });
      } catch {
        continue; // cannot tell now (database down): keep the socket until we can
      }
      if (!principal) {
        socket.emit("error", { message: "session ended: sign in again or open the wall display URL again" });
        socket.disconnect(true);
        continue;
      }
      socket.data.principal = principal;
      this.dropOutOfScope(socket);
    }
  }

  /** Makes `socket` leave every topic its principal may no longer see. */
  private dropOutOfScope(socket: WallboardSocket): void {
    for (const room of [...socket.rooms]) {
      const topic = room === socket.id ? null : parseTopic(room);
      if (!topic) continue;
      const reason = topicDenial(socket.data.principal, topic, this.lookups);
      if (reason) {
        void socket.leave(room);
        socket.emit("error", { message: `unsubscribed from ${room}: ${reason}` });
      }
    }
  }

  private readonly lookups = {
    campaignOfAgent: (u: string) => this.src.agents.get(u)?.campaign,
    campaignsOfQueue: (q: string) => this.src.queues.campaignsOfQueue(q),
  };

  /**
   * Sends a batch of agent changes (one commit of the event store, a roster reload, a
   * staleness sweep), together with the other batches published in the same I/O phase, right
   * after that phase: each watched room among the agents' campaigns (and the campaigns they
   * left), all campaigns and the agents' own topics gets ONE `agents` message with every agent
   * it shows, each once in its newest state (contract.ts AgentsMessage). One message per room
   * rather than per agent: each message costs every client in the room a write to its
   * connection, which was most of the server's CPU under load (issue 14).
   */
  publishAgents(changes: readonly AgentChange[]): void {
    if (changes.length === 0) return;
    // An agent moved to another campaign: its viewers outside that campaign lose the topic
    // now, before any message carrying the new campaign goes out (issue 11 item 11).
    for (const { agent, previousCampaign } of changes) if (previousCampaign !== null && previousCampaign !== agent.campaign) this.rescope(agentTopic(agent.user));
    for (const c of changes) this.pendingAgents.push(c);
    this.changeRate.add(changes.length, performance.now());
    if (this.pendingAgents.length >= MAX_PENDING_AGENT_CHANGES) {
      this.flushAgents();
      return;
    }
    // Sent after the current I/O phase (setImmediate), not now: the commit that produced these
    // changes answers its pushes and sends the next batch to PostgreSQL first, so the next
    // commit does not wait on this one's fan-out (issue 14); commits completing in the same
    // phase, or within the flush interval of the last send (flush-pacing.ts: 10 ms at up to
    // 1,000 changes/s, longer as the rate rises), share one message per room; a change after a
    // quiet spell goes out at once. The board itself was updated before this call.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      const wait = this.lastAgentFlushAt + this.agentFlushIntervalMs - performance.now();
      if (wait <= 0) setImmediate(() => this.flushAgents());
      else setTimeout(() => this.flushAgents(), wait);
    }
  }

  /** The least time (ms) between two sends of agent changes now, from the recent rate of changes. */
  get agentFlushIntervalMs(): number {
    return agentFlushIntervalMs(this.changeRate.perSecond(performance.now()));
  }

  /** Sends the agent changes published since the last flush: one `agents` message per watched room. */
  private flushAgents(): void {
    this.flushScheduled = false;
    const changes = this.pendingAgents;
    if (changes.length === 0) return;
    this.pendingAgents = [];
    this.lastAgentFlushAt = performance.now();
    const serverTime = this.src.now();
    // Room → user → agent. A later change of the same agent replaces the earlier one in place:
    // the newest state is what the room must end with, and nothing else of that agent is lost.
    const byRoom = new Map<string, Map<string, AgentView>>();
    const add = (room: string, agent: AgentView) => {
      let agents = byRoom.get(room);
      if (!agents) {
        if (!this.watched(room)) return;
        byRoom.set(room, (agents = new Map()));
      }
      agents.set(agent.user, agent);
    };
    for (const { agent, previousCampaign } of changes) {
      add(campaignTopic(agent.campaign), agent);
      add(ALL_CAMPAIGNS_TOPIC, agent);
      add(agentTopic(agent.user), agent);
      // The room it left gets it too: its campaign there tells that room's clients it left.
      if (previousCampaign !== null && previousCampaign !== agent.campaign) add(campaignTopic(previousCampaign), agent);
    }
    // io.local: every instance derives its deltas from the replicated state; sent through the
    // cluster adapter they would cost a NOTIFY each, arrive twice elsewhere, and (ClusterAdapter
    // sends locally only after publishing) be dropped here whenever the adapter's pool is busy.
    for (const [room, agents] of byRoom) this.io.local.to(room).emit("agents", { topic: room, agents: [...agents.values()], serverTime });
    this.boundBacklogs();
  }


  publishCalls(calls: readonly CallView[]): void {
    const serverTime = this.src.now();
    for (const call of calls) for (const room of this.roomsOfCall(call)) if (this.watched(room)) this.io.local.to(room).emit("call", { topic: room, call, serverTime });
    this.boundBacklogs();
  }

  publishQueues(stats: readonly QueueStats[]): void {
    const serverTime = this.src.now();
    for (const s of stats) {
      const rooms = [queueTopic(s.queue), ALL_CAMPAIGNS_TOPIC, ...this.src.queues.campaignsOfQueue(s.queue).map(campaignTopic)];
      for (const room of rooms) if (this.watched(room)) this.io.local.to(room).emit("queue", { topic: room, stats: s, serverTime });
    }
    this.boundBacklogs();
  }

  publishAlerts(changes: AlertChanges): void {
    const serverTime = this.src.now();
    const send = (alert: AlertView, state: "raised" | "updated" | "cleared") => {
      for (const room of this.roomsOfAlert(alert)) if (this.watched(room)) this.io.local.to(room).emit("alert", { topic: room, alert, state, serverTime });
    };
    for (const a of changes.raised) send(a, "raised");
    for (const a of changes.updated) send(a, "updated");
    for (const a of changes.cleared) send(a, "cleared");
    this.boundBacklogs();
  }

  /** Rooms that show an alert; one for no campaign in particular goes to every room. */
  private roomsOfAlert(alert: AlertView): string[] {
    if (alert.campaigns.length === 0) return [...this.io.sockets.adapter.rooms.keys()].filter((r) => parseTopic(r) !== null);
    const rooms = new Set([ALL_CAMPAIGNS_TOPIC, ...alert.campaigns.map(campaignTopic)]);
    if (alert.queue) rooms.add(queueTopic(alert.queue));
    if (alert.user) rooms.add(agentTopic(alert.user));
    return [...rooms];
  }

  /** Checks the scope of every local socket in `room`. */
  private rescope(room: string): void {
    const ids = this.io.sockets.adapter.rooms.get(room);
    if (!ids) return;
    for (const id of [...ids]) {
      const socket = this.io.sockets.sockets.get(id);
      if (socket) this.dropOutOfScope(socket);
    }
  }

  /** Socket.IO encodes a packet even for an empty room; most agent rooms have no viewer. */
  private watched(room: string): boolean {
    return (this.io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  /** The last dialer slice sent to each room, as JSON (a room gets a message only when its slice changed). */
  private readonly dialerSent = new Map<string, string>();

  /**
   * The dialer state changed: each watched campaign room (and campaign:*) gets its slice
   * (lib/dialer/figures.ts sliceFor) when it differs from what the room got last.
   */
  publishDialer(state: DialerSlice): void {
    const serverTime = this.src.now();
    const rooms = this.io.sockets.adapter.rooms;
    for (const room of this.dialerSent.keys()) if (!rooms.has(room)) this.dialerSent.delete(room);
    for (const room of rooms.keys()) {
      const campaigns = this.dialerCampaigns(parseTopic(room));
      if (campaigns === undefined) continue;
      const dialer = sliceFor(state, campaigns);
      const json = JSON.stringify(dialer);
      if (this.dialerSent.get(room) === json) continue;
      this.dialerSent.set(room, json);
      this.io.local.to(room).emit("dialer", { topic: room, dialer, serverTime });
    }
  }

  /** Campaigns whose dialer figures a topic carries: null for all, undefined for none. */
  private dialerCampaigns(topic: Topic | null): string[] | null | undefined {
    if (topic?.kind === "all-campaigns") return null;
    if (topic?.kind === "campaign") return [topic.campaign];
    return undefined;
  }

  publishLinks(links: PbxLinkStatus[]): void {
    this.io.local.emit("pbx", { links, serverTime: this.src.now() });
    this.boundBacklogs();
  }

  /**
   * Disconnects every local client whose backlog was over the bound at this check and the one
   * before (module note). Called after sending; does the loop at most every BACKLOG_CHECK_EVERY_MS.
   */
  private boundBacklogs(): void {
    const t = performance.now();
    if (t - this.lastBacklogCheck < BACKLOG_CHECK_EVERY_MS) return;
    this.lastBacklogCheck = t;
    const over = new Set<string>();
    for (const socket of this.io.sockets.sockets.values()) {
      const conn = socket.conn as unknown as EngineConnection;
      if (backlogBytes(conn, this.maxBacklogBytes) <= this.maxBacklogBytes) continue;
      if (!this.overBound.has(socket.id)) {
        over.add(socket.id);
        continue;
      }
      this.droppedSlowClients++;
      // At once, with what is queued: a polite close would wait behind the backlog it is meant
      // to free. terminate() destroys the WebSocket's TCP connection; a polling client's queue
      // is discarded. The client sees the connection drop, reconnects and gets fresh snapshots.
      const ws = conn.transport?.socket;
      if (typeof ws?.terminate === "function") ws.terminate();
      else conn.close(true);
    }
    this.overBound = over;
  }

  private roomsOfCall(call: CallView): string[] {
    const rooms = new Set([ALL_CAMPAIGNS_TOPIC]);
    if (call.queue) {
      rooms.add(queueTopic(call.queue));
      for (const c of this.src.queues.campaignsOfQueue(call.queue)) rooms.add(campaignTopic(c));
    }
    for (const ext of this.extensionsOf(call)) {
      const campaign = this.src.agents.campaignOfExtension(ext);
      if (campaign) rooms.add(campaignTopic(campaign));
      const user = this.src.agents.userOfExtension(ext);
      if (user) rooms.add(agentTopic(user));
    }
    return [...rooms];
  }

  private extensionsOf(call: CallView): string[] {
    return [call.agentExtension, extensionOf(call.from), call.queue ? null : extensionOf(call.to)].filter((e): e is string => !!e);
  }

  private accept(socket: WallboardSocket): void {
    // Every client message costs a point; over the limit it is dropped and the client told.
    socket.use((_packet, next) => {
      this.limiter.consume(socket.id).then(
        () => next(),
        () => socket.emit("error", { message: THROTTLE_MESSAGE }),
      );
    });
    socket.on("disconnect", () => this.limiters.forEach((l) => void l.delete(socket.id)));
    socket.on("subscribe", (req, ack) => this.subscribe(socket, req, ack));
    socket.on("unsubscribe", (req, ack) => {
      const { valid, denied } = validate(req);
      for (const t of valid) void socket.leave(t);
      safeAck(ack, { ok: denied.length === 0, topics: valid, denied });
    });
  }

  private subscribe(socket: WallboardSocket, req: SubscribeRequest, ack: (res: SubscribeAck) => void): void {
    const checked = validate(req);
    const denied = [...checked.denied];
    const valid: string[] = [];
    for (const topic of checked.valid) {
      const reason = topicDenial(socket.data.principal, parseTopic(topic)!, this.lookups);
      if (reason) denied.push({ topic, reason });
      else valid.push(topic);
    }
    for (const topic of valid) {
      void socket.join(topic);
      const t = parseTopic(topic)!;
      socket.emit("snapshot", {
        topic,
        agents: this.agentsOf(t),
        calls: this.src.activeCalls().filter((c) => this.roomsOfCall(c).includes(topic)),
        queues: this.queuesOf(t),
        pbx: this.src.pbxLinks(),
        alerts: this.src.alerts().filter((a) => this.roomsOfAlert(a).includes(topic) || a.campaigns.length === 0),
        dialer: this.dialerOf(t),
        serverTime: this.src.now(),
      });
    }
    safeAck(ack, { ok: denied.length === 0, topics: valid, denied });
    this.boundBacklogs();
  }

  private dialerOf(topic: Topic): DialerSlice {
    const campaigns = this.dialerCampaigns(topic);
    return campaigns === undefined || !this.src.dialer ? EMPTY_DIALER : sliceFor(this.src.dialer(), campaigns);
  }

  private agentsOf(topic: Topic): AgentView[] {
    switch (topic.kind) {
      case "all-campaigns":
        return this.src.agents.list();
      case "campaign":
        return this.src.agents.list(topic.campaign);
      case "agent": {
        const agent = this.src.agents.get(topic.user);
        return agent ? [agent] : [];
      }
      case "queue":
        return [];
    }
  }

  private queuesOf(topic: Topic): QueueStats[] {
    switch (topic.kind) {
      case "all-campaigns":
        return this.src.queues.list();
      case "campaign":
        return this.src.queues.list(this.src.queues.queuesOfCampaign(topic.campaign));
      case "queue":
        return this.src.queues.list([topic.queue]);
      case "agent":
        return [];
    }
  }
}

function validate(req: unknown): { valid: string[]; denied: SubscribeAck["denied"] } {
  const topics = (req as SubscribeRequest | undefined)?.topics;
  if (!Array.isArray(topics)) return { valid: [], denied: [{ topic: "", reason: "expected { topics: string[] }" }] };
  const valid: string[] = [];
  const denied: SubscribeAck["denied"] = [];
  for (const [i, t] of topics.entries()) {
    if (i >= MAX_TOPICS_PER_REQUEST) denied.push({ topic: String(t), reason: `more than ${MAX_TOPICS_PER_REQUEST} topics` });
    else if (parseTopic(t)) valid.push(t as string);
    else denied.push({ topic: String(t), reason: "unknown topic; use campaign:<id>, campaign:*, agent:<user> or queue:<id>" });
  }
  return { valid: [...new Set(valid)], denied };
}

function safeAck(ack: unknown, res: SubscribeAck): void {
  if (typeof ack === "function") (ack as (r: SubscribeAck) => void)(res);
}
