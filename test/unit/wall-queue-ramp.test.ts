import { describe, expect, it } from "vitest";
import { waitingRamp } from "../../lib/wall/queue-ramp";

describe("waitingRamp (VICIdial calls-waiting cell: > 0, > 4, > 9, > 14)", () => {
  it.each([
    [0, 0],
    [1, 1],
    [4, 1],
    [5, 2],
    [9, 2],
    [10, 3],
    [14, 3],
    [15, 4],
    [200, 4],
  ])("%i waiting → level %i", (waiting, level) => {
    expect(waitingRamp(waiting).level).toBe(level);
  });

  it("names every level in words", () => {
    expect(waitingRamp(0).label).toBe("none");
    expect(waitingRamp(3).label).toBe("1+");
    expect(waitingRamp(5).label).toBe("5+");
    expect(waitingRamp(10).label).toBe("10+");
    expect(waitingRamp(15).label).toBe("15+");
  });

  it("treats negative or non-finite counts as nobody waiting", () => {
    expect(waitingRamp(-3).level).toBe(0);
    expect(waitingRamp(Number.NaN).level).toBe(0);
  });
});
