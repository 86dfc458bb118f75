/**
 * The XiVO XuC CTI link: signs in, holds the WebSocket, sends the supervision commands, keeps
 * the heartbeat, throttles what it sends, reconnects, and turns every frame into neutral
 * events (adapter.ts) for its sink. One instance per configured XuC.
 *
 * Protocol (sources in wire.ts):
 * - Sign-in `POST <url>/xuc/api/2.0/auth/login` `{"login","password"}` → `{login, token, TTL}`
 *   or `{error, message}` (XiVO docs, api_sdk/xuc/api/rest "Obtain authentication token").
 *   TTL is read as seconds (the docs give no unit; XuC tokens last hours). The token is renewed
 *   by signing in again when `renewAtFraction` of the TTL has passed; the open socket is not
 *   touched (it was authenticated at the handshake), the next connection uses the new token.
 * - WebSocket `ws(s)://<host>/xuc/api/2.0/cti?token=TOKEN` (Developers Guide, seed 002).
 * - After `LoggedOn` (or `loggedOnGraceMs` without it) the link is up and sends, through the
 *   throttle: getList agent, getList queue, getList queuemember, getAgentStates,
 *   subscribeToAgentEvents (the CCManager XucAgent start order); after the first QueueList,
 *   subscribeToQueueStats (CCManager XucQueue onQueueList) and subscribeToQueueCalls for each
 *   queue, and for each queue added later.
 * - Heartbeat `{"claz":"ping"}` every `heartbeatMs`; the link is lost when `missedHeartbeats`
 *   were sent with no frame in between (cti.js: 5 s, closes after 3). We also send an RFC 6455
 *   ping with each heartbeat and count its pong as an answer, so a quiet XuC that does not
 *   echo our heartbeat is not dropped; a silent or frozen TCP path still is.
 * - `LoggedOnError` ends the attempt: XuC closes the socket right after it; the reason is
 *   the status' lastError and the token is dropped, so the next attempt signs in again.
 * - XuC's throttle error pauses our sending (throttle.ts); the link stays up.
 * - A malformed frame is counted and logged (truncated); the link stays up.
 *
 * Bounds: WebSocket maxPayload (`maxFrameBytes`), handshake and sign-in timeouts
 * (`requestTimeoutMs`), sign-in body ≤ 64 KiB, the throttle queue, the adapter's maps
 * (adapter.ts DEFAULT_XUC_LIMITS), queue-call subscriptions ≤ maxQueues.
 */
import WebSocket from "ws";
import { excerpt, isObject } from "../link/json-object";
import { LinkBase, discardSocket, fetchWithTimeout, messageText, readBody, type LinkDeps } from "../link/link-base";
import { httpUrl, redactUrl, wsUrl } from "../link/redact";
import type { TimerHandle } from "../link/timers";
import { applyXucFrame, DEFAULT_XUC_LIMITS, emptyXucKnowledge, type XucKnowledge, type XucLimits } from "./adapter";
import type { XucConfig } from "./config";
import { OutgoingThrottle } from "./throttle";
import { parseXucFrame, XUC_PING, xucCommand, type XucFrame } from "./wire";

const LOGIN_PATH = "xuc/api/2.0/auth/login";
const CTI_PATH = "xuc/api/2.0/cti";
const MAX_LOGIN_BODY = 64 * 1024;
/** Renewal is never scheduled sooner than this after a sign-in, ms. */
const MIN_RENEW_MS = 1_000;

export interface XucLinkDeps extends LinkDeps {
  limits?: XucLimits;
}

export class XucLink extends LinkBase {
  private ws: WebSocket | null = null;
  /** ms, server clock; null when the TTL is unknown. */
  private heartbeatTimer: TimerHandle | null = null;
  private loggedOnTimer: TimerHandle | null = null;
  private missed = 0;
  private ready = false;
  private knowledgeValue: XucKnowledge = emptyXucKnowledge();
  private queueCallSubscriptions = new Set<string>();
  private statsSubscribed = false;
  private readonly throttle: OutgoingThrottle;
  private readonly limits: XucLimits;

  constructor(
    private readonly config: XucConfig,
    deps: XucLinkDeps,
  ) {
    super(config.name, "xuc", redactUrl(config.url), deps, config.backoff);
    this.limits = deps.limits ?? DEFAULT_XUC_LIMITS;
    this.throttle = new OutgoingThrottle(config.throttle, (text) => this.sendNow(text), this.clock);
  }

  /** What the link knows now (agents, queues, counters...), for the admin page and tests. */
  knowledge(): XucKnowledge {
    return this.knowledgeValue;
  }

