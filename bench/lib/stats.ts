/**
 * Percentiles and summaries computed from recorded samples (no histogram library): the
 * samples are sorted and the nearest-rank percentile is taken. Units are whatever the samples
 * are in (the suite records milliseconds).
 */

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of an ascending-sorted array; NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Sorts a copy of `samples` and summarises them. */
export function summarise(samples: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/**
 * The index of the median of `values` (the lower middle for an even count), so the caller can
 * take the repeat it came from with its other figures. Throws on an empty list.
 */
export function medianIndex(values: readonly number[]): number {
  if (values.length === 0) throw new Error("medianIndex of nothing");
  // A value that is not a number (an empty phase) sorts last, never taken for the median of a fuller list.
  const order = values.map((v, i) => [Number.isFinite(v) ? v : Number.POSITIVE_INFINITY, i] as const).sort((a, b) => a[0] - b[0]);
  return order[Math.floor((order.length - 1) / 2)]![1];
}

/** Concatenates sample arrays from several workers. */
export function concatSamples(parts: readonly ArrayLike<number>[]): Float64Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p as ArrayLike<number>, at);
    at += p.length;
  }
  return out;
}

/** Rounds for display: 1 decimal under 100, integers above. */
export function fmt(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return "—";
  const d = digits ?? (Math.abs(n) < 100 ? 1 : 0);
  return n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

/**
 * Where a tail sits in time: the samples bucketed by send time (`bucketMs` wide, from
 * `from`), each bucket's worst value; returns the buckets whose worst exceeds `over`, as
 * `+<s>: <max> ms` strings (at most `limit`, in time order). Tells a steady queue (every
 * bucket slow) from one stall (a few adjacent buckets).
 */
export function slowBuckets(sentAt: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, bucketMs: number, over: number, limit = 12): string[] {
  const worst = new Map<number, number>();
  for (let i = 0; i < sentAt.length; i++) {
    const t = sentAt[i]!;
    if (t < from || t > to) continue;
    const b = Math.floor((t - from) / bucketMs);
    worst.set(b, Math.max(worst.get(b) ?? 0, values[i]!));
  }
  return [...worst]
    .filter(([, v]) => v > over)
    .sort((a, b) => a[0] - b[0])
    .slice(0, limit)
    .map(([b, v]) => `+${((b * bucketMs) / 1000).toFixed(1)}s: ${fmt(v)} ms`);
}
