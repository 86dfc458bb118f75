/**
 * A small Vodia-PBX look-alike for tests and the demo: it speaks the PBX's WebSocket protocol
 * (shared/seeds/001, DOMAIN.md §4) over a real socket so the wallboard's PBX client can be
 * run against it unchanged.
 *
 * What it serves (all on 127.0.0.1):
 * - `POST /rest/system/session` with JSON `{"name","password"}` → 200, `Set-Cookie:
 *   session=<random>; Path=/; HttpOnly` and body `{"session":"<same>"}`; wrong credentials 401.
 * - `GET /websocket?domain=D&user=EXT` upgrade, only with a `Cookie: session=<valid>` header;
 *   otherwise a plain HTTP 401 and the socket is closed (no upgrade).
 * - Client frames: `{"action":"domain-calls"}` → a `domain-state` snapshot (every time it is
 *   sent: a client re-sends it to resynchronise), then `call-state` for every call change; `{"action":"blf","add":[...]}` (and `"remove"`) → a `user-state`
 *   per listed account, then again whenever one of them changes; `{"action":"avoid-disconnect"}`
 *   is a keep-alive (counted, no reply). Anything else is ignored, like a PBX would.
 *
 * Frames sent (the shapes lib/sources/pbx/frames.ts documents and parses):
 * - `domain-state` `{action, accounts: AccountFrame[], calls: CallFrame[], messages: 0}`.
 * - `user-state` `{action, type:"extensions", account, domain, registered, dnd, chatstatus,
 *   state: "idle"|"ringing"|"busy", name?}`.
 * - `call-state` `{action, calls: [CallFrame]}` (with `noise`, sometimes a bare object).
 * - Call frame `{id, from, to, callstate, queue?, agent?, dir, start, codec, ...extra}`:
 *   queue calls have `to` = `queue` = the queue id, `callstate` "waiting" → "ringing" (with
 *   `agent` = the offered extension) → "connected" (`agent` = the answering extension) ⇄ "hold"
 *   → "disconnected" (the last frame for that id; the call then leaves the snapshot).
 *   Dial-outs have `from` = the agent's extension (plain or `"Name" <sip:EXT@domain>`), `to` =
 *   the number, no `queue` and no `agent`. `dir` ("in"/"out"), `start` (Unix seconds on the
 *   simulator clock) and `codec` are there to exercise tolerance of unknown fields.
 *
 * The accounts and calls are "the PBX's world": they survive {@link PbxSimulator.stop} /
 * {@link PbxSimulator.start}, so a reconnecting client resynchronises from a fresh
 * `domain-state`, as it would after a real PBX restart with calls still up on the phones.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { seededRandom } from "../shared/rng";

export interface PbxSimulatorOptions {
  /** Credentials accepted by `POST /rest/system/session`. */
  username: string;
  password: string;
  /** Session cookie values accepted from the start (as with a PBX_SESSION configured by hand). */
  sessions?: readonly string[];
  /** Tenant domain used in SIP URIs and `user-state.domain`; default "localhost". */
  domain?: string;
  /**
   * Interleave WebRTC signalling frames (`{"candidate":...}`, `{"sdp":...}`, `{"bye":...}`),
   * frames with unknown actions, the occasional text that is not a JSON object, booleans as
   * "true"/"yes"/1, and `call-state.calls` as a bare object — all things a tolerant client
   * must cope with. Default false.
   */
  noise?: boolean;
  /** Seed of the noise PRNG (deterministic frame sequence per seed); default 1. */
  seed?: number;
  /** Clock for `start` fields, ms since the Unix epoch; default Date.now. */
  now?: () => number;
  /**
   * Terminate a client that sent nothing (no keep-alive) for this many ms, as a PBX dropping
   * idle sockets would. Default: never.
   */
  idleTimeoutMs?: number;
}

