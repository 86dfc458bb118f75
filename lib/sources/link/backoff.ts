/**
 * Reconnect delays: capped exponential backoff with full jitter, as lib/sources/vodia/link.ts
 * does it (AWS Architecture Blog, "Exponential Backoff And Jitter": a random delay in
 * [0, min(cap, base·2^attempt)] spreads reconnecting clients after a server restart).
 */

export interface BackoffOptions {
  /** Base delay, ms (default 500). */
  minMs: number;
  /** Cap, ms (default 30 000). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 500, maxMs: 30_000 };

/**
 * The delay before attempt number `attempt` (0 for the first retry), ms. Never below
 * minMs / 2 so a flapping server is not hammered; `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(opts.maxMs, opts.minMs * 2 ** Math.min(attempt, 30));
  return Math.max(opts.minMs / 2, random() * ceiling);
}
