/**
 * How often the fan-out sends agent changes: the least time between two `agents` messages to a
 * room, from the rate at which agent changes arrive (issue 14).
 *
 * Each send costs one write (a system call) on every watching client's connection, whatever it
 * carries; what it costs the clients to decode grows with how often it comes. At a light rate
 * that cost is small and a short interval keeps the walls close to the pushes; as the rate of
 * changes rises, the same interval would spend the cores that the pushes' answers need (the
 * acknowledgement VICIdial waits for, and never retries), so the interval grows with the rate
 * and each message carries more.
 *
 * Measured with `npm run bench -- 2` (200 clients, 10 campaign rooms, 2 cores shared with
 * PostgreSQL and the load): a fixed 10 ms gave an end-to-end p99 of 31–34 ms at 1,000 events/s
 * but 201–226 ms at 2,000/s (the subscribers' CPU rose from 29 to 39 % of a core, the machine
 * saturated); a fixed 20 ms gave 35–57 ms at 1,000/s and 75–116 ms at 2,000/s; 33 and 50 ms
 * helped 2,000/s no further (65–128 ms) and cost 1,000/s (44–69 ms). Following the rate:
 * 27–44 ms at 1,000/s, 72–120 ms at 2,000/s.
 */

/** Shortest interval (ms): the interval up to 1,000 changes/s. */
export const AGENT_FLUSH_MIN_MS = 10;
/** Longest interval (ms): reached at 5,000 changes/s. About three frames of a wall. */
export const AGENT_FLUSH_MAX_MS = 50;
/** The interval grows by 1 ms per this many agent changes per second (1,000/s: 10 ms; 2,000/s: 20 ms). */
export const CHANGES_PER_SEC_PER_MS = 100;
/** Length (ms) of the window over which the change rate is counted. */
export const CHANGE_RATE_WINDOW_MS = 500;

/**
 * The least time (ms) between two sends of agent changes when they arrive at `changesPerSec`
 * (agent changes per second): `changesPerSec / CHANGES_PER_SEC_PER_MS`, within
 * [AGENT_FLUSH_MIN_MS, AGENT_FLUSH_MAX_MS]. A rate that is not a finite number ≥ 0 counts as 0.
 */
export function agentFlushIntervalMs(changesPerSec: number): number {
  const rate = Number.isFinite(changesPerSec) && changesPerSec > 0 ? changesPerSec : 0;
  return Math.min(AGENT_FLUSH_MAX_MS, Math.max(AGENT_FLUSH_MIN_MS, rate / CHANGES_PER_SEC_PER_MS));
}

/**
 * Agent changes per second, counted over windows of `windowMs` on a monotonic clock (ms, e.g.
 * performance.now()): the rate of the last completed window. A window left open across a quiet
 * spell is closed at the next call and divides its count by its whole length, so the rate falls
 * after a burst as soon as anything happens again.
 */
export class ChangeRate {
  private windowStart: number | null = null;
  private count = 0;
  private rate = 0;

  constructor(private readonly windowMs = CHANGE_RATE_WINDOW_MS) {}

  /** Counts `n` changes at monotonic time `now` (ms). */
  add(n: number, now: number): void {
    this.roll(now);
    this.count += n;
  }

  /** Changes per second in the last completed window (0 before the first one closes). */
  perSecond(now: number): number {
    this.roll(now);
    return this.rate;
  }

  private roll(now: number): void {
    if (this.windowStart === null) {
      this.windowStart = now;
      return;
    }
    const elapsed = now - this.windowStart;
    if (elapsed < this.windowMs) return;
    this.rate = (this.count * 1000) / elapsed;
    this.windowStart = now;
    this.count = 0;
  }
}