/** The PBX's words for call progress, as sent in `callstate`. */
export type SimCallState = "waiting" | "ringing" | "connected" | "hold" | "disconnected";

/** One account (extension) as the simulator holds it. */
export interface SimAccount {
  account: string;
  registered: boolean;
  dnd: boolean;
  /** "online" / "busy" / "offline" unless set explicitly. */
  chatstatus: string;
  name: string | null;
  /** BLF lamp derived from the active calls: ringing, busy (connected or on hold) or idle. */
  state: "idle" | "ringing" | "busy";
}

/** A call frame exactly as it goes on the wire in `domain-state.calls` / `call-state.calls`. */
export interface SimCallFrame {
  id: string;
  from: string;
  to: string;
  callstate: SimCallState;
  queue?: string;
  agent?: string;
  dir: "in" | "out";
  /** Unix seconds (simulator clock) when the call started. */
  start: number;
  codec: string;
  [extra: string]: unknown;
}

/** What one connected WebSocket client asked for. */
export interface SimClientInfo {
  domain: string;
  user: string | null;
  /** Sent `domain-calls`. */
  domainCalls: boolean;
  /** Accounts subscribed with `blf`. */
  blf: string[];
}

interface Call {
  id: string;
  from: string;
  to: string;
  callstate: SimCallState;
  queue: string | null;
  agent: string | null;
  /** The extension whose phone carries the call (agent of a queue call, caller of a dial-out). */
  phone: string | null;
  dir: "in" | "out";
  startMs: number;
  codec: string;
  extra: Record<string, unknown>;
}

interface Account {
  account: string;
  registered: boolean;
  dnd: boolean;
  chatstatus: string | null;
  name: string | null;
}

interface Client {
  ws: WebSocket;
  domain: string;
  user: string | null;
  domainCalls: boolean;
  blf: Set<string>;
  idleTimer: NodeJS.Timeout | null;
}

const REST_SESSION_PATH = "/rest/system/session";
const WS_PATH = "/websocket";
const MAX_BODY_BYTES = 64 * 1024;

const SIGNALLING_SAMPLES: readonly string[] = [
  JSON.stringify({
    candidate: {
      candidate: "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0",
      sdpMid: "0",
      sdpMLineIndex: 0,
    },
  }),
  JSON.stringify({ sdp: "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n", type: "answer", id: "webrtc-1" }),
  JSON.stringify({ bye: "webrtc-1", reason: "normal" }),
  JSON.stringify({ ringtones: [{ name: "default", url: "/ringtones/default.wav" }] }),
  JSON.stringify({ info: { dtmf: "5" }, id: "webrtc-1" }),
];
const OTHER_ACTION_SAMPLES: readonly string[] = [
  JSON.stringify({ action: "message-count", count: 1, account: "voicemail" }),
  JSON.stringify({ action: "chat", from: "100", text: "coffee anyone?" }),
  JSON.stringify({ action: "park-state", orbits: [] }),
];
const MALFORMED_SAMPLES: readonly string[] = ["ping", '{"action":"call-state","calls":[{"id":', "[1,2,3]", "null", ""];

/**
 * The simulator. `await sim.start()` then point a client at {@link url} after logging in at
 * {@link httpUrl} (or with a cookie from {@link addSession}); drive calls with the imperative
 * methods. Call methods throw on an unknown call id or a call in the wrong state (test mistakes
 * should be loud); use {@link hasCall} to check first.
 */
export class PbxSimulator {
  readonly domain: string;
  /** Frames sent, summed over clients, noise included. */
  framesSent = 0;
  /** Frames received from clients (any text). */
  framesReceived = 0;
  /** `avoid-disconnect` frames received. */
  keepAlivesReceived = 0;
  /** `domain-calls` requests received (the first after connecting, then resyncs). */
  domainCallsReceived = 0;
  /** WebSocket upgrades refused (no or unknown session cookie, wrong path). */
  upgradesRejected = 0;
  /** REST logins: accepted / refused. */
  readonly logins = { accepted: 0, rejected: 0 };

