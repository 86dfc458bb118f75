/**
 * Client-side throttle of the messages we send to XuC, so XuC's own throttle never drops one.
 *
 * XuC's rule (seed 002, "Throttling"): more than 90 messages per 30 s, with a burst of 180,
 * are answered with `{msgType:"Error", ctiMessage:{Error:"Maximum throttle throughput
 * exceeded."}}` and dropped; "analog to the rate-limiting from nginx": a token bucket of 180
 * refilled at 90 per 30 s (3 per second).
 *
 * Ours uses rate-limiter-flexible (already a dependency): a steady limiter of
 * `steadyPerSec` messages per 1 s window, and when it is spent a burst limiter of `burst`
 * messages per `burstWindowMs`. Both are fixed windows, so in the worst case two windows'
 * worth pass back to back at a window boundary. The defaults (2/s, 60 per 120 s) keep that
 * worst case (2·60 + 2·2 = 124) under XuC's bucket of 180 and the sustained rate
 * (60 + 15 per 30 s) under XuC's 90 per 30 s. Messages waiting for a token queue up (at most
 * `maxQueued`; beyond that new ones are dropped and counted). After XuC reports a throttle
 * error anyway, sending pauses for `pauseAfterServerThrottleMs`.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { LinkClock, TimerHandle } from "../link/timers";

export interface ThrottleOptions {
  /** Messages per second in steady state (XuC allows 3). */
  steadyPerSec: number;
  /** Extra messages allowed per burst window (XuC's bucket holds 180). */
  burst: number;
  /** Burst window, ms. */
  burstWindowMs: number;
  /** Longest queue of unsent messages. */
  maxQueued: number;
  /** Pause after XuC answered with its throttle error, ms. */
  pauseAfterServerThrottleMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { steadyPerSec: 2, burst: 60, burstWindowMs: 120_000, maxQueued: 2_000, pauseAfterServerThrottleMs: 30_000 };

const KEY = "xuc";

export class OutgoingThrottle {
  /** Messages handed to `send`. */
  sent = 0;
  /** Messages that had to wait for a token. */
  delayed = 0;
  /** Messages dropped because the queue was full. */
  dropped = 0;

  private readonly limiter: BurstyRateLimiter;
  private readonly steady: RateLimiterMemory;
  private readonly burstLimiter: RateLimiterMemory;
  private readonly queue: string[] = [];
  private draining = false;
  private timer: TimerHandle | null = null;
  private wake: (() => void) | null = null;
  private pausedUntil = 0;
  private generation = 0;

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly send: (text: string) => void,
    private readonly clock: LinkClock,
  ) {
    this.steady = new RateLimiterMemory({ keyPrefix: "xuc-steady", points: Math.max(1, Math.floor(opts.steadyPerSec)), duration: 1 });
    this.burstLimiter = new RateLimiterMemory({ keyPrefix: "xuc-burst", points: Math.max(1, Math.floor(opts.burst)), duration: opts.burstWindowMs / 1000 });
    this.limiter = new BurstyRateLimiter(this.steady, this.burstLimiter);
  }

  /** Queues `text` (first when `urgent`, e.g. the heartbeat). False when dropped (queue full). */
  enqueue(text: string, urgent = false): boolean {
    if (this.queue.length >= this.opts.maxQueued) {
      this.dropped++;
      return false;
    }
    if (urgent) this.queue.unshift(text);
    else this.queue.push(text);
    void this.drain();
    return true;
  }

  /** XuC said we sent too much: send nothing for a while. */
  serverThrottled(): void {
    this.pausedUntil = this.clock.now() + this.opts.pauseAfterServerThrottleMs;
  }

  /** Messages waiting. */
  get queued(): number {
    return this.queue.length;
  }

  /** Drops what is queued (the connection is gone; the next one sends its own commands). */
  clear(): void {
    this.queue.length = 0;
    this.generation++;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.draining = false;
    // Let a drain loop that sleeps end now (it sees the new generation and stops).
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const gen = this.generation;
    let waited = false;
    while (this.queue.length > 0 && gen === this.generation) {
      const pause = this.pausedUntil - this.clock.now();
      if (pause > 0) {
        waited = true;
        await this.sleep(pause);
        continue;
      }
      try {
        await this.limiter.consume(KEY);
      } catch (rej) {
        const ms = rej instanceof RateLimiterRes ? rej.msBeforeNext : 100;
        waited = true;
        await this.sleep(Math.min(Math.max(10, ms), this.opts.burstWindowMs));
        continue;
      }
      if (gen !== this.generation) break;
      const text = this.queue.shift();
      if (text === undefined) break;
      if (waited) this.delayed++;
      waited = false;
      this.sent++;
      this.send(text);
    }
    if (gen === this.generation) this.draining = false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.wake = null;
        resolve();
      }, ms);
    });
  }
}
