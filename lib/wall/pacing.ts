/**
 * How often a wall applies the realtime feed. Deltas are applied once per animation frame at
 * most; a frame that applies them costs the browser style, layout and paint of every tile that
 * moved (a state change moves a tile into its state group, shifting the tiles between), nearly
 * the same for one delta as for ten. On a big wall on a slow screen that cost exceeds the frame,
 * and applying at every frame kept the main thread saturated (issue 14 profile: 1,000 tiles,
 * 200 updates/s, 4 frames/s). So after each application the wall waits in proportion to what
 * the last one cost: cheap walls still update every frame, expensive ones batch more deltas
 * per frame and leave most of the time to the browser (timers, input, the next frame).
 */

/** A frame at 60 Hz (ms): the least time from one animation frame to the next. */
export const FRAME_MS = 1000 / 60;
/** Share of the time the wall may spend applying deltas (busy ÷ (busy + gap)). */
export const APPLY_SHARE = 1 / 3;
/** The longest wait between two applications (ms): a change is on screen at most this late plus its own frame. */
export const MAX_GAP_MS = 500;

/**
 * The wait (ms) before the next application of deltas, from `elapsedMs`: the time from the start
 * of the last application (in an animation frame: React's render, then the browser's style,
 * layout and paint of the changes) to the next animation frame. One frame is the floor of that
 * time, so what exceeds it is the application's cost; the wait is twice that cost (the wall
 * then spends at most a third of the time applying), capped at {@link MAX_GAP_MS}; 0 when the
 * application fits in its frame.
 */
export function applyGapMs(elapsedMs: number): number {
  if (!Number.isFinite(elapsedMs)) return 0;
  const busy = Math.max(0, elapsedMs - FRAME_MS);
  return Math.min(MAX_GAP_MS, Math.round((busy * (1 - APPLY_SHARE)) / APPLY_SHARE));
}
