/**
 * What the XuC and VoIPBin links share: start and stop, the session token and its renewal
 * timer, failure handling, the status object for the admin page, the reconnect schedule (capped exponential backoff with full jitter, as lib/sources/vodia/link.ts), and the
 * dependencies tests inject (clock, random, fetch, WebSocket factory, logger).
 */
import WebSocket from "ws";
import { backoffDelay, type BackoffOptions } from "./backoff";
import { REAL_CLOCK, type LinkClock, type TimerHandle } from "./timers";
import type { NeutralEvent, NeutralEventSink, PlatformKind, SourceLinkStatus } from "../neutral-events";

export interface LinkLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export type SocketFactory = (url: string, options: WebSocket.ClientOptions) => WebSocket;

/** Dependencies of a link; every one has a real default. */
export interface LinkDeps {
  sink: NeutralEventSink;
  /** Called with a copy of the status whenever it changes (state, error, counters on state change). */
  onStatus?: (status: SourceLinkStatus) => void;
  clock?: LinkClock;
  /** [0, 1), for backoff jitter. */
  random?: () => number;
  fetch?: typeof fetch;
  createSocket?: SocketFactory;
  log?: LinkLogger;
}

export const defaultSocketFactory: SocketFactory = (url, options) => new WebSocket(url, options);

/** Lifecycle, status bookkeeping, the token and the reconnect timer. Subclasses do the protocol (connect, teardown). */
export abstract class LinkBase {
  protected readonly clock: LinkClock;
  protected readonly random: () => number;
  protected readonly fetchFn: typeof fetch;
  protected readonly createSocket: SocketFactory;
  protected readonly statusValue: SourceLinkStatus;
  protected stopped = true;
  /** Consecutive failed attempts since the link was last up. */
  protected attempt = 0;
  private retryTimer: TimerHandle | null = null;
  /** The platform's session token, and when it runs out (ms, server clock; null: not told). */
  protected token: string | null = null;
  protected tokenExpiresAt: number | null = null;
  /** Signs in again before the token runs out; cleared at stop. */
  protected renewTimer: TimerHandle | null = null;

  protected constructor(
    name: string,
    platform: PlatformKind,
    publicUrl: string,
    protected readonly deps: LinkDeps,
    private readonly backoff: BackoffOptions,
  ) {
    this.clock = deps.clock ?? REAL_CLOCK;
    this.random = deps.random ?? Math.random;
    this.fetchFn = deps.fetch ?? fetch;
    this.createSocket = deps.createSocket ?? defaultSocketFactory;
    this.statusValue = {
      name,
      platform,
      url: publicUrl,
      state: "stopped",
      since: this.clock.now(),
      lastFrameAt: null,
      reconnects: 0,
      lastError: null,
      lastErrorAt: null,
      framesReceived: 0,
      malformedFrames: 0,
      counters: {},
    };
  }

  /** Signs in when needed, opens the socket and subscribes; whatever goes wrong goes to fail(). */
  protected abstract connect(): Promise<void>;

  /** Drops the connection: closes the socket and clears what belonged to it (not the token). */
  protected abstract teardown(): void;

  /** Starts connecting; a no-op when already started. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    void this.connect();
  }

  /** Stops for good: no reconnect, no token renewal, the socket closed, state "stopped". */
  stop(): void {
    this.stopped = true;
    this.cancelReconnect();
    if (this.renewTimer) this.clock.clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.teardown();
    this.setState("stopped");
  }

  /** Forgets the token (the platform refused it), so that the next connect signs in again. */
  protected dropToken(): void {
    this.token = null;
    this.tokenExpiresAt = null;
  }

  /**
   * The connection was lost or refused: drop it, count a reconnect when it had been up, show
   * "down" with the reason and try again after the backoff. Ignored once stopped, so the
   * socket's own close during stop() does not bring the link back.
   */
  protected fail(reason: string): void {
    if (this.stopped) return;
    const wasUp = this.statusValue.state === "up";
    this.teardown();
    if (wasUp) this.statusValue.reconnects++;
    this.setState("down", reason);
    this.scheduleReconnect(() => void this.connect());
  }

