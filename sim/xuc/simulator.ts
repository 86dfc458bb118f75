/**
 * A XiVO XuC look-alike for tests and the demo: a real HTTP + WebSocket server on 127.0.0.1
 * speaking XuC's CTI protocol (DOMAIN.md section 5; the rules and their sources are listed in
 * lib/sources/xuc/wire.ts), rendering a CallCentreWorld.
 *
 * What it serves:
 * - `POST /xuc/api/2.0/auth/login` `{"login","password"}` → `{login, token, TTL}` (TTL in
 *   seconds; the token expires then); wrong credentials → 401 `{error:"InvalidCredentials",
 *   message}`; a body that is not JSON → 400 `{error:"InvalidJson", message}`.
 * - `GET /xuc/api/2.0/cti?token=T` upgrade. With a valid token: `LoggedOn`, then
 *   `UsersStatuses`. With an unknown or expired token (or `failLogOn` set): `LoggedOnError`
 *   `{Error:"loggedOnFailed"}` (or the forced reason) and the socket is closed, as XuC does.
 * - Commands `{"claz":"web","command":...}`: getList (agent → AgentList, queue → QueueList,
 *   queuemember → QueueMemberList), getAgentStates (an AgentStateEvent per agent),
 *   subscribeToAgentEvents, subscribeToQueueStats (full QueueStatistics per queue, then only
 *   changed counters), subscribeToQueueCalls {queueId} (QueueCalls now and on every change).
 *   `{"claz":"ping"}` is counted (not answered unless `answerPings`).
 * - XuC's throttle: a token bucket (default 180, refilled 3 per second = 90 per 30 s); a message
 *   over it is dropped and answered with `{"msgType":"Error","ctiMessage":{"Error":"Maximum
 *   throttle throughput exceeded."}}`.
 * - World changes → AgentStateEvent (`since` in seconds, `cause` = pause code, `acd`,
 *   `direction` "Incoming"), QueueMember (penalty −1 when removed), QueueStatistics (only the
 *   changed counters; keyed by queueId or queueRef = the queue's name, and LongestWaitTime or
 *   LongestWaitingTime, per `statsKey` / `longestWaitName`), QueueCalls.
 * - `noise`: unrelated frames (PhoneStatusUpdate, Sheet, UserConfigUpdate) between the others.
 *
 * Controls for tests: dropLinks(), stop()/start() (same port, world kept), freeze() (sockets
 * stop reading and sending: a silent link), sendRaw(text), expireTokens(). XuC ids are
 * integers: agents and queues are numbered in the world's order (`agentId()`, `queueId()`).
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { CallCentreWorld, type WorldAgent, type WorldChange } from "../world/call-centre-world";
import { seededRandom } from "../shared/rng";
import { readJsonBody, refuseUpgrade, sendJson } from "../shared/http";
import { PlatformSimulator } from "../shared/platform-simulator";
import { parseJsonObject } from "../../lib/sources/link/json-object";

export interface XucSimulatorOptions {
  world: CallCentreWorld;
  login: string;
  password: string;
  /** Token lifetime, seconds (default 3600). */
  ttlSec?: number;
  /** XuC's throttle bucket: capacity and refill per second (default 180 and 3); null: none. */
  throttle?: { capacity: number; refillPerSec: number } | null;
  /** Answer every connection with this LoggedOnError and close. */
  failLogOn?: "loggedOnFailed" | "loggedOnTimeout" | null;
  /** Send LoggedOn after the handshake (default true). */
  sendLoggedOn?: boolean;
  /** Reply `{"msgType":"Pong"}`-like frames to pings (default false). */
  answerPings?: boolean;
  /** How QueueStatistics name the queue (default "alternate": queueId, then queueRef, ...). */
  statsKey?: "queueId" | "queueRef" | "alternate";
  /** The longest-wait counter's name (default "alternate" between both spellings). */
  longestWaitName?: "LongestWaitTime" | "LongestWaitingTime" | "alternate";
  noise?: boolean;
  seed?: number;
}

