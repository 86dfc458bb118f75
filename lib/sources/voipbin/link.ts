/**
 * The VoIPBin link: signs in (or uses an access key), holds the WebSocket, subscribes, rebuilds
 * its picture from REST at start and after every reconnect, drops doubled frames, refreshes the
 * queues, reconnects, and hands neutral events (adapter.ts) to its sink. One per configured
 * VoIPBin customer.
 *
 * Protocol (sources in wire.ts and rest.ts):
 * - WebSocket `ws(s)://<host>/v1.0/ws?token=TOKEN` (or `?accesskey=KEY`), then
 *   `{"type":"subscribe","topics":["customer_id:<id>:agent", "customer_id:<id>:queuecall",
 *   "customer_id:<id>:call"]}`. Topics are prefixes; there is no acknowledgement; a topic the
 *   account may not see makes VoIPBin close the socket (bin-api-manager/pkg/websockhandler/
 *   subscription.go subscriptionHandleMessage returns the validateTopics error, which ends the
 *   connection). When the socket closes within 3 s of our subscribe, lastError says so.
 * - VoIPBin pings every 10 s and drops a client silent for 60 s (subscription.go pingPeriod,
 *   pongWait); `ws` answers pings itself. We declare the link lost after `silenceMs` without a
 *   frame or a ping.
 * - Nothing is replayed on subscribe, and a slow subscriber's events are dropped by VoIPBin
 *   (pubsubhandler/subscriber.go deliver: "When the buffer is full the message is dropped"),
 *   so after subscribing (and after every reconnect) the link reads GET /v1.0/agents, /queues
 *   and /queuecalls; live events that arrive meanwhile are buffered (bounded) and applied
 *   after the snapshot. The link is "up" once that resync is done.
 * - The same event arrives twice (published under two topic forms): an identical frame text
 *   within `duplicateWindowMs` is dropped and counted; the adapter is idempotent as well.
 * - Queue changes never come over the WebSocket: queues are re-read every `queueRefreshMs`,
 *   and soon after a live queue call names a queue call id no known queue lists.
 * - A malformed frame is counted and logged (truncated); the link stays up.
 *
 * Bounds: WebSocket maxPayload, REST body size and timeouts, pages per list, the resync
 * buffer, the duplicate memory, the adapter's maps (adapter.ts DEFAULT_VOIPBIN_LIMITS).
 */
import WebSocket from "ws";
import { excerpt } from "../link/json-object";
import { LinkBase, discardSocket, messageText, type LinkDeps } from "../link/link-base";
import { RecentTexts } from "../link/recent-texts";
import { redactUrl, wsUrl } from "../link/redact";
import type { TimerHandle } from "../link/timers";
import { applyVoipbinEvent, applyVoipbinQueues, applyVoipbinSnapshot, DEFAULT_VOIPBIN_LIMITS, emptyVoipbinKnowledge, forgetCalls, type VoipbinApplyResult, type VoipbinKnowledge, type VoipbinLimits } from "./adapter";
import type { VoipbinConfig } from "./config";
import { listAll, voipbinSignIn, VoipbinHttpError, type RestOptions, type VoipbinAuth } from "./rest";
import { parseVoipbinFrame, subscribeFrame, type VbResource } from "./wire";

/** A close this soon after our subscribe, with nothing received since, is most likely VoIPBin refusing a topic, ms. */
const SUBSCRIBE_REFUSAL_WINDOW_MS = 3_000;
/** Queue-call ids for which a queue refresh was already asked, remembered at most. */
const MAX_REFRESH_ASKED = 10_000;

export interface VoipbinLinkDeps extends LinkDeps {
  limits?: VoipbinLimits;
}

interface Buffered {
  res: VbResource;
  eventType: string | null;
  at: number;
}

