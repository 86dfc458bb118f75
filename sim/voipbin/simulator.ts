/**
 * A VoIPBin look-alike for tests and the demo: a real HTTP + WebSocket server on 127.0.0.1
 * speaking VoIPBin's API (DOMAIN.md section 6; rules and sources in lib/sources/voipbin/wire.ts,
 * rest.ts and link.ts), rendering a CallCentreWorld.
 *
 * What it serves:
 * - `POST /auth/login` `{"username","password"}` → `{username, token}`; the token is a JWT
 *   (unsigned, `exp` = now + tokenTtlSec) that stops working when it expires; bad → 400.
 * - `GET /v1.0/agents`, `/v1.0/queues`, `/v1.0/queuecalls`, `/v1.0/calls` with
 *   `Authorization: Bearer`, `?token=` or `?accesskey=`; `page_size` (≤ 100), `page_token`;
 *   answer `{result, next_page_token}`, newest first, the token being the last item's
 *   tm_create and present even on the last page (as bin-api-manager does). 401 otherwise.
 * - `GET /v1.0/ws?token=|accesskey=` upgrade (401 without a valid credential). Frames
 *   `{"type":"subscribe"|"unsubscribe","topics":[...]}`: topics are prefixes; a topic outside
 *   `customer_id:<our customer>` (or any, when `permission` lacks admin/manager) closes the
 *   socket, as VoIPBin's validateTopics does. No acknowledgement. A ping every `pingMs`.
 * - Events: each is published under two topics (`customer_id:<c>:<resource>:<id>` and
 *   `customer_id:<c>:<resource>:<event>:<id>`), so a prefix subscriber gets it twice; shaped
 *   bare (the resource), wrapped (`{type, data}`) or mixed (`shape`). Agent status changes →
 *   agent_status_updated; a caller → call_created, queuecall_created (initiating),
 *   queuecall_waiting; offer → queuecall_connecting (+ agent ringing); answer →
 *   queuecall_serviced (+ agent busy); hang-up → queuecall_done, call_hangup (agent stays busy:
 *   VoIPBin has no wrap-up); abandon → queuecall_abandoned. Queue changes are NOT published
 *   (as in VoIPBin): the link must re-read /v1.0/queues.
 * - `timestamps`: "rfc3339" (null when unset, current models) or "legacy" ("YYYY-MM-DD
 *   HH:MM:SS.ffffff", "9999-01-01 00:00:00.000000" when unset, older payloads).
 * - `noise`: events of resources a wallboard ignores (activeflow_updated, bare message).
 *
 * World → VoIPBin status: ready → available, paused → away (no reason: VoIPBin has none),
 * ringing → ringing, on_call and wrapup → busy, logged_out → offline. Queue membership is by
 * tags: one tag per queue, agents carry their queues' tags.
 *
 * Controls: dropLinks(), stop()/start() (same port, world kept), freeze() (no frames, no pings,
 * nothing read), sendRaw(text), expireTokens(), forgetEnded() (ended queue calls vanish from
 * REST, so a link that missed them must end them unseen). Ids are UUIDs derived from the world
 * ids (`agentUuid()`, `queueUuid()`, `queuecallUuid()`).
 */
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { CallCentreWorld, type WorldAgent, type WorldCall, type WorldChange } from "../world/call-centre-world";
import { seededRandom } from "../shared/rng";
import { readJsonBody, refuseUpgrade, sendJson } from "../shared/http";
import { PlatformSimulator } from "../shared/platform-simulator";

export interface VoipbinSimulatorOptions {
  world: CallCentreWorld;
  username: string;
  password: string;
  /** The customer every resource belongs to (default a fixed UUID). */
  customerId?: string;
  accessKeys?: string[];
  /** JWT lifetime, seconds (default 3600). */
  tokenTtlSec?: number;
  /** The account's permission bitmask: 32 admin, 64 manager, 16 agent (default 64). */
  permission?: number;
  shape?: "bare" | "wrapped" | "mixed";
  /** Publish each event under two topics (default true: what VoIPBin does). */
  double?: boolean;
  timestamps?: "rfc3339" | "legacy";
  /** Server ping period, ms (default 10 000). */
  pingMs?: number;
  noise?: boolean;
  seed?: number;
}

