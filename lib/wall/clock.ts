/**
 * Server-clock arithmetic for the browser. Time in state comes from the server's timestamps
 * (`stateSince`, ms, server clock), never from when the page loaded, so reloading a wall or
 * reconnecting does not reset any timer; the browser only needs its offset to the server.
 */

/**
 * Offset (ms) to add to the browser's `Date.now()` to get server time, from a message's
 * `serverTime` (ms, server clock) and the browser time it was received (ms, browser clock).
 * Transit delay makes it slightly low, which only delays a timer by that delay.
 */
export function clockOffset(serverTime: number, receivedAt: number): number {
  return serverTime - receivedAt;
}

/**
 * How far (ms) a new offset sample may stray from the held offset before the wall adopts it.
 * Each message's transit delay differs by a few ms, more under load; adopting every sample
 * moved the server clock of every timer at every frame that carried a message, so a busy wall
 * re-rendered all its tiles many times a second instead of once (issue 14 profile). 250 ms is
 * a quarter of the timers' resolution (whole seconds).
 */
export const OFFSET_TOLERANCE_MS = 250;

/**
 * The clock offset (ms) to use after a new `sample` ({@link clockOffset}): the `held` one while
 * the sample is within `toleranceMs` of it, else the sample (a real change: the browser's clock
 * was set, the tab slept, a reconnect to another instance). The first sample (`held` null) is
 * taken as it is.
 */
export function settleOffset(held: number | null, sample: number, toleranceMs: number = OFFSET_TOLERANCE_MS): number {
  return held !== null && Math.abs(sample - held) <= toleranceMs ? held : sample;
}

/** Whole seconds from `since` to `serverNow` (both ms, server clock); never negative. */
export function secondsSince(since: number, serverNow: number): number {
  return Math.max(0, Math.floor((serverNow - since) / 1000));
}

/** ms until the next whole second of `serverNow` (ms, server clock): lets every timer tick together. */
export function msToNextSecond(serverNow: number): number {
  return 1000 - (((serverNow % 1000) + 1000) % 1000);
}

let wallClock: Intl.DateTimeFormat | undefined;

/**
 * A time (ms) as the header clock shows it: the browser's locale and time zone, 24-hour, with
 * seconds — what `new Date(ms).toLocaleTimeString([], { hour12: false })` gives, from one
 * formatter made once (that call builds a formatter each time, and the header renders at every
 * frame that brings a delta).
 */
export function formatWallClock(ms: number): string {
  wallClock ??= new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "numeric", second: "numeric", hour12: false });
  return wallClock.format(ms);
}

/** Tiles whose timers turn over in one animation frame at most ({@link tickSlices}). */
export const TILES_PER_TICK_FRAME = 250;
/** Frames a second's turnover may spread over at most: 4 frames (≈ 50 ms at 60 Hz), below what an eye tells apart. */
export const MAX_TICK_SLICES = 4;

/**
 * In how many consecutive animation frames the timers of `tiles` tiles turn to the next second
 * (tile i in frame `i % slices`). Why: every timer changes every second, and the browser's
 * style, layout and paint of 500 changed tiles in one frame was the wall's one task over 50 ms
 * left once deltas stopped repainting shifted tiles (issue 14 trace: ~45 ms a second on a
 * 500-agent wall, more with the CPU shared). A frame or three apart, the timers still flip
 * together to the eye.
 */
export function tickSlices(tiles: number): number {
  return Math.min(MAX_TICK_SLICES, Math.max(1, Math.ceil(tiles / TILES_PER_TICK_FRAME)));
}