export class VoipbinLink extends LinkBase {
  private ws: WebSocket | null = null;
  private silenceTimer: TimerHandle | null = null;
  private queueTimer: TimerHandle | null = null;
  private queueRefreshSoon: TimerHandle | null = null;
  private queueRefreshing = false;
  private lastQueueRefreshAt = 0;
  private readonly refreshAsked = new Set<string>();
  private knowledgeValue: VoipbinKnowledge = emptyVoipbinKnowledge();
  /** Bumped at every new connection and teardown: async work of an older one is ignored. */
  private generation = 0;
  private resyncing = false;
  private buffer: Buffered[] = [];
  private bufferOverflowed = false;
  private subscribedAt: number | null = null;
  /** A frame or ping arrived since our subscribe (then a close is not a refused topic). */
  private heardSinceSubscribe = false;
  private readonly recent: RecentTexts;
  private readonly limits: VoipbinLimits;
  private readonly rest: RestOptions;

  constructor(
    private readonly config: VoipbinConfig,
    deps: VoipbinLinkDeps,
  ) {
    super(config.name, "voipbin", redactUrl(config.url), deps, config.backoff);
    this.limits = deps.limits ?? DEFAULT_VOIPBIN_LIMITS;
    this.recent = new RecentTexts(config.duplicateMemory, config.duplicateWindowMs);
    this.rest = { baseUrl: config.url, fetchFn: this.fetchFn, timeoutMs: config.requestTimeoutMs, maxBodyBytes: config.maxResponseBytes };
  }

  /** What the link knows now, for the admin page and tests. */
  knowledge(): VoipbinKnowledge {
    return this.knowledgeValue;
  }

  /** The topics subscribed. */
  topics(): string[] {
    return this.config.resources.map((r) => `customer_id:${this.config.customerId}:${r}`);
  }

  // -- connection ------------------------------------------------------------------------------

  protected async connect(): Promise<void> {
    const auth = await this.startAttempt(() => this.ensureAuth());
    if (!auth) return;
    const gen = ++this.generation;
    const query: Record<string, string> = auth.kind === "token" ? { token: auth.token } : { accesskey: auth.key };
    const ws = this.createSocket(wsUrl(this.config.url, "v1.0/ws", query), { maxPayload: this.config.maxFrameBytes, handshakeTimeout: this.config.requestTimeoutMs, perMessageDeflate: false });
    this.ws = ws;
    this.subscribedAt = null;
    ws.on("open", () => {
      this.armSilence();
      ws.send(subscribeFrame(this.topics()));
      this.subscribedAt = this.clock.now();
      this.heardSinceSubscribe = false;
      void this.resync(gen, auth);
    });
    ws.on("ping", () => {
      this.heardSinceSubscribe = true;
      this.armSilence();
    });
    ws.on("message", (data, isBinary) => {
      const at = this.clock.now();
      this.frameReceived(at);
      this.heardSinceSubscribe = true;
      this.armSilence();
      if (isBinary) {
        this.statusValue.malformedFrames++;
        return;
      }
      const text = messageText(data);
      this.rawFrame(text, at);
      if (this.recent.seenBefore(text, at)) return this.count("duplicateFrames");
      const frame = parseVoipbinFrame(text);
      if (frame.kind === "malformed") {
        this.statusValue.malformedFrames++;
        this.deps.log?.warn({ reason: frame.reason, frame: excerpt(text) }, `VoIPBin ${this.config.name}: malformed frame`);
        return;
      }
      this.count(frame.shape === "wrapped" ? "wrappedFrames" : "bareFrames");
      if (frame.kind === "other") return this.count("otherEvents");
      if (this.resyncing) return this.bufferEvent({ res: frame, eventType: frame.eventType, at });
      this.applyEvent(frame, frame.eventType, at);
    });
    ws.on("unexpected-response", (_req, res) => {
      if (res.statusCode === 401 || res.statusCode === 403) this.dropToken();
      this.fail(`handshake refused: HTTP ${res.statusCode ?? "?"}`);
    });
    ws.on("error", (err) => this.fail(`WebSocket error: ${err.message}`));
    ws.on("close", (code) => {
      const soon = this.subscribedAt !== null && !this.heardSinceSubscribe && this.clock.now() - this.subscribedAt <= SUBSCRIBE_REFUSAL_WINDOW_MS;
      this.fail(`connection closed (${code})${soon ? `: right after subscribing to ${this.topics().join(", ")} — VoIPBin closes the socket when the account may not see a topic (needs customer admin or manager permission)` : ""}`);
    });
  }

