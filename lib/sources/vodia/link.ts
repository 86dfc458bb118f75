/**
 * Source: a Vodia PBX WebSocket (DOMAIN.md section 4, shared/seeds/001). One instance per
 * configured connection.
 *
 * - Authenticates the handshake with the PBX web session cookie (`session=...`): the given
 *   one, or one obtained by `POST /rest/system/session` with `{ name, password }` (the
 *   session comes back as a `session` cookie or as `{ "session": ... }`).
 * - After connecting sends `{"action":"domain-calls"}` and `{"action":"blf","add":[...]}`
 *   for the roster's extensions, then `{"action":"avoid-disconnect"}` every keep-alive period.
 * - Resync: sends `{"action":"domain-calls"}` again every `resyncMs`. Vodia documents
 *   `domain-calls` as the bootstrap request that "subscribes to tenant-wide call state"
 *   (doc.vodia.com/docs/websocket-reference, quick reference) and `domain-state` as the frame
 *   that lists the tenant's accounts and calls (doc.vodia.com/docs/websocket); whether each
 *   `call-state` lists every call or only the changed ones is not documented. Our simulator
 *   (sim/pbx/server.ts) answers every `domain-calls` with a full `domain-state`, and the
 *   sink treats each `domain-state` as the complete list of calls in progress (a call the PBX
 *   stopped listing without a final `call-state` is ended then, not kept waiting forever).
 * - Reconnects by itself with capped exponential backoff and full jitter; a WebSocket ping
 *   every 5 s detects a silent link within 10 s, a closed socket at once.
 * - Hands every frame (text, receive time on the server clock) to its sink, in order. Never
 *   throws on bad frames: parsing is the sink's concern and it is tolerant.
 */
import WebSocket from "ws";
import type { PbxLinkStatus } from "../../realtime/contract";

import type { VodiaConfig } from "./config";

/** A connection as the link takes it (./config.ts). */
export type PbxConnectionConfig = VodiaConfig;

export interface VodiaPbxOptions {
  keepAliveMs: number;
  /** ms between `domain-calls` snapshot requests while the link is up (PBX_RESYNC_SEC). */
  resyncMs: number;
  /**
   * Largest message accepted from the PBX, bytes (PBX_MAX_FRAME_BYTES; the `ws` default would
   * be 100 MiB). A larger one closes the link (code 1009, "Max payload size exceeded" as its
   * last error) and it reconnects as after any failure.
   */
  maxFrameBytes: number;
  /** Extensions to watch with `blf` (the roster's). */
  extensions: () => string[];
  now: () => number;
  onFrame: (text: string, receivedAt: number) => void;
  onStatus: (status: PbxLinkStatus) => void;
  onLinkUp?: () => void;
  log?: (msg: string, detail?: Record<string, unknown>) => void;
  /** Backoff bounds, ms. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

const PING_MS = 5_000;

export class VodiaPbxSource {
  readonly kind = "vodia-pbx" as const;
  private ws: WebSocket | null = null;
  private session: string | null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private keepAliveTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;
  private readonly state: PbxLinkStatus;

  constructor(
    private readonly config: PbxConnectionConfig,
    private readonly options: VodiaPbxOptions,
  ) {
    this.session = config.session ?? null;
    this.state = { name: config.name, url: redact(config.url), state: "connecting", since: options.now(), lastFrameAt: null, reconnects: 0, lastError: null, malformedFrames: 0 };
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.clearTimers();
    this.ws?.terminate();
    this.ws = null;
  }

  status(): PbxLinkStatus {
    return { ...this.state };
  }

  /** Counts a frame the sink could not parse (shown on the admin status). */
  countMalformed(): void {
    this.state.malformedFrames++;
  }

  /** Re-sends the blf subscription (e.g. after the roster changed). */
  refreshBlf(): void {
    const add = this.options.extensions();
    if (add.length && this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ action: "blf", add }));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.session) this.session = await this.login();
    } catch (err) {
      return this.fail((err as Error).message);
    }
    const ws = new WebSocket(this.config.url, { headers: { cookie: `session=${this.session}` }, handshakeTimeout: 10_000, maxPayload: this.options.maxFrameBytes });
    this.ws = ws;
    ws.on("open", () => {
      this.attempt = 0;
      this.setState("up", null);
      this.options.onLinkUp?.();
      ws.send(JSON.stringify({ action: "domain-calls" }));
      this.refreshBlf();
      this.keepAliveTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ action: "avoid-disconnect" })), this.options.keepAliveMs);
      this.resyncTimer = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ action: "domain-calls" })), this.options.resyncMs);
      this.pingTimer = setInterval(() => {
        if (this.awaitingPong) return ws.terminate();
        this.awaitingPong = true;
        ws.ping();
      }, PING_MS);
    });
    ws.on("pong", () => (this.awaitingPong = false));
    ws.on("message", (data, isBinary) => {
      const receivedAt = this.options.now();
      this.state.lastFrameAt = receivedAt;
      this.awaitingPong = false;
      if (isBinary) return this.countMalformed();
      this.options.onFrame(data.toString(), receivedAt);
    });
    ws.on("unexpected-response", (_req, res) => {
      // A refused handshake usually means the session expired: log in again next time.
      if (res.statusCode === 401 || res.statusCode === 403) this.session = this.config.session && !this.config.username ? this.session : null;
      ws.terminate();
      this.fail(`handshake refused: HTTP ${res.statusCode}`);
    });
    ws.on("error", (err) => this.fail(err.message));
    ws.on("close", () => this.fail("connection closed"));
  }

  private fail(reason: string): void {
    if (this.ws) {
      this.ws.removeAllListeners();
      this.ws.on("error", () => {});
      this.ws.terminate();
      this.ws = null;
    }
    this.clearTimers();
    if (this.state.state === "up") this.state.reconnects++;
    if (this.state.state !== "down") this.setState("down", reason);
    else this.state.lastError = reason;
    if (this.stopped || this.retryTimer) return;
    const min = this.options.minBackoffMs ?? 500;
    const max = this.options.maxBackoffMs ?? 30_000;
    const delay = Math.random() * Math.min(max, min * 2 ** this.attempt++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, Math.max(min / 2, delay));
  }

  private async login(): Promise<string> {
    const { username, password } = this.config;
    if (!username || !password) throw new Error("no PBX session and no credentials");
    const ws = new URL(this.config.url);
    const http = `${ws.protocol === "wss:" ? "https:" : "http:"}//${ws.host}/rest/system/session`;
    const res = await fetch(http, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: username, password }), signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`PBX login refused: HTTP ${res.status}`);
    const cookie = res.headers.getSetCookie().map((c) => /^session=([^;]+)/.exec(c)?.[1]).find(Boolean);
    if (cookie) return cookie;
    const body = (await res.json().catch(() => null)) as { session?: unknown } | string | null;
    const session = typeof body === "string" ? body : typeof body?.session === "string" ? body.session : null;
    if (!session) throw new Error("PBX login answered without a session");
    return session;
  }

  private setState(state: PbxLinkStatus["state"], error: string | null): void {
    this.state.state = state;
    this.state.since = this.options.now();
    if (error !== null) this.state.lastError = error;
    this.options.log?.(`PBX ${this.config.name} ${state}`, error ? { error } : undefined);
    this.options.onStatus(this.status());
  }

  private clearTimers(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.keepAliveTimer = this.resyncTimer = this.pingTimer = null;
    this.awaitingPong = false;
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url;
  }
}
