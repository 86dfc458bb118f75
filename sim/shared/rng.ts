/**
 * The one seeded PRNG of the simulators, the bench and the tests: mulberry32, a tiny 32-bit
 * generator giving floats in [0, 1). The same seed gives the same sequence on every machine,
 * which is what makes a demo, a load run or a failing test replayable. Not cryptographic;
 * chosen because it is small, fast and identical on every platform.
 *
 * Two ways to use it: {@link seededRandom} for a bare `() => number` (what the world drivers and
 * the platform simulators pass around), {@link Rng} for the convenience draws the VICIdial
 * call-centre model and dialer want (ranges, chances, weights, exponential waits).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`, uniformly, using one draw of `rng`; throws on an empty list. */
export function pick<T>(rng: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(rng() * items.length)]!;
}

/** A value with a relative weight, for {@link Rng.weighted}. */
export type Weighted<T> = readonly [value: T, weight: number];

/** Convenience draws over {@link seededRandom}; each method uses exactly one draw. */
export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** Float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Float in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((hi - lo + 1) * this.next());
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return pick(this.next, items);
  }

  weighted<T>(items: readonly Weighted<T>[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    return items[items.length - 1]![0];
  }

  /** Exponentially distributed with the given mean (memoryless waits: arrivals, patience). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}