  /** Reads agents, queues and queue calls, applies them as a snapshot, then the buffered events. */
  private async resync(gen: number, auth: VoipbinAuth): Promise<void> {
    this.resyncing = true;
    this.buffer = [];
    this.bufferOverflowed = false;
    try {
      const agents = await listAll(this.rest, auth, "v1.0/agents", "agent", this.config.maxPages);
      const queues = await listAll(this.rest, auth, "v1.0/queues", "queue", this.config.maxPages);
      const cutoff = this.clock.now() - this.config.resyncCallWindowMs;
      // Newest first (the page token is the last item's tm_create): stop once a whole page is older than any call still active could be.
      const calls = await listAll(this.rest, auth, "v1.0/queuecalls", "queuecall", this.config.maxPages, (items) => items.length > 0 && items.every((i) => i.queuecall.tmCreate !== null && i.queuecall.tmCreate < cutoff));
      if (gen !== this.generation) return;
      const dropped = agents.dropped + queues.dropped + calls.dropped;
      if (dropped) this.count("droppedListItems", dropped);
      const at = this.clock.now();
      this.knowledgeValue = forgetCalls(this.knowledgeValue);
      this.take(applyVoipbinSnapshot(this.knowledgeValue, { agents: agents.items.map((i) => i.agent), queues: queues.items.map((i) => i.queue), queuecalls: calls.items.map((i) => i.queuecall) }, this.ctx(at)));
      this.lastQueueRefreshAt = at;
      this.count("resyncs");
      this.statusValue.counters["lastResyncAt"] = at;
    } catch (err) {
      if (gen !== this.generation) return;
      if (err instanceof VoipbinHttpError && (err.status === 401 || err.status === 403)) this.dropToken();
      return this.fail(`resync failed: ${(err as Error).message}`);
    }
    this.resyncing = false;
    const buffered = this.buffer;
    this.buffer = [];
    for (const b of buffered) this.applyEvent(b.res, b.eventType, b.at);
    this.attempt = 0;
    this.setState("up");
    this.scheduleQueueRefresh();
    if (this.bufferOverflowed) {
      // Events were lost while we read: read again.
      this.count("resyncBufferOverflows");
      void this.resync(gen, auth);
    }
  }

  private bufferEvent(b: Buffered): void {
    if (this.buffer.length >= this.config.maxBufferedEvents) {
      this.bufferOverflowed = true;
      return;
    }
    this.buffer.push(b);
  }

  private applyEvent(res: VbResource, eventType: string | null, at: number): void {
    const result = applyVoipbinEvent(this.knowledgeValue, res, eventType, this.ctx(at));
    this.take(result);
    const fresh = result.unknownQueueCalls.filter((id) => !this.refreshAsked.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) this.refreshAsked.add(id);
    while (this.refreshAsked.size > MAX_REFRESH_ASKED) this.refreshAsked.delete(this.refreshAsked.values().next().value!);
    this.requestQueueRefresh();
  }

  private take(result: VoipbinApplyResult): void {
    this.knowledgeValue = result.knowledge;
    for (const w of result.warnings) {
      this.count("warnings");
      this.deps.log?.warn({}, `VoIPBin ${this.config.name}: ${w}`);
    }
    this.emit(result.events);
  }

  private ctx(at: number) {
    return { source: this.config.name, receivedAt: at, limits: this.limits };
  }

  // -- queue refresh ---------------------------------------------------------------------------