interface Client {
  ws: WebSocket;
  socket: Duplex;
  agentEvents: boolean;
  queueStats: boolean;
  queueCalls: Set<string>;
  sentCounters: Map<string, Record<string, number>>;
  tokens: number;
  refilledAt: number;
  frozen: boolean;
}

interface QueueTotals {
  entered: number;
  answered: number;
  abandoned: number;
  answeredBefore15: number;
  abandonedAfter15: number;
}

const LOGIN_PATH = "/xuc/api/2.0/auth/login";
const CTI_PATH = "/xuc/api/2.0/cti";
const THROTTLE_ERROR = "Maximum throttle throughput exceeded.";
/** Received commands remembered for tests. */
const MAX_LOG = 20_000;

export class XucSimulator extends PlatformSimulator<Client> {
  readonly world: CallCentreWorld;
  /** Sign-ins accepted / refused. */
  readonly logins = { accepted: 0, refused: 0 };
  /** Messages received per command (`ping` for heartbeats). */
  readonly commands = new Map<string, number>();
  /** Every message received: command and ms (server clock), newest last. */
  readonly received: { command: string; at: number; text: string }[] = [];
  throttleErrors = 0;
  loggedOnErrors = 0;
  framesSent = 0;
  connections = 0;

  private readonly opts: Required<Omit<XucSimulatorOptions, "world" | "throttle" | "failLogOn">> & Pick<XucSimulatorOptions, "throttle" | "failLogOn">;
  private readonly tokens = new Map<string, number>();
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: 1024 * 1024 });
  private readonly rng: () => number;
  private readonly agentIds = new Map<string, number>();
  private readonly queueIds = new Map<string, number>();
  private readonly totals = new Map<string, QueueTotals>();
  private flip = 0;

  constructor(opts: XucSimulatorOptions) {
    super("XucSimulator");
    this.world = opts.world;
    this.opts = {
      login: opts.login,
      password: opts.password,
      ttlSec: opts.ttlSec ?? 3600,
      throttle: opts.throttle === undefined ? { capacity: 180, refillPerSec: 3 } : opts.throttle,
      failLogOn: opts.failLogOn ?? null,
      sendLoggedOn: opts.sendLoggedOn ?? true,
      answerPings: opts.answerPings ?? false,
      statsKey: opts.statsKey ?? "alternate",
      longestWaitName: opts.longestWaitName ?? "alternate",
      noise: opts.noise ?? false,
      seed: opts.seed ?? 1,
    };
    this.rng = seededRandom(this.opts.seed);
    this.world.agents().forEach((a, i) => this.agentIds.set(a.id, i + 1));
    this.world.queues().forEach((q, i) => {
      this.queueIds.set(q.id, i + 1);
      this.totals.set(q.id, { entered: 0, answered: 0, abandoned: 0, answeredBefore15: 0, abandonedAfter15: 0 });
    });
    this.world.onChange((c) => this.onWorld(c));
  }

  // -- lifecycle -------------------------------------------------------------------------------

  // start(), stop(), dropLinks(), sendRaw(), port, url, clients(): PlatformSimulator.

  /** Every client goes silent: nothing read (so no pongs), nothing sent. */
  freeze(): void {
    for (const c of this.clientSet) {
      c.frozen = true;
      c.socket.pause();
    }
  }

  /** Every token stops being valid (clients must sign in again). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** XuC's integer id of a world agent / queue, as a string. */
  agentId(worldId: string): string {
    return String(this.agentIds.get(worldId) ?? fail(`no agent ${worldId}`));
  }

  queueId(worldId: string): string {
    return String(this.queueIds.get(worldId) ?? fail(`no queue ${worldId}`));
  }

  /** The counters XuC would report for a queue now. */
  counters(worldQueueId: string): Record<string, number> {
    const w = this.world;
    const t = this.totals.get(worldQueueId)!;
    const waiting = w.waitingCalls(worldQueueId);
    const now = w.clock();
    const members = w.agents().filter((a) => a.queues.includes(worldQueueId));
    const longest = waiting.length ? Math.floor((now - Math.min(...waiting.map((c) => c.enteredAt))) / 1000) : 0;
    const pct = (n: number) => (t.entered ? Math.round((1000 * n) / t.entered) / 10 : 0);
    return {
      WaitingCalls: waiting.length,
      LongestWaitTime: longest,
      EWT: waiting.length ? longest + 10 : 0,
      TotalNumberCallsEntered: t.entered,
      TotalNumberCallsAnswered: t.answered,
      TotalNumberCallsAbandonned: t.abandoned,
      TotalNumberCallsAnsweredBefore15: t.answeredBefore15,
      TotalNumberCallsAbandonnedAfter15: t.abandonedAfter15,
      PercentageAnsweredBefore15: pct(t.answeredBefore15),
      PercentageAbandonnedAfter15: pct(t.abandonedAfter15),
      AvailableAgents: members.filter((a) => a.state === "ready").length,
      TalkingAgents: members.filter((a) => a.state === "on_call").length,
      LoggedAgents: members.filter((a) => a.state !== "logged_out").length,
    };
  }

  // -- HTTP ------------------------------------------------------------------------------------

  protected async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://xuc").pathname;
    if (path === CTI_PATH) return sendJson(res, 426, { error: "Upgrade Required" });
    if (path !== LOGIN_PATH) return sendJson(res, 404, { error: "NotFound" });
    if (req.method !== "POST") return sendJson(res, 405, { error: "MethodNotAllowed" });
    let body: unknown;
    try {
      body = await readJsonBody(req);
    } catch {
      return sendJson(res, 413, { error: "InvalidJson", message: "body too large" });
    }
    if (typeof body !== "object" || body === null) return sendJson(res, 400, { error: "InvalidJson", message: "body must be a JSON object" });
    const o = body as Record<string, unknown>;
    if (o["login"] !== this.opts.login || o["password"] !== this.opts.password) {
      this.logins.refused++;
      return sendJson(res, 401, { error: "InvalidCredentials", message: "Invalid username or password" });
    }
    this.logins.accepted++;
    const token = randomBytes(18).toString("base64url");
    this.tokens.set(token, Date.now() + this.opts.ttlSec * 1000);
    sendJson(res, 200, { login: this.opts.login, token, TTL: this.opts.ttlSec });
  }

  protected onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://xuc");
    if (url.pathname !== CTI_PATH) return refuseUpgrade(socket, 404, "Not Found");
    const token = url.searchParams.get("token") ?? "";
    const expires = this.tokens.get(token);
    const valid = expires !== undefined && expires > Date.now();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (!this.listener.listening) return ws.terminate();
      this.connections++;
      const reason = this.opts.failLogOn ?? (valid ? null : "loggedOnFailed");
      if (reason) {
        this.loggedOnErrors++;
        ws.send(frame("LoggedOnError", { Error: reason }));
        ws.close();
        return;
      }
      const cap = this.opts.throttle?.capacity ?? 0;
      const c: Client = { ws, socket, agentEvents: false, queueStats: false, queueCalls: new Set(), sentCounters: new Map(), tokens: cap, refilledAt: Date.now(), frozen: false };
      this.clientSet.add(c);
      ws.on("message", (data: RawData, isBinary) => !isBinary && this.onMessage(c, String(data)));
      ws.on("close", () => this.clientSet.delete(c));
      ws.on("error", () => this.clientSet.delete(c));
      if (this.opts.sendLoggedOn) this.send(c, frame("LoggedOn", { username: this.opts.login }));
      this.send(c, frame("UsersStatuses", this.usersStatuses()));
    });
  }

  // -- client messages -------------------------------------------------------------------------

  private onMessage(c: Client, text: string): void {
    // A frame that is not a JSON object is ignored (no answer, the connection stays).
    const parsed = parseJsonObject(text);
    if (!parsed.ok) return;
    const o = parsed.value;
    const command = o["claz"] === "ping" ? "ping" : typeof o["command"] === "string" ? o["command"] : "?";
    this.commands.set(command, (this.commands.get(command) ?? 0) + 1);
    this.received.push({ command, at: Date.now(), text });
    if (this.received.length > MAX_LOG) this.received.splice(0, this.received.length - MAX_LOG);
    if (!this.takeToken(c)) {
      this.throttleErrors++;
      this.send(c, frame("Error", { Error: THROTTLE_ERROR }));
      return;
    }
    if (command === "ping") {
      if (this.opts.answerPings) this.send(c, frame("Pong", {}));
      return;
    }
    switch (command) {
      case "getList":
        return this.getList(c, String(o["objectType"] ?? ""));
      case "getAgentStates":
        for (const a of this.world.agents()) this.send(c, this.agentStateFrame(a));
        return;
      case "subscribeToAgentEvents":
        c.agentEvents = true;
        return;
      case "subscribeToQueueStats":
        c.queueStats = true;
        for (const q of this.world.queues()) this.sendStats(c, q.id);
        return;
      case "subscribeToQueueCalls": {
        const worldQueue = [...this.queueIds].find(([, n]) => String(n) === String(o["queueId"]))?.[0];
        if (!worldQueue) return this.send(c, frame("Error", { Error: `unknown queue ${String(o["queueId"])}` }));
        c.queueCalls.add(worldQueue);
        this.send(c, this.queueCallsFrame(worldQueue));
        return;
      }
      default:
        return;
    }
  }

  private takeToken(c: Client): boolean {
    const t = this.opts.throttle;
    if (!t) return true;
    const now = Date.now();
    c.tokens = Math.min(t.capacity, c.tokens + ((now - c.refilledAt) / 1000) * t.refillPerSec);
    c.refilledAt = now;
    if (c.tokens < 1) return false;
    c.tokens -= 1;
    return true;
  }

  private getList(c: Client, objectType: string): void {
    const w = this.world;
    if (objectType === "agent") this.send(c, frame("AgentList", w.agents().map((a) => ({ id: this.agentIds.get(a.id), userId: this.agentIds.get(a.id)! + 100, context: "default", firstName: a.firstName, lastName: a.lastName, number: a.login, groupId: 1 }))));
    else if (objectType === "queue") this.send(c, frame("QueueList", w.queues().map((q) => ({ id: this.queueIds.get(q.id), context: "default", name: q.name, displayName: q.displayName, number: q.number, data_quality: 0 }))));
    else if (objectType === "queuemember") this.send(c, frame("QueueMemberList", w.agents().flatMap((a) => a.queues.map((q) => ({ agentId: this.agentIds.get(a.id), queueId: this.queueIds.get(q), penalty: 0 })))));
  }

  // -- world → frames --------------------------------------------------------------------------

  private onWorld(change: WorldChange): void {
    if (change.kind === "call") this.countCall(change);
    for (const c of this.clientSet) {
      if (change.kind === "agent" && c.agentEvents) {
        if (change.previous === "logged_out" && change.agent.state === "ready") this.send(c, this.agentStateFrame({ ...change.agent, state: "ready" }, "AgentLogin"));
        this.send(c, this.agentStateFrame(change.agent));
      }
      if (change.kind === "membership") this.send(c, frame("QueueMember", { agentId: this.agentIds.get(change.agentId), queueId: this.queueIds.get(change.queueId), penalty: change.member ? 0 : -1 }));
      if (change.kind === "call" && c.queueCalls.has(change.call.queueId)) this.send(c, this.queueCallsFrame(change.call.queueId));
      if (c.queueStats) for (const q of this.world.queues()) this.sendStats(c, q.id);
    }
  }

  private countCall(change: Extract<WorldChange, { kind: "call" }>): void {
    const t = this.totals.get(change.call.queueId)!;
    const call = change.call;
    if (change.previous === null) t.entered++;
    if (change.previous !== "connected" && call.state === "connected" && call.answeredAt !== null) {
      t.answered++;
      if (call.answeredAt - call.enteredAt <= 15_000) t.answeredBefore15++;
    }
    if (call.state === "ended" && call.outcome === "abandoned") {
      t.abandoned++;
      if ((call.endedAt ?? 0) - call.enteredAt > 15_000) t.abandonedAfter15++;
    }
  }

  private sendStats(c: Client, worldQueueId: string): void {
    const now = this.counters(worldQueueId);
    const before = c.sentCounters.get(worldQueueId);
    const changed = Object.entries(now).filter(([k, v]) => before?.[k] !== v);
    if (changed.length === 0) return;
    c.sentCounters.set(worldQueueId, now);
    const flip = this.flip++ % 2 === 1;
    const longestName = this.opts.longestWaitName === "alternate" ? (flip ? "LongestWaitingTime" : "LongestWaitTime") : this.opts.longestWaitName;
    const byRef = this.opts.statsKey === "queueRef" || (this.opts.statsKey === "alternate" && flip);
    const q = this.world.queues().find((x) => x.id === worldQueueId)!;
    const counters = changed.map(([statName, value]) => ({ statName: statName === "LongestWaitTime" ? longestName : statName, value }));
    this.send(c, frame("QueueStatistics", byRef ? { queueRef: q.name, counters } : { queueId: this.queueIds.get(worldQueueId), counters }));
  }

  private queueCallsFrame(worldQueueId: string): string {
    const calls = this.world.waitingCalls(worldQueueId).map((call, i) => ({ position: i + 1, name: call.callerName ?? "", number: call.callerNumber, queueTime: new Date(call.enteredAt).toISOString() }));
    return frame("QueueCalls", { queueId: this.queueIds.get(worldQueueId), calls });
  }

  private agentStateFrame(a: WorldAgent, name = XUC_STATE[a.state]): string {
    const loggedIn = a.state !== "logged_out";
    return frame("AgentStateEvent", {
      name,
      agentId: this.agentIds.get(a.id),
      phoneNb: loggedIn ? a.phone : "null",
      since: Math.max(0, Math.floor((this.world.clock() - a.since) / 1000)),
      queues: a.queues.map((q) => this.queueIds.get(q)),
      cause: a.state === "paused" ? (a.pauseReason ?? "") : "",
      acd: a.state === "on_call" || a.state === "ringing",
      direction: a.state === "on_call" || a.state === "ringing" ? "Incoming" : "",
      monitorState: "DISABLED",
    });
  }

  private usersStatuses(): unknown[] {
    return [
      { name: "available", color: "#08FD20", longName: "Available", actions: [{ name: "queueunpause_all", parameters: "true" }] },
      ...this.world.pauseReasons.map((p) => ({ name: p.code, color: "#F7FE2E", longName: p.label, actions: [{ name: "queuepause_all", parameters: "true" }] })),
      { name: "disconnected", color: "#9E9E9E", longName: "Disconnected", actions: [{ name: "agentlogoff", parameters: "" }] },
    ];
  }

  protected closeClient(c: Client): void {
    c.ws.terminate();
    c.socket.destroy();
  }

  protected send(c: Client, text: string): void {
    if (c.frozen || c.ws.readyState !== WebSocket.OPEN) return;
    if (this.opts.noise && this.rng() < 0.2) {
      c.ws.send(NOISE[Math.floor(this.rng() * NOISE.length)]!);
      this.framesSent++;
    }
    c.ws.send(text);
    this.framesSent++;
  }
}

const XUC_STATE: Record<WorldAgent["state"], string> = {
  logged_out: "AgentLoggedOut",
  ready: "AgentReady",
  paused: "AgentOnPause",
  ringing: "AgentRinging",
  on_call: "AgentOnCall",
  wrapup: "AgentOnWrapup",
};

const NOISE = [
  frame("PhoneStatusUpdate", { status: "AVAILABLE" }),
  frame("Sheet", { timenow: 1, compressed: false, serial: "xml", payload: "<profile/>", channel: "SIP/abc-0001" }),
  frame("UserConfigUpdate", { userId: 7, dndEnabled: false, naFwdEnabled: false, firstName: "Ann", lastName: "Lee" }),
  frame("VoiceMailStatusUpdate", { voiceMailId: 1, newMessages: 0, waitingMessages: 0, oldMessages: 2 }),
];

function frame(msgType: string, ctiMessage: unknown): string {
  return JSON.stringify({ msgType, ctiMessage });
}

function fail(msg: string): never {
  throw new Error(msg);
}
