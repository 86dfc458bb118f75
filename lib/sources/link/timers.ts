/**
 * The clock and timers a link uses, injectable so tests can drive them. Defaults are the
 * real ones. All durations are ms; `now` is ms since the epoch on the server clock.
 */

export type TimerHandle = ReturnType<typeof setTimeout>;

export interface LinkClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const REAL_CLOCK: LinkClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h),
};
