import { describe, expect, it } from "vitest";
import { clockOffset, formatWallClock, msToNextSecond, OFFSET_TOLERANCE_MS, secondsSince, settleOffset, tickSlices } from "../../lib/wall/clock";

describe("server clock helpers", () => {
  it("offset is server time minus browser time", () => {
    expect(clockOffset(10_000, 7_000)).toBe(3_000);
    expect(clockOffset(7_000, 10_000)).toBe(-3_000);
  });

  it("time in state comes from server timestamps, so a reload does not reset it", () => {
    const stateSince = 1_000_000;
    const serverTime = stateSince + 125_400; // message received 125.4 s into the state
    const browserNow = 50_000; // a browser clock far off the server's
    const offset = clockOffset(serverTime, browserNow);
    expect(secondsSince(stateSince, browserNow + offset)).toBe(125);
    expect(secondsSince(stateSince, browserNow + 2_000 + offset)).toBe(127);
  });

  it("never returns negative seconds", () => {
    expect(secondsSince(5_000, 4_000)).toBe(0);
  });

  it("msToNextSecond points at the next whole second", () => {
    expect(msToNextSecond(12_000)).toBe(1000);
    expect(msToNextSecond(12_001)).toBe(999);
    expect(msToNextSecond(12_999)).toBe(1);
    expect(msToNextSecond(-1)).toBe(1);
  });

  it("keeps the offset while new samples jitter around it, so timers do not move at every message", () => {
    expect(settleOffset(null, 3_000)).toBe(3_000); // the first sample is taken as it is
    expect(settleOffset(3_000, 3_007)).toBe(3_000);
    expect(settleOffset(3_000, 2_990)).toBe(3_000);
    expect(settleOffset(3_000, 3_000 + OFFSET_TOLERANCE_MS)).toBe(3_000);
    // A real change (clock set, a reconnect to another instance) is adopted at once, either way.
    expect(settleOffset(3_000, 3_000 + OFFSET_TOLERANCE_MS + 1)).toBe(3_000 + OFFSET_TOLERANCE_MS + 1);
    expect(settleOffset(3_000, -60_000)).toBe(-60_000);
    // Folding a jittery stream keeps the first value; a step moves it once.
    const samples = [5_000, 5_012, 4_995, 5_040, 5_003, 9_000, 9_020, 8_990];
    const held: number[] = [];
    samples.reduce<number | null>((h, x) => (held.push(settleOffset(h, x)), held.at(-1)!), null);
    expect(held).toEqual([5_000, 5_000, 5_000, 5_000, 5_000, 9_000, 9_000, 9_000]);
  });

  it("formats the header clock exactly as toLocaleTimeString([], { hour12: false }) does", () => {
    for (const ms of [0, 1_700_000_000_000, 1_700_000_000_000 + 13 * 3_600_000 + 7_009, Date.UTC(2026, 11, 31, 23, 59, 59)]) {
      expect(formatWallClock(ms)).toBe(new Date(ms).toLocaleTimeString([], { hour12: false }));
    }
  });
});

describe("tickSlices", () => {
  it("one frame up to 250 tiles, then a frame per 250 more, at most 4", () => {
    expect([0, 1, 250, 251, 500, 501, 1000, 5000].map(tickSlices)).toEqual([1, 1, 1, 2, 2, 3, 4, 4]);
  });
});
