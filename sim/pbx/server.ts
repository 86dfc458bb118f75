/**
 * A small Vodia-PBX look-alike for tests and the demo: it serves the PBX's world
 * (sim/pbx/world.ts, which it extends: accounts and calls are driven through this class) over
 * the PBX's WebSocket protocol (shared/seeds/001, DOMAIN.md §4) on a real socket, so the
 * wallboard's PBX client can be run against it unchanged; `noise: true` adds the stray frames
 * and odd spellings of sim/pbx/noise.ts.
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
 * Frames sent (the shapes lib/sources/vodia/frames.ts documents and parses):
 * - `domain-state` `{action, accounts: AccountFrame[], calls: CallFrame[], messages: 0}`.
 * - `user-state` `{action, type:"extensions", account, domain, registered, dnd, chatstatus,
 *   state: "idle"|"ringing"|"busy", name?}`.
 * - `call-state` `{action, calls: [CallFrame]}` (with `noise`, sometimes a bare object).
 * - Call frames as sim/pbx/world.ts describes them ({@link SimCallFrame}); `dir`, `start` and
 *   `codec` are there to exercise tolerance of unknown fields.
 *
 * The accounts and calls are "the PBX's world": they survive {@link PbxSimulator.stop} /
 * {@link PbxSimulator.start}, so a reconnecting client resynchronises from a fresh
 * `domain-state`, as it would after a real PBX restart with calls still up on the phones.
 */
import http from "node:http";
import { randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer, type RawData } from "ws";
import { LoopbackListener } from "../shared/http";
import { PbxNoise } from "./noise";
import { PbxWorld, type PbxWorldOptions, type SimCallFrame } from "./world";
import { parseJsonObject } from "../../lib/sources/link/json-object";

export interface PbxSimulatorOptions extends PbxWorldOptions {
  /** Credentials accepted by `POST /rest/system/session`. */
  username: string;
  password: string;
  /** Session cookie values accepted from the start (as with a PBX_SESSION configured by hand). */
  sessions?: readonly string[];
  /**
   * Interleave WebRTC signalling frames (`{"candidate":...}`, `{"sdp":...}`, `{"bye":...}`),
   * frames with unknown actions, the occasional text that is not a JSON object, booleans as
   * "true"/"yes"/1, and `call-state.calls` as a bare object — all things a tolerant client
   * must cope with. Default false.
   */
  noise?: boolean;
  /** Seed of the noise PRNG (deterministic frame sequence per seed); default 1. */
  seed?: number;
  /**
   * Terminate a client that sent nothing (no keep-alive) for this many ms, as a PBX dropping
   * idle sockets would. Default: never.
   */
  idleTimeoutMs?: number;
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

/**
 * The simulator. `await sim.start()` then point a client at {@link url} after logging in at
 * {@link httpUrl} (or with a cookie from {@link addSession}); drive calls with the imperative
 * methods. Call methods throw on an unknown call id or a call in the wrong state (test mistakes
 * should be loud); use {@link hasCall} to check first.
 */
export class PbxSimulator extends PbxWorld {
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
  private readonly noise: PbxNoise | null;
  private readonly idleTimeoutMs: number | null;
  private readonly wss = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly clientSet = new Set<Client>();
  private readonly listener = new LoopbackListener("PbxSimulator", {
    request: (req, res) => this.onRequest(req, res),
    upgrade: (req, socket, head) => this.onUpgrade(req, socket, head),
  });

  constructor(opts: PbxSimulatorOptions) {
    super(opts);
    this.username = opts.username;
    this.password = opts.password;
    for (const s of opts.sessions ?? []) this.sessions.add(s);
    this.noise = opts.noise ? new PbxNoise(opts.seed ?? 1) : null;
    this.idleTimeoutMs = opts.idleTimeoutMs ?? null;
  }

  // -- lifecycle -------------------------------------------------------------------------------

  /**
   * Listens on 127.0.0.1 at `port`; without one, the port of the previous start (so a restart
   * keeps the URL), else a free port. Resolves with the port.
   */
  start(port?: number): Promise<number> {
    return this.listener.start(port);
  }

  /**
   * Stops like a crashed PBX: every client socket is destroyed without a close frame (clients
   * see code 1006), then the listener closes. Accounts, calls and sessions are kept.
   */
  stop(): Promise<void> {
    return this.listener.stop(() => this.disconnectClients());
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
    return this.listener.port;
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
      if (!this.listener.listening) return ws.terminate();
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
    // A frame that is not a JSON object is ignored (no answer, the connection stays).
    const parsed = parseJsonObject(text);
    if (!parsed.ok) return;
    const o = parsed.value;
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
    const stray = this.noise?.strayFrame() ?? null;
    if (stray !== null) {
      c.ws.send(stray);
      this.framesSent++;
    }
    c.ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    this.framesSent++;
  }

  // -- world changes, told to the clients ------------------------------------------------------

  protected override accountChanged(ext: string): void {
    for (const c of this.clientSet) {
      if (c.domainCalls || c.blf.has(ext)) this.send(c, this.userStateFrame(ext, c.domain));
    }
  }

  protected override callChanged(frame: SimCallFrame, lampsMoved: readonly string[], endedCallId: string | null): void {
    for (const c of this.clientSet) {
      if (c.domainCalls) this.send(c, { action: "call-state", calls: this.noise ? this.noise.calls(frame) : [frame] });
    }
    // Lamps are what BLF is for; domain subscribers already got the call-state.
    for (const ext of lampsMoved) {
      for (const c of this.clientSet) if (c.blf.has(ext)) this.send(c, this.userStateFrame(ext, c.domain, endedCallId));
    }
  }

  private requirePort(): number {
    const port = this.listener.port;
    if (port === null) throw new Error("PbxSimulator not started yet");
    return port;
  }

  // -- frames ----------------------------------------------------------------------------------

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
      accounts: this.accountIds().map((ext) => this.accountFrame(ext, this.domain)),
      calls: this.activeCalls(),
      messages: 0,
    };
  }

  /** A boolean as sent: plain, or with `noise` one of the spellings the parser accepts. */
  private flag(v: boolean): unknown {
    return this.noise ? this.noise.flag(v) : v;
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
