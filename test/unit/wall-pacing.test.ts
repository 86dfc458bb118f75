import { describe, expect, it } from "vitest";
import { APPLY_SHARE, applyGapMs, FRAME_MS, MAX_GAP_MS } from "../../lib/wall/pacing";

describe("applyGapMs: how long a wall waits before applying the next deltas", () => {
  it("does not wait when the last application fitted in its frame", () => {
    expect(applyGapMs(FRAME_MS)).toBe(0);
    expect(applyGapMs(10)).toBe(0);
    expect(applyGapMs(0)).toBe(0);
  });

  it("waits twice what the application cost beyond its frame, so it takes at most a third of the time", () => {
    expect(applyGapMs(FRAME_MS + 30)).toBe(60);
    expect(applyGapMs(FRAME_MS + 100)).toBe(200);
    const busy = 45;
    const gap = applyGapMs(FRAME_MS + busy);
    expect(busy / (busy + gap)).toBeCloseTo(APPLY_SHARE, 2);
  });

  it("never waits longer than MAX_GAP_MS, and treats a broken reading as no cost", () => {
    expect(applyGapMs(5_000)).toBe(MAX_GAP_MS);
    expect(applyGapMs(Number.NaN)).toBe(0);
    expect(applyGapMs(Number.POSITIVE_INFINITY)).toBe(0);
    expect(applyGapMs(-50)).toBe(0);
  });
});
