import { describe, expect, it } from "vitest";
import { formatDuration } from "../../lib/format/duration";

describe("formatDuration", () => {
  it("shows m:ss under an hour", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(7)).toBe("0:07");
    expect(formatDuration(59.99)).toBe("0:59");
    expect(formatDuration(60)).toBe("1:00");
    expect(formatDuration(750)).toBe("12:30");
    expect(formatDuration(3599)).toBe("59:59");
  });

  it("shows h:mm:ss from an hour, hours unbounded", () => {
    expect(formatDuration(3600)).toBe("1:00:00");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(26 * 3600)).toBe("26:00:00");
  });

  it("shows 0:00 for negative or non-finite input", () => {
    expect(formatDuration(-1)).toBe("0:00");
    expect(formatDuration(Number.NaN)).toBe("0:00");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("0:00");
  });
});