  /**
   * How every connection attempt starts: state "connecting", then the credentials `obtain`
   * gives (a session token, or VoIPBin's access key). Null when the link is stopped before or
   * during the sign-in, or when the sign-in throws (then fail() has shown "down" with its
   * message and scheduled the retry): the caller just returns.
   */
  protected async startAttempt<T extends NonNullable<unknown>>(obtain: () => Promise<T>): Promise<T | null> {
    if (this.stopped) return null;
    this.setState("connecting");
    let credentials: T;
    try {
      credentials = await obtain();
    } catch (err) {
      this.fail((err as Error).message);
      return null;
    }
    // stop() may have come while the sign-in was under way.
    return this.stopped ? null : credentials;
  }

  /** A copy of the status for the admin page. */
  status(): SourceLinkStatus {
    return { ...this.statusValue, counters: { ...this.statusValue.counters } };
  }

  protected count(counter: string, by = 1): void {
    this.statusValue.counters[counter] = (this.statusValue.counters[counter] ?? 0) + by;
  }

  protected emit(events: NeutralEvent[]): void {
    if (events.length === 0) return;
    try {
      this.deps.sink.onEvents(events);
    } catch (err) {
      // The sink's failure is the sink's: the link keeps running.
      this.deps.log?.warn({ err: String(err) }, `${this.statusValue.name}: event sink threw`);
    }
  }

  protected setState(state: SourceLinkStatus["state"], error: string | null = null): void {
    const now = this.clock.now();
    const changed = this.statusValue.state !== state;
    if (changed) {
      this.statusValue.state = state;
      this.statusValue.since = now;
    }
    if (error !== null) {
      this.statusValue.lastError = error;
      this.statusValue.lastErrorAt = now;
    }
    if (!changed && error === null) return;
    if (changed) this.deps.log?.info(error ? { error } : {}, `${this.statusValue.platform} ${this.statusValue.name} ${state}`);
    const status = this.status();
    this.deps.onStatus?.(status);
    this.emit([{ type: "link-status", source: status.name, platform: status.platform, receivedAt: now, status }]);
  }

  /** Records an error without changing the state (e.g. a token renewal that failed). */
  protected noteError(error: string): void {
    this.setState(this.statusValue.state, error);
  }

  /** Schedules the next attempt after the backoff delay (once). */
  protected scheduleReconnect(connect: () => void): void {
    if (this.stopped || this.retryTimer) return;
    const delay = backoffDelay(this.attempt++, this.backoff, this.random);
    this.count("reconnectAttempts");
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = null;
      connect();
    }, delay);
  }

  protected cancelReconnect(): void {
    if (this.retryTimer) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** A frame arrived (server clock ms). */
  protected frameReceived(at: number): void {
    this.statusValue.lastFrameAt = at;
    this.statusValue.framesReceived++;
  }

  /** Hands the raw frame to the sink for storage; a failing sink does not stop the link. */
  protected rawFrame(text: string, at: number): void {
    try {
      this.deps.sink.onRawFrame?.(text, at);
    } catch (err) {
      this.deps.log?.warn({ err: String(err) }, `${this.statusValue.name}: raw-frame sink threw`);
    }
  }
}

/** Closes a socket without letting its late events reach us. */
export function discardSocket(ws: WebSocket | null): void {
  if (!ws) return;
  ws.removeAllListeners();
  ws.on("error", () => {});
  try {
    ws.terminate();
  } catch {
    // already closed
  }
}

/** The text of a WebSocket message. */
export function messageText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

/** fetch with a timeout; rejects with a readable message. */
export async function fetchWithTimeout(fetchFn: typeof fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError") throw new Error(`no answer within ${timeoutMs} ms`);
    throw new Error(e.message || String(err));
  }
}

/** Reads at most `maxBytes` of a response body as text; longer bodies are refused. */
export async function readBody(res: Response, maxBytes: number): Promise<string> {
  const len = Number(res.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(len) && len > maxBytes) throw new Error(`response larger than ${maxBytes} bytes`);
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`response larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