  private scheduleQueueRefresh(): void {
    if (this.queueTimer) this.clock.clearTimeout(this.queueTimer);
    this.queueTimer = this.clock.setTimeout(() => {
      this.queueTimer = null;
      void this.refreshQueues().finally(() => this.ws && !this.resyncing && this.scheduleQueueRefresh());
    }, this.config.queueRefreshMs);
  }

  private requestQueueRefresh(): void {
    if (this.queueRefreshSoon || this.resyncing) return;
    const wait = Math.max(0, this.lastQueueRefreshAt + this.config.queueRefreshMinGapMs - this.clock.now());
    this.queueRefreshSoon = this.clock.setTimeout(() => {
      this.queueRefreshSoon = null;
      void this.refreshQueues();
    }, wait);
  }

  private async refreshQueues(): Promise<void> {
    if (this.queueRefreshing || this.resyncing || !this.ws) return;
    const gen = this.generation;
    this.queueRefreshing = true;
    try {
      const auth = await this.ensureAuth();
      const queues = await listAll(this.rest, auth, "v1.0/queues", "queue", this.config.maxPages);
      if (gen !== this.generation) return;
      const at = this.clock.now();
      this.lastQueueRefreshAt = at;
      this.count("queueRefreshes");
      this.take(applyVoipbinQueues(this.knowledgeValue, queues.items.map((i) => i.queue), true, this.ctx(at)));
    } catch (err) {
      if (gen !== this.generation) return;
      if (err instanceof VoipbinHttpError && (err.status === 401 || err.status === 403)) this.dropToken();
      this.noteError(`queue refresh failed: ${(err as Error).message}`);
    } finally {
      if (gen === this.generation) this.queueRefreshing = false;
    }
  }

  // -- liveness --------------------------------------------------------------------------------

  private armSilence(): void {
    if (this.silenceTimer) this.clock.clearTimeout(this.silenceTimer);
    this.silenceTimer = this.clock.setTimeout(() => {
      this.silenceTimer = null;
      this.count("silenceLosses");
      this.fail(`silent for ${this.config.silenceMs} ms: no frame and no ping`);
    }, this.config.silenceMs);
  }

  // -- sign-in ---------------------------------------------------------------------------------

  private async ensureAuth(): Promise<VoipbinAuth> {
    if (this.config.accessKey && !(this.config.username && this.config.password)) return { kind: "accesskey", key: this.config.accessKey };
    if (this.token && (this.tokenExpiresAt === null || this.clock.now() < this.tokenExpiresAt - 5_000)) return { kind: "token", token: this.token };
    return { kind: "token", token: await this.signIn() };
  }

  private async signIn(): Promise<string> {
    const { token, expiresAt } = await voipbinSignIn(this.rest, this.config.username ?? "", this.config.password ?? "");
    const now = this.clock.now();
    this.token = token;
    this.tokenExpiresAt = expiresAt;
    this.count("signIns");
    const lifetime = expiresAt !== null ? Math.max(0, expiresAt - now) * this.config.renewAtFraction : this.config.renewWithoutExpiryMs;
    if (this.renewTimer) this.clock.clearTimeout(this.renewTimer);
    this.renewTimer = this.clock.setTimeout(() => {
      this.renewTimer = null;
      if (this.stopped) return;
      this.signIn().then(
        () => this.count("tokenRenewals"),
        (err: Error) => this.noteError(`token renewal failed: ${err.message}`),
      );
    }, Math.max(1_000, lifetime));
    return token;
  }

  // -- teardown (start, stop and fail: LinkBase) ----------------------------------------------

  protected teardown(): void {
    this.generation++;
    discardSocket(this.ws);
    this.ws = null;
    this.resyncing = false;
    this.buffer = [];
    this.queueRefreshing = false;
    this.subscribedAt = null;
    this.recent.clear();
    for (const t of [this.silenceTimer, this.queueTimer, this.queueRefreshSoon]) if (t) this.clock.clearTimeout(t);
    this.silenceTimer = this.queueTimer = this.queueRefreshSoon = null;
  }
}