type Res = Record<string, unknown>;

interface Client {
  ws: WebSocket;
  socket: Duplex;
  prefixes: string[];
  frozen: boolean;
  pinger: NodeJS.Timeout;
}

const NIL = "00000000-0000-0000-0000-000000000000";
const LEGACY_UNSET = "9999-01-01 00:00:00.000000";
const PAGE_MAX = 100;

export class VoipbinSimulator extends PlatformSimulator<Client> {
  readonly world: CallCentreWorld;
  readonly customerId: string;
  readonly logins = { accepted: 0, refused: 0 };
  /** REST requests per path. */
  readonly restRequests = new Map<string, number>();
  /** Subscribe frames received, and sockets closed for a forbidden topic. */
  subscribes = 0;
  refusedTopics = 0;
  /** Event frames sent (each doubled frame counts twice), noise included. */
  framesSent = 0;
  connections = 0;

  private readonly opts: Required<Omit<VoipbinSimulatorOptions, "world" | "customerId">>;
  private readonly agentsRes = new Map<string, Res>();
  private readonly queuesRes = new Map<string, Res>();
  private readonly queuecallsRes = new Map<string, Res>();
  private readonly callsRes = new Map<string, Res>();
  /** Tokens carry the generation they were issued in; expireTokens() starts a new one. */
  private tokenGeneration = 0;
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: 1024 * 1024 });
  private readonly rng: () => number;
  /** Strictly increasing create times (µs), so page cursors never tie. */
  private lastCreateUs = 0;

  constructor(opts: VoipbinSimulatorOptions) {
    super("VoipbinSimulator");
    this.world = opts.world;
    this.customerId = opts.customerId ?? "5e4a0680-804e-11ec-98a7-2fea5968d85b";
    this.opts = {
      username: opts.username,
      password: opts.password,
      accessKeys: opts.accessKeys ?? [],
      tokenTtlSec: opts.tokenTtlSec ?? 3600,
      permission: opts.permission ?? 64,
      shape: opts.shape ?? "mixed",
      double: opts.double ?? true,
      timestamps: opts.timestamps ?? "rfc3339",
      pingMs: opts.pingMs ?? 10_000,
      noise: opts.noise ?? false,
      seed: opts.seed ?? 1,
    };
    this.rng = seededRandom(this.opts.seed);
    const now = this.world.clock();
    for (const q of this.world.queues()) {
      this.queuesRes.set(q.id, {
        id: this.queueUuid(q.id),
        customer_id: this.customerId,
        name: q.name,
        detail: q.displayName,
        routing_method: "random",
        tag_ids: [uuid("tag", q.id)],
        wait_flow_id: NIL,
        wait_timeout: 0,
        service_timeout: 0,
        wait_queuecall_ids: [],
        service_queuecall_ids: [],
        total_incoming_count: 0,
        total_serviced_count: 0,
        total_abandoned_count: 0,
        tm_create: this.tm(now - 86_400_000),
        tm_update: this.tm(now),
        tm_delete: this.tm(null),
      });
    }
    for (const a of this.world.agents()) this.agentsRes.set(a.id, this.agentRes(a, this.createTm(now - 3_600_000)));
    // Calls the world already has become queue calls too (nobody is connected yet: nothing is published).
    for (const call of this.world.calls()) {
      this.onCall({ ...call, state: "waiting", agentId: null, answeredAt: null, endedAt: null, outcome: null }, null);
      if (call.state === "ringing" || call.state === "connected") this.onCall({ ...call, state: "ringing", answeredAt: null }, "waiting");
      if (call.state !== "waiting" && call.state !== "ringing") this.onCall(call, "ringing");
    }
    this.world.onChange((c) => this.onWorld(c));
  }

  // -- lifecycle -------------------------------------------------------------------------------

  // start(), stop(), dropLinks(), sendRaw(), port, url, clients(): PlatformSimulator.

  /** Every client goes silent: no frames, no pings, nothing read. */
  freeze(): void {
    for (const c of this.clientSet) {
      c.frozen = true;
      clearInterval(c.pinger);
      c.socket.pause();
    }
  }

  expireTokens(): void {
    this.tokenGeneration++;
  }

  /** Ended queue calls disappear from REST (as if purged). */
  forgetEnded(): void {
    for (const [id, qc] of this.queuecallsRes) if (qc["status"] === "done" || qc["status"] === "abandoned") this.queuecallsRes.delete(id);
  }

  /** Topics each client subscribed to. */
  subscriptions(): string[][] {
    return [...this.clientSet].map((c) => [...c.prefixes]);
  }

  agentUuid(worldId: string): string {
    return uuid("agent", worldId);
  }

  queueUuid(worldId: string): string {
    return uuid("queue", worldId);
  }

  queuecallUuid(worldCallId: string): string {
    return uuid("queuecall", worldCallId);
  }

  /** The resources as REST lists them now. */
  resources(): { agents: Res[]; queues: Res[]; queuecalls: Res[]; calls: Res[] } {
    return { agents: [...this.agentsRes.values()], queues: [...this.queuesRes.values()], queuecalls: [...this.queuecallsRes.values()], calls: [...this.callsRes.values()] };
  }

  // -- HTTP ------------------------------------------------------------------------------------

  protected async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://voipbin");
    const path = url.pathname;
    this.restRequests.set(path, (this.restRequests.get(path) ?? 0) + 1);
    if (path === "/auth/login") {
      if (req.method !== "POST") return sendJson(res, 405, { message: "method not allowed" });
      let body: unknown;
      try {
        body = await readJsonBody(req);
      } catch {
        return sendJson(res, 413, { message: "too large" });
      }
      const o = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      if (o["username"] !== this.opts.username || o["password"] !== this.opts.password) {
        this.logins.refused++;
        res.writeHead(400).end();
        return;
      }
      this.logins.accepted++;
      return sendJson(res, 200, { username: this.opts.username, token: this.issueToken() });
    }
    if (!this.authorised(req, url)) return sendJson(res, 401, { status: 401, reason: "INVALID_CREDENTIALS", message: "The provided credentials are invalid." });
    const lists: Record<string, Map<string, Res>> = { "/v1.0/agents": this.agentsRes, "/v1.0/queues": this.queuesRes, "/v1.0/queuecalls": this.queuecallsRes, "/v1.0/calls": this.callsRes };
    const list = lists[path];
    if (!list) return sendJson(res, 404, { message: "not found" });
    const size = Math.min(PAGE_MAX, Math.max(1, Number(url.searchParams.get("page_size") ?? PAGE_MAX) || PAGE_MAX));
    const cursor = url.searchParams.get("page_token");
    const cursorUs = cursor ? tmMicros(cursor) : Infinity;
    const items = [...list.values()]
      .filter((r) => tmMicros(String(r["tm_create"])) < cursorUs)
      .sort((a, b) => tmMicros(String(b["tm_create"])) - tmMicros(String(a["tm_create"])))
      .slice(0, size);
    const last = items[items.length - 1];
    sendJson(res, 200, { result: items, next_page_token: last ? cursorOf(String(last["tm_create"])) : "" });
  }

  private authorised(req: http.IncomingMessage, url: URL): boolean {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ?? url.searchParams.get("token");
    if (token) return this.tokenValid(token);
    const key = url.searchParams.get("accesskey");
    return key !== null && this.opts.accessKeys.includes(key);
  }

  private issueToken(): string {
    const now = Date.now();
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
    return `${b64({ alg: "none", typ: "JWT" })}.${b64({ exp: Math.floor(now / 1000) + this.opts.tokenTtlSec, iat: Math.floor(now / 1000), customer_id: this.customerId, g: this.tokenGeneration, n: randomBytes(6).toString("hex") })}.sim`;
  }

  private tokenValid(token: string): boolean {
    const parts = token.split(".");
    if (parts.length !== 3 || parts[2] !== "sim") return false;
    try {
      const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as { exp?: number; g?: number };
      return (claims.exp ?? 0) * 1000 > Date.now() && claims.g === this.tokenGeneration;
    } catch {
      return false;
    }
  }

  protected onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://voipbin");
    if (url.pathname !== "/v1.0/ws") return refuseUpgrade(socket, 404, "Not Found");
    if (!this.authorised(req, url)) return refuseUpgrade(socket, 401, "Unauthorized");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (!this.listener.listening) return ws.terminate();
      this.connections++;
      const c: Client = { ws, socket, prefixes: [], frozen: false, pinger: setInterval(() => !c.frozen && ws.readyState === WebSocket.OPEN && ws.ping(), this.opts.pingMs) };
      c.pinger.unref();
      this.clientSet.add(c);
      ws.on("message", (data: RawData, isBinary) => !isBinary && this.onMessage(c, String(data)));
      const gone = () => {
        clearInterval(c.pinger);
        this.clientSet.delete(c);
      };
      ws.on("close", gone);
      ws.on("error", gone);
    });
  }

  private onMessage(c: Client, text: string): void {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return; // VoIPBin logs and ignores a frame it cannot read
    }
    const topics = Array.isArray(o["topics"]) ? o["topics"].filter((t): t is string => typeof t === "string") : [];
    if (!topics.every((t) => this.topicAllowed(t))) {
      this.refusedTopics++;
      this.closeClient(c);
      this.clientSet.delete(c);
      return;
    }
    if (o["type"] === "subscribe") {
      this.subscribes++;
      for (const t of topics) if (!c.prefixes.includes(t)) c.prefixes.push(t);
    } else if (o["type"] === "unsubscribe") c.prefixes = c.prefixes.filter((p) => !topics.includes(p));
  }

  /** VoIPBin's validateTopics, for an agent/access key of our customer. */
  private topicAllowed(topic: string): boolean {
    const parts = topic.split(":");
    if (parts.length < 2 || parts[0] !== "customer_id") return false;
    if (parts[1] !== this.customerId) return false;
    return (this.opts.permission & (32 | 64)) !== 0;
  }

  protected closeClient(c: Client): void {
    clearInterval(c.pinger);
    c.ws.terminate();
    c.socket.destroy();
  }

  // -- world → resources and events ------------------------------------------------------------

  private onWorld(change: WorldChange): void {
    if (change.kind === "agent") {
      const prev = this.agentsRes.get(change.agent.id)!;
      const next = this.agentRes(change.agent, String(prev["tm_create"]));
      const statusChanged = prev["status"] !== next["status"];
      this.agentsRes.set(change.agent.id, next);
      if (statusChanged) this.publish("agent", "agent_status_updated", next);
      return;
    }
    if (change.kind === "membership") {
      const a = this.world.agent(change.agentId);
      const prev = this.agentsRes.get(a.id)!;
      const next = this.agentRes(a, String(prev["tm_create"]));
      this.agentsRes.set(a.id, next);
      this.publish("agent", "agent_updated", next);
      return;
    }
    this.onCall(change.call, change.previous);
  }

  private onCall(call: WorldCall, previous: WorldCall["state"] | null): void {
    const now = this.world.clock();
    const id = this.queuecallUuid(call.id);
    const callId = uuid("call", call.id);
    const q = this.queuesRes.get(call.queueId)!;
    const waitIds = (q["wait_queuecall_ids"] as string[]).filter((x) => x !== id);
    const serviceIds = (q["service_queuecall_ids"] as string[]).filter((x) => x !== id);
    if (previous === null) {
      const created = this.createTm(call.enteredAt);
      const ref: Res = { id: callId, customer_id: this.customerId, owner_type: "", owner_id: NIL, type: "flow", source: { type: "tel", target: call.callerNumber, name: call.callerName ?? "" }, destination: { type: "tel", target: this.world.queues().find((x) => x.id === call.queueId)!.number }, status: "progressing", direction: "incoming", tm_ringing: this.tm(now), tm_progressing: this.tm(now), tm_hangup: this.tm(null), tm_create: created, tm_update: this.tm(now), tm_delete: this.tm(null) };
      this.callsRes.set(callId, ref);
      this.publish("call", "call_created", ref);
      const qc: Res = { id, customer_id: this.customerId, reference_type: "call", reference_id: callId, status: "initiating", service_agent_id: NIL, duration_waiting: 0, duration_service: 0, tm_create: created, tm_service: this.tm(null), tm_update: this.tm(now), tm_delete: this.tm(null) };
      this.queuecallsRes.set(id, qc);
      this.publish("queuecall", "queuecall_created", qc);
      this.queuesRes.set(call.queueId, { ...q, wait_queuecall_ids: [...waitIds, id], total_incoming_count: Number(q["total_incoming_count"]) + 1, tm_update: this.tm(now) });
      this.updateQueuecall(id, { status: "waiting" }, "queuecall_waiting");
      return;
    }
    if (call.state === "ringing") {
      this.updateQueuecall(id, { status: "connecting", service_agent_id: this.agentUuid(call.agentId!) }, "queuecall_connecting");
    } else if (call.state === "waiting") {
      this.updateQueuecall(id, { status: "waiting", service_agent_id: NIL }, "queuecall_waiting");
    } else if (call.state === "connected") {
      this.queuesRes.set(call.queueId, { ...q, wait_queuecall_ids: waitIds, service_queuecall_ids: [...serviceIds, id], tm_update: this.tm(now) });
      this.updateQueuecall(id, { status: "service", service_agent_id: this.agentUuid(call.agentId!), tm_service: this.tm(call.answeredAt), duration_waiting: (call.answeredAt ?? now) - call.enteredAt }, "queuecall_serviced");
    } else if (call.state === "ended") {
      const answered = call.outcome === "answered";
      this.queuesRes.set(call.queueId, {
        ...q,
        wait_queuecall_ids: waitIds,
        service_queuecall_ids: serviceIds,
        total_serviced_count: Number(q["total_serviced_count"]) + (answered ? 1 : 0),
        total_abandoned_count: Number(q["total_abandoned_count"]) + (answered ? 0 : 1),
        tm_update: this.tm(now),
      });
      const ended = call.endedAt ?? now;
      this.updateQueuecall(
        id,
        answered
          ? { status: "done", duration_service: ended - (call.answeredAt ?? ended), tm_end: this.tm(ended), tm_delete: this.tm(ended) }
          : { status: "abandoned", service_agent_id: NIL, duration_waiting: ended - call.enteredAt, tm_end: this.tm(ended), tm_delete: this.tm(ended) },
        answered ? "queuecall_done" : "queuecall_abandoned",
      );
      const ref = this.callsRes.get(callId);
      if (ref) {
        const hung = { ...ref, status: "hangup", hangup_by: answered ? "remote" : "local", hangup_reason: "normal", tm_hangup: this.tm(ended), tm_update: this.tm(now) };
        this.callsRes.set(callId, hung);
        this.publish("call", "call_hangup", hung);
      }
    }
  }

  private updateQueuecall(id: string, patch: Res, event: string): void {
    const qc = { ...this.queuecallsRes.get(id)!, ...patch, tm_update: this.tm(this.world.clock()) };
    this.queuecallsRes.set(id, qc);
    this.publish("queuecall", event, qc);
  }

  private agentRes(a: WorldAgent, created: string): Res {
    const status = { ready: "available", paused: "away", ringing: "ringing", on_call: "busy", wrapup: "busy", logged_out: "offline" }[a.state];
    return {
      id: this.agentUuid(a.id),
      customer_id: this.customerId,
      username: a.login,
      name: `${a.firstName} ${a.lastName}`,
      detail: "",
      ring_method: "ringall",
      status,
      permission: 16,
      tag_ids: a.queues.map((q) => uuid("tag", q)),
      addresses: [{ type: "extension", target: a.phone, target_name: "", name: "", detail: "" }],
      direct_hash: "",
      tm_create: created,
      tm_update: this.tm(this.world.clock()),
      tm_delete: this.tm(null),
    };
  }

  /** Sends an event to every subscriber, once per topic it is published under (twice). */
  private publish(resource: string, event: string, data: Res): void {
    const topics = [`customer_id:${this.customerId}:${resource}:${String(data["id"])}`];
    if (this.opts.double) topics.push(`customer_id:${this.customerId}:${resource}:${event}:${String(data["id"])}`);
    const wrapped = this.opts.shape === "wrapped" || (this.opts.shape === "mixed" && this.rng() < 0.5);
    const text = wrapped ? JSON.stringify({ type: event, data }) : JSON.stringify(data);
    for (const topic of topics) for (const c of this.clientSet) if (c.prefixes.some((p) => topic.startsWith(p))) this.send(c, text);
  }

  protected send(c: Client, text: string): void {
    if (c.frozen || c.ws.readyState !== WebSocket.OPEN) return;
    if (this.opts.noise && this.rng() < 0.15) {
      c.ws.send(this.rng() < 0.5 ? JSON.stringify({ type: "activeflow_updated", data: { id: uuid("af", String(this.rng())), customer_id: this.customerId, status: "running" } }) : JSON.stringify({ id: uuid("msg", String(this.rng())), customer_id: this.customerId, text: "hello", direction: "inbound" }));
      this.framesSent++;
    }
    c.ws.send(text);
    this.framesSent++;
  }

  // -- times -----------------------------------------------------------------------------------

  private tm(ms: number | null): string | null {
    if (this.opts.timestamps === "legacy") return ms === null ? LEGACY_UNSET : legacy(ms);
    return ms === null ? null : new Date(ms).toISOString();
  }

  /** A create time strictly after the previous one (µs precision), as text. */
  private createTm(ms: number): string {
    let us = Math.floor(ms) * 1000;
    if (us <= this.lastCreateUs) us = this.lastCreateUs + 1;
    this.lastCreateUs = us;
    const base = new Date(Math.floor(us / 1000));
    const micro = String(us % 1_000_000).padStart(6, "0");
    const iso = base.toISOString().slice(0, 19);
    return this.opts.timestamps === "legacy" ? `${iso.replace("T", " ")}.${micro}` : `${iso}.${micro}Z`;
  }
}

/** A stable UUID for a world id. */
function uuid(kind: string, id: string): string {
  const h = createHash("sha1").update(`${kind}:${id}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function legacy(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

/** Microseconds since the epoch of a create time ("...T..Z" or legacy), for ordering. */
function tmMicros(s: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?Z?$/.exec(s.trim());
  if (!m) return Number.NEGATIVE_INFINITY;
  const whole = Date.parse(`${m[1]}T${m[2]}Z`);
  return whole * 1000 + Number((m[3] ?? "0").padEnd(6, "0"));
}

/** The page cursor of a create time, in bin-api-manager's format (2006-01-02T15:04:05.000000Z). */
function cursorOf(tmCreate: string): string {
  const us = tmMicros(tmCreate);
  const iso = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19);
  return `${iso}.${String(us % 1_000_000).padStart(6, "0")}Z`;
}