  /** Messages sent, delayed and dropped by our throttle. */
  throttleStats(): { sent: number; delayed: number; dropped: number; queued: number } {
    return { sent: this.throttle.sent, delayed: this.throttle.delayed, dropped: this.throttle.dropped, queued: this.throttle.queued };
  }

  // -- connection ------------------------------------------------------------------------------

  protected async connect(): Promise<void> {
    const token = await this.startAttempt(() => this.ensureToken());
    if (token === null) return;
    const url = wsUrl(this.config.url, CTI_PATH, { token });
    const ws = this.createSocket(url, { maxPayload: this.config.maxFrameBytes, handshakeTimeout: this.config.requestTimeoutMs, perMessageDeflate: false });
    this.ws = ws;
    this.ready = false;
    this.missed = 0;
    this.knowledgeValue = emptyXucKnowledge();
    this.queueCallSubscriptions = new Set();
    this.statsSubscribed = false;
    ws.on("open", () => {
      this.scheduleHeartbeat();
      this.loggedOnTimer = this.clock.setTimeout(() => {
        this.loggedOnTimer = null;
        this.count("loggedOnGraceExpired");
        this.becomeReady();
      }, this.config.loggedOnGraceMs);
    });
    ws.on("message", (data, isBinary) => {
      const at = this.clock.now();
      this.frameReceived(at);
      this.missed = 0;
      if (isBinary) {
        this.statusValue.malformedFrames++;
        return;
      }
      const text = messageText(data);
      this.rawFrame(text, at);
      this.handle(parseXucFrame(text), text, at);
    });
    ws.on("pong", () => (this.missed = 0));
    ws.on("unexpected-response", (_req, res) => {
      // A refused handshake usually means the token is no longer valid: sign in again next time.
      if (res.statusCode === 401 || res.statusCode === 403) this.dropToken();
      this.fail(`handshake refused: HTTP ${res.statusCode ?? "?"}`);
    });
    ws.on("error", (err) => this.fail(`WebSocket error: ${err.message}`));
    ws.on("close", (code, reason) => this.fail(`connection closed (${code}${reason.length ? ` ${reason.toString("utf8").slice(0, 100)}` : ""})`));
  }

  private becomeReady(): void {
    if (this.ready || !this.ws) return;
    this.ready = true;
    if (this.loggedOnTimer) this.clock.clearTimeout(this.loggedOnTimer);
    this.loggedOnTimer = null;
    this.attempt = 0;
    this.setState("up");
    for (const objectType of ["agent", "queue", "queuemember"]) this.throttle.enqueue(xucCommand("getList", { objectType }));
    this.throttle.enqueue(xucCommand("getAgentStates"));
    this.throttle.enqueue(xucCommand("subscribeToAgentEvents"));
  }

  private handle(frame: XucFrame, text: string, at: number): void {
    switch (frame.kind) {
      case "malformed":
        this.statusValue.malformedFrames++;
        this.deps.log?.warn({ reason: frame.reason, frame: excerpt(text) }, `XuC ${this.config.name}: malformed frame`);
        return;
      case "logged-on":
        this.becomeReady();
        return;
      case "logged-on-error":
        // XuC closes the socket right after this (docs, LoggedOnError): end the attempt here.
        this.count("loggedOnErrors");
        this.dropToken();
        return this.fail(`LoggedOnError: ${frame.reason}`);
      case "error":
        if (frame.throttled) {
          this.count("serverThrottleErrors");
          this.throttle.serverThrottled();
        } else this.count("serverErrors");
        this.noteError(`XuC Error: ${frame.message}`);
        return;
      default:
        break;
    }
    const result = applyXucFrame(this.knowledgeValue, frame, { source: this.config.name, receivedAt: at, limits: this.limits });
    this.knowledgeValue = result.knowledge;
    for (const w of result.warnings) {
      this.count("warnings");
      this.deps.log?.warn({}, `XuC ${this.config.name}: ${w}`);
    }
    if (result.events.some((e) => e.type === "resync")) this.count("resyncs");
    this.emit(result.events);
    if (frame.kind === "queue-config") this.subscribeQueues(frame.list);
  }

