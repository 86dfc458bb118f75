import { describe, expect, it } from "vitest";
import { clockOffset, msToNextSecond, secondsSince } from "../../lib/board/clock";

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
});
