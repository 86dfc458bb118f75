import { describe, expect, it } from "vitest";
import type { DaySegment } from "../../lib/api/agent-day";
import { dayTotals, dispositionCounts, timelineBar } from "../../lib/wall/timeline";

const seg = (start: number, end: number, status: DaySegment["status"], pauseCode: string | null = null): DaySegment => ({ start, end, status, pauseCode });

describe("timelineBar", () => {
  it("places segments in percent of the day shown, cut to it", () => {
    const bar = timelineBar([seg(-50, 100, "READY"), seg(100, 400, "INCALL"), seg(400, 2000, "PAUSED")], 0, 1000);
    expect(bar.map((s) => [s.status, s.left, s.width])).toEqual([
      ["READY", 0, 10],
      ["INCALL", 10, 30],
      ["PAUSED", 40, 60],
    ]);
    expect(timelineBar([seg(0, 10, "READY")], 10, 10)).toEqual([]);
  });
});

describe("dayTotals", () => {
  it("sums seconds per state and per pause code; a pause split in two segments counts once", () => {
    const t = dayTotals([
      seg(0, 60_000, "PAUSED", "BREAK"),
      seg(60_000, 90_000, "PAUSED", "BREAK"),
      seg(90_000, 150_000, "READY"),
      seg(150_000, 160_000, "PAUSED", null),
      seg(160_000, 170_000, "PAUSED", "BREAK"),
    ]);
    expect(t.states).toEqual([
      { status: "PAUSED", seconds: 110 },
      { status: "READY", seconds: 60 },
    ]);
    expect(t.pauses).toEqual([
      { code: "BREAK", seconds: 100, count: 2 },
      { code: "(no code)", seconds: 10, count: 1 },
    ]);
  });
});

describe("dispositionCounts", () => {
  it("counts codes, most first", () => {
    expect(dispositionCounts([{ code: "SALE" }, { code: "NI" }, { code: "SALE" }])).toEqual([
      { code: "SALE", count: 2 },
      { code: "NI", count: 1 },
    ]);
  });
});