  /** After QueueList: queue statistics once, and the waiting calls of every queue not yet subscribed. */
  private subscribeQueues(list: boolean): void {
    if (list && !this.statsSubscribed) {
      this.statsSubscribed = true;
      this.throttle.enqueue(xucCommand("subscribeToQueueStats"));
    }
    for (const id of this.knowledgeValue.queues.keys()) {
      if (this.queueCallSubscriptions.has(id) || this.queueCallSubscriptions.size >= this.limits.maxQueues) continue;
      this.queueCallSubscriptions.add(id);
      // cti.js sends the queue id as given; XuC's ids are integers.
      this.throttle.enqueue(xucCommand("subscribeToQueueCalls", { queueId: /^\d+$/.test(id) ? Number(id) : id }));
    }
  }

  private sendNow(text: string): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    this.ws.send(text);
    this.count("messagesSent");
  }

  // -- heartbeat -------------------------------------------------------------------------------

  private scheduleHeartbeat(): void {
    this.heartbeatTimer = this.clock.setTimeout(() => {
      this.heartbeatTimer = null;
      const ws = this.ws;
      if (!ws || ws.readyState !== WebSocket.OPEN) return;
      if (this.missed >= this.config.missedHeartbeats) {
        this.count("heartbeatLosses");
        return this.fail(`heartbeat lost: ${this.missed} heartbeats without an answer`);
      }
      this.throttle.enqueue(XUC_PING, true);
      try {
        ws.ping();
      } catch {
        // the close event follows
      }
      this.missed++;
      this.count("heartbeatsSent");
      this.scheduleHeartbeat();
    }, this.config.heartbeatMs);
  }

  // -- sign-in ---------------------------------------------------------------------------------

  private async ensureToken(): Promise<string> {
    if (this.token && (this.tokenExpiresAt === null || this.clock.now() < this.tokenExpiresAt - MIN_RENEW_MS)) return this.token;
    return this.signIn();
  }

  private async signIn(): Promise<string> {
    const url = httpUrl(this.config.url, LOGIN_PATH);
    let res: Response;
    try {
      res = await fetchWithTimeout(this.fetchFn, url, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ login: this.config.login, password: this.config.password }) }, this.config.requestTimeoutMs);
    } catch (err) {
      throw new Error(`sign-in failed: ${(err as Error).message}`);
    }
    let body: unknown = null;
    try {
      body = JSON.parse(await readBody(res, MAX_LOGIN_BODY));
    } catch {
      body = null;
    }
    if (!res.ok) {
      // XuC answers {error, message}; error is InvalidCredentials, InvalidJson or UnhandledError.
      const detail = isObject(body) ? [body["error"], body["message"]].filter((x) => typeof x === "string" && x !== "").join(": ") : "";
      throw new Error(`sign-in refused: HTTP ${res.status}${detail ? ` ${detail}` : ""}`);
    }
    const token = isObject(body) && typeof body["token"] === "string" && body["token"] !== "" ? body["token"] : null;
    if (!token) throw new Error("sign-in answered without a token");
    const ttlSec = isObject(body) ? Number(body["TTL"] ?? body["ttl"]) : NaN;
    const now = this.clock.now();
    this.token = token;
    this.tokenExpiresAt = Number.isFinite(ttlSec) && ttlSec > 0 ? now + ttlSec * 1000 : null;
    this.count("signIns");
    this.scheduleRenewal(Number.isFinite(ttlSec) && ttlSec > 0 ? ttlSec * 1000 : null);
    return token;
  }

  private scheduleRenewal(ttlMs: number | null): void {
    if (this.renewTimer) this.clock.clearTimeout(this.renewTimer);
    this.renewTimer = null;
    if (ttlMs === null || this.stopped) return;
    this.renewTimer = this.clock.setTimeout(() => {
      this.renewTimer = null;
      if (this.stopped) return;
      this.signIn().then(
        () => this.count("tokenRenewals"),
        (err: Error) => {
          this.noteError(`token renewal failed: ${err.message}`);
          // Try again later, but before the old token runs out if we can.
          const left = this.tokenExpiresAt === null ? null : this.tokenExpiresAt - this.clock.now();
          this.scheduleRenewal(left !== null && left > 2 * MIN_RENEW_MS ? left : null);
        },
      );
    }, Math.max(MIN_RENEW_MS, ttlMs * this.config.renewAtFraction));
  }

  // -- teardown (start, stop and fail: LinkBase) ----------------------------------------------

  protected teardown(): void {
    discardSocket(this.ws);
    this.ws = null;
    this.ready = false;
    this.throttle.clear();
    if (this.heartbeatTimer) this.clock.clearTimeout(this.heartbeatTimer);
    if (this.loggedOnTimer) this.clock.clearTimeout(this.loggedOnTimer);
    this.heartbeatTimer = this.loggedOnTimer = null;
    this.missed = 0;
  }
}