  private readonly username: string;
  private readonly password: string;
  private readonly sessions = new Set<string>();
  private readonly noise: boolean;
  private readonly rng: () => number;
  private readonly now: () => number;
  private readonly idleTimeoutMs: number | null;
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly clientSet = new Set<Client>();
  private readonly accountMap = new Map<string, Account>();
  private readonly callMap = new Map<string, Call>();
  private server: http.Server | null = null;
  private lastPort: number | null = null;
  private nextCall = 1;

  constructor(opts: PbxSimulatorOptions) {
    this.username = opts.username;
    this.password = opts.password;
    for (const s of opts.sessions ?? []) this.sessions.add(s);
    this.domain = opts.domain ?? "localhost";
    this.noise = opts.noise ?? false;
    this.rng = seededRandom(opts.seed ?? 1);
    this.now = opts.now ?? Date.now;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? null;
  }

  // -- lifecycle -------------------------------------------------------------------------------

  /**
   * Listens on 127.0.0.1 at `port`; without one, the port of the previous start (so a restart
   * keeps the URL), else a free port. Resolves with the port.
   */
  async start(port?: number): Promise<number> {
    if (this.server) throw new Error("PbxSimulator already started");
    const server = http.createServer((req, res) => this.onRequest(req, res));
    server.on("upgrade", (req: http.IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port ?? this.lastPort ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.lastPort = (server.address() as AddressInfo).port;
    return this.lastPort;
  }

  /**
   * Stops like a crashed PBX: every client socket is destroyed without a close frame (clients
   * see code 1006), then the listener closes. Accounts, calls and sessions are kept.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    this.disconnectClients();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Destroys every client socket abruptly but keeps listening (a network blip). */
  disconnectClients(): void {
    for (const c of this.clientSet) {
      if (c.idleTimer) clearTimeout(c.idleTimer);
      c.ws.terminate();
    }
    this.clientSet.clear();
  }

  /** The port listened on (or last listened on); null before the first start. */
  get port(): number | null {
    return this.lastPort;
  }

  /** `ws://127.0.0.1:PORT/websocket?domain=...&user=...` */
  url(domain = this.domain, user = "wallboard"): string {
    return `ws://127.0.0.1:${this.requirePort()}${WS_PATH}?domain=${encodeURIComponent(domain)}&user=${encodeURIComponent(user)}`;
  }

  /** `http://127.0.0.1:PORT` (the REST base; login at `${httpUrl}/rest/system/session`). */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.requirePort()}`;
  }

  // -- sessions --------------------------------------------------------------------------------

  /** Accepts `value` as a session cookie from now on. */
  addSession(value: string): void {
    this.sessions.add(value);
  }

  /** Forgets every session (clients must log in again; connected sockets stay up). */
  clearSessions(): void {
    this.sessions.clear();
  }

  // -- clients ---------------------------------------------------------------------------------

  /** Number of connected WebSocket clients. */
  clients(): number {
    return this.clientSet.size;
  }

  /** What each connected client subscribed to. */
  clientDetails(): SimClientInfo[] {
    return [...this.clientSet].map((c) => ({ domain: c.domain, user: c.user, domainCalls: c.domainCalls, blf: [...c.blf] }));
  }

  /** Sends `text` verbatim to every connected client (any frame, valid or not). */
  sendRaw(text: string): void {
    for (const c of this.clientSet) this.send(c, text);
  }

  // -- accounts --------------------------------------------------------------------------------

  /** Adds (or replaces) an extension; defaults: registered, not DND. Notifies subscribers. */
  addAccount(ext: string, opts: { registered?: boolean; dnd?: boolean; name?: string | null; chatstatus?: string | null } = {}): void {
    this.accountMap.set(ext, {
      account: ext,
      registered: opts.registered ?? true,
      dnd: opts.dnd ?? false,
      chatstatus: opts.chatstatus ?? null,
      name: opts.name ?? null,
    });
    this.accountChanged(ext);
  }

  /**
   * Changes an account's registration / DND / chat status and sends `user-state` to clients
   * subscribed to it by `blf` and to `domain-calls` subscribers. Unknown accounts are added.
   */
  setAccount(ext: string, patch: { registered?: boolean; dnd?: boolean; chatstatus?: string | null; name?: string | null }): void {
    const a = this.accountMap.get(ext);
    if (!a) return this.addAccount(ext, patch);
    if (patch.registered !== undefined) a.registered = patch.registered;
    if (patch.dnd !== undefined) a.dnd = patch.dnd;
    if (patch.chatstatus !== undefined) a.chatstatus = patch.chatstatus;
    if (patch.name !== undefined) a.name = patch.name;
    this.accountChanged(ext);
  }

  /** Every account as the simulator sees it now. */
  accounts(): SimAccount[] {
    return [...this.accountMap.keys()].map((ext) => this.accountView(ext));
  }

  // -- calls -----------------------------------------------------------------------------------

  /**
   * A caller enters queue `queue`: `callstate` "waiting", `to` = `queue` = the queue id.
   * `from` is sent verbatim (a number or a SIP-style party). Returns the call id.
   */
  queueCall(opts: { id?: string; from: string; queue: string; extra?: Record<string, unknown> }): string {
    const call = this.newCall(opts.id, {
      from: opts.from,
      to: opts.queue,
      callstate: "waiting",
      queue: opts.queue,
      agent: null,
      phone: null,
      dir: "in",
      extra: opts.extra ?? {},
    });
    this.callChanged(call, null);
    return call.id;
  }

  /** Offers a waiting queue call to `ext`'s phone: "ringing" with `agent` = ext. */
  ringAgent(id: string, ext: string): void {
    const call = this.call(id);
    if (call.queue === null) throw new Error(`call ${id} is not a queue call`);
    if (call.callstate !== "waiting" && call.callstate !== "ringing") throw new Error(`call ${id} is ${call.callstate}, cannot ring an agent`);
    this.update(call, () => {
      call.callstate = "ringing";
      call.agent = ext;
      call.phone = ext;
    });
  }

  /**
   * Connects a call. Queue calls: to `ext` (default: the agent it is ringing), which becomes
   * `agent`. Dial-outs: the called party answered (`ext` is ignored).
   */
  answer(id: string, ext?: string): void {
    const call = this.call(id);
    if (call.callstate === "connected" || call.callstate === "hold") throw new Error(`call ${id} is already ${call.callstate}`);
    if (call.queue !== null) {
      const agent = ext ?? call.agent;
      if (!agent) throw new Error(`call ${id}: answer needs the agent's extension`);
      this.update(call, () => {
        call.callstate = "connected";
        call.agent = agent;
        call.phone = agent;
      });
    } else {
      this.update(call, () => {
        call.callstate = "connected";
      });
    }
  }

  /** Puts a connected call on hold ("hold"). */
  hold(id: string): void {
    const call = this.call(id);
    if (call.callstate !== "connected") throw new Error(`call ${id} is ${call.callstate}, cannot hold`);
    this.update(call, () => {
      call.callstate = "hold";
    });
  }

  /** Takes a held call back ("connected"). */
  retrieve(id: string): void {
    const call = this.call(id);
    if (call.callstate !== "hold") throw new Error(`call ${id} is ${call.callstate}, cannot retrieve`);
    this.update(call, () => {
      call.callstate = "connected";
    });
  }

  /**
   * Merges extra fields into the call's frame (e.g. `{conference: true}`) and sends a
   * call-state. The fields listed in {@link SimCallFrame} always win over extras.
   */
  updateCall(id: string, extra: Record<string, unknown>): void {
    const call = this.call(id);
    this.update(call, () => {
      Object.assign(call.extra, extra);
    });
  }

  /** Ends a call: one last call-state with "disconnected", then it leaves the snapshot. */
  hangup(id: string): void {
    const call = this.call(id);
    this.update(call, () => {
      call.callstate = "disconnected";
    });
    this.callMap.delete(id);
  }

  /**
   * Forgets a call without telling anyone: no final `call-state`, it is just no longer in the
   * next `domain-state` (a PBX that stopped listing a call, or whose last frame was lost).
   */
  dropCall(id: string): void {
    this.call(id);
    this.callMap.delete(id);
  }

  /**
   * An extension dials a number: "ringing" (or straight "connected" with `connected`), `from` =
   * the extension (as `"name" <sip:EXT@domain>` when `name` is given), `to` = the number, no
   * queue. Returns the call id.
   */
  dialOut(opts: { id?: string; ext: string; to: string; name?: string; connected?: boolean; extra?: Record<string, unknown> }): string {
    const from = opts.name ? `"${opts.name.replace(/"/g, "")}" <sip:${opts.ext}@${this.domain}>` : opts.ext;
    const call = this.newCall(opts.id, {
      from,
      to: opts.to,
      callstate: opts.connected ? "connected" : "ringing",
      queue: null,
      agent: null,
      phone: opts.ext,
      dir: "out",
      extra: opts.extra ?? {},
    });
    this.callChanged(call, null);
    return call.id;
  }

  hasCall(id: string): boolean {
    return this.callMap.has(id);
  }

  /** One active call's frame, or null. */
  getCall(id: string): SimCallFrame | null {
    const call = this.callMap.get(id);
    return call ? this.callFrame(call) : null;
  }

  /** The active calls' frames, as the next `domain-state` would list them. */
  activeCalls(): SimCallFrame[] {
    return [...this.callMap.values()].map((c) => this.callFrame(c));
  }

  // -- HTTP ------------------------------------------------------------------------------------

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = new URL(req.url ?? "/", "http://pbx").pathname;
    if (path === WS_PATH) return plain(res, 426, "Upgrade Required");
    if (path !== REST_SESSION_PATH) return plain(res, 404, "Not Found");
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return plain(res, 405, "Method Not Allowed");
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        plain(res, 413, "Payload Too Large");
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return json(res, 400, { error: "body must be JSON" });
      }
      const o = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
      const name = o["name"] ?? o["username"];
      if (name !== this.username || o["password"] !== this.password) {
        this.logins.rejected++;
        return json(res, 401, { error: "invalid credentials" });
      }
      this.logins.accepted++;
      const session = randomBytes(16).toString("hex");
      this.sessions.add(session);
      res.setHeader("Set-Cookie", `session=${session}; Path=/; HttpOnly`);
      json(res, 200, { session });
    });
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://pbx");
    if (url.pathname !== WS_PATH) return this.refuse(socket, 404, "Not Found");
    const session = cookieValue(req.headers.cookie, "session");
    if (session === null || !this.sessions.has(session)) return this.refuse(socket, 401, "Unauthorized");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      // stop() may have run during the handshake.
      if (!this.server) return ws.terminate();
      this.onConnection(ws, url.searchParams.get("domain") ?? this.domain, url.searchParams.get("user"));
    });
  }

  private refuse(socket: Duplex, status: number, reason: string): void {
    this.upgradesRejected++;
    const body = `${reason}\n`;
    socket.once("finish", () => socket.destroy());
    socket.once("error", () => socket.destroy());
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  // -- WebSocket -------------------------------------------------------------------------------

  private onConnection(ws: WebSocket, domain: string, user: string | null): void {
    const c: Client = { ws, domain, user, domainCalls: false, blf: new Set(), idleTimer: null };
    this.clientSet.add(c);
    this.armIdle(c);
    ws.on("message", (data: RawData, isBinary: boolean) => {
      this.framesReceived++;
      this.armIdle(c);
      if (!isBinary) this.onClientFrame(c, rawText(data));
    });
    ws.on("close", () => this.dropClient(c));
    ws.on("error", () => this.dropClient(c));
  }

  private dropClient(c: Client): void {
    if (c.idleTimer) clearTimeout(c.idleTimer);
    this.clientSet.delete(c);
  }

  private armIdle(c: Client): void {
    if (this.idleTimeoutMs === null) return;
    if (c.idleTimer) clearTimeout(c.idleTimer);
    c.idleTimer = setTimeout(() => {
      c.ws.terminate();
      this.dropClient(c);
    }, this.idleTimeoutMs);
    c.idleTimer.unref();
  }

  private onClientFrame(c: Client, text: string): void {
    let o: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v !== "object" || v === null || Array.isArray(v)) return;
      o = v as Record<string, unknown>;
    } catch {
      return;
    }
    switch (o["action"]) {
      case "domain-calls":
        this.domainCallsReceived++;
        c.domainCalls = true;
        this.send(c, this.domainStateFrame());
        return;
      case "blf": {
        for (const ext of extList(o["remove"])) c.blf.delete(ext);
        for (const ext of extList(o["add"])) {
          c.blf.add(ext);
          this.send(c, this.userStateFrame(ext, c.domain));
        }
        return;
      }
      case "avoid-disconnect":
        this.keepAlivesReceived++;
        return;
      default:
        return;
    }
  }

  private send(c: Client, frame: object | string): void {
    if (c.ws.readyState !== WebSocket.OPEN) return;
    if (this.noise) this.maybeNoise(c);
    c.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    this.framesSent++;
  }

  private maybeNoise(c: Client): void {
    const r = this.rng();
    let text: string | null = null;
    if (r < 0.12) text = this.pick(SIGNALLING_SAMPLES);
    else if (r < 0.16) text = this.pick(OTHER_ACTION_SAMPLES);
    else if (r < 0.19) text = this.pick(MALFORMED_SAMPLES);
    if (text === null) return;
    c.ws.send(text);
    this.framesSent++;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rng() * items.length)]!;
  }

  // -- state changes ---------------------------------------------------------------------------

  private accountChanged(ext: string): void {
    for (const c of this.clientSet) {
      if (c.domainCalls || c.blf.has(ext)) this.send(c, this.userStateFrame(ext, c.domain));
    }
  }

  /** Runs `change` on a call, then tells the clients (call-state, and BLF lamps that moved). */
  private update(call: Call, change: () => void): void {
    const before = call.phone;
    const lampBefore = before === null ? null : this.lamp(before);
    change();
    this.callChanged(call, before === null ? null : { ext: before, lamp: lampBefore! });
  }

  private callChanged(call: Call, previous: { ext: string; lamp: SimAccount["state"] } | null): void {
    const frame = this.callFrame(call);
    // A "disconnected" call is still in the map until hangup() returns: leave it out of lamps.
    const ended = call.callstate === "disconnected";
    for (const c of this.clientSet) {
      if (c.domainCalls) this.send(c, { action: "call-state", calls: this.noise && this.rng() < 0.3 ? frame : [frame] });
    }
    const exts = new Set<string>();
    if (previous) exts.add(previous.ext);
    if (call.phone !== null) exts.add(call.phone);
    for (const ext of exts) {
      const lampNow = this.lamp(ext, ended ? call.id : null);
      const lampThen = previous && previous.ext === ext ? previous.lamp : this.lamp(ext, call.id);
      if (lampNow === lampThen) continue;
      // Lamps are what BLF is for; domain subscribers already got the call-state.
      for (const c of this.clientSet) if (c.blf.has(ext)) this.send(c, this.userStateFrame(ext, c.domain, ended ? call.id : null));
    }
  }

  private lamp(ext: string, excluding: string | null = null): SimAccount["state"] {
    let state: SimAccount["state"] = "idle";
    for (const call of this.callMap.values()) {
      if (call.phone !== ext || call.id === excluding) continue;
      if (call.callstate === "connected" || call.callstate === "hold") return "busy";
      if (call.callstate === "ringing") state = "ringing";
    }
    return state;
  }

  private newCall(id: string | undefined, fields: Omit<Call, "id" | "startMs" | "codec">): Call {
    let callId = id;
    if (callId === undefined) {
      do callId = `sim-${this.nextCall++}`;
      while (this.callMap.has(callId));
    }
    if (this.callMap.has(callId)) throw new Error(`call ${callId} already exists`);
    const call: Call = { id: callId, startMs: this.now(), codec: this.callMap.size % 3 === 0 ? "PCMU" : "opus", ...fields, extra: { ...fields.extra } };
    this.callMap.set(callId, call);
    return call;
  }

  private call(id: string): Call {
    const call = this.callMap.get(id);
    if (!call) throw new Error(`no active call ${id}`);
    return call;
  }

  private requirePort(): number {
    if (this.lastPort === null) throw new Error("PbxSimulator not started yet");
    return this.lastPort;
  }

  // -- frames ----------------------------------------------------------------------------------

  private callFrame(call: Call): SimCallFrame {
    return {
      ...call.extra,
      id: call.id,
      from: call.from,
      to: call.to,
      callstate: call.callstate,
      ...(call.queue !== null ? { queue: call.queue } : {}),
      ...(call.agent !== null ? { agent: call.agent } : {}),
      dir: call.dir,
      start: Math.floor(call.startMs / 1000),
      codec: call.codec,
    };
  }

  private accountView(ext: string, excludingCall: string | null = null): SimAccount {
    const a = this.accountMap.get(ext);
    const registered = a?.registered ?? false;
    const dnd = a?.dnd ?? false;
    return {
      account: ext,
      registered,
      dnd,
      chatstatus: a?.chatstatus ?? (!registered ? "offline" : dnd ? "busy" : "online"),
      name: a?.name ?? null,
      state: this.lamp(ext, excludingCall),
    };
  }

  private accountFrame(ext: string, domain: string, excludingCall: string | null = null): Record<string, unknown> {
    const v = this.accountView(ext, excludingCall);
    return {
      account: v.account,
      type: "extensions",
      domain,
      ...(v.name !== null ? { name: v.name } : {}),
      registered: this.flag(v.registered),
      dnd: this.flag(v.dnd),
      chatstatus: v.chatstatus,
      state: v.state,
    };
  }

  private userStateFrame(ext: string, domain: string, excludingCall: string | null = null): Record<string, unknown> {
    return { action: "user-state", ...this.accountFrame(ext, domain, excludingCall) };
  }

  private domainStateFrame(): Record<string, unknown> {
    return {
      action: "domain-state",
      accounts: [...this.accountMap.keys()].map((ext) => this.accountFrame(ext, this.domain)),
      calls: this.activeCalls(),
      messages: 0,
    };
  }

  /** A boolean as sent: plain, or with `noise` one of the spellings the parser accepts. */
  private flag(v: boolean): unknown {
    if (!this.noise) return v;
    const r = this.rng();
    if (r < 0.55) return v;
    if (r < 0.7) return String(v);
    if (r < 0.85) return v ? "yes" : "no";
    return v ? 1 : 0;
  }
}

// ---------------------------------------------------------------------------------------------

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain", Connection: "close" });
  res.end(`${text}\n`);
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

/** The value of cookie `name` in a Cookie header, or null. */
function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** `["500","502"]`, `"500,502"` or `500` → ["500", "502"]. */
function extList(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === "string" ? v.split(",") : typeof v === "number" ? [v] : [];
  return items.map((x) => (typeof x === "number" ? String(x) : typeof x === "string" ? x.trim() : "")).filter((x) => x !== "");
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}
