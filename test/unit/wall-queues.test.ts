import { describe, expect, it } from "vitest";
import type { QueueStats, StatsWindowName, WindowStats } from "../../lib/queues/types";
import {
  applyQueueDelta,
  applyQueuesSnapshot,
  formatPercent,
  longestWaitSeconds,
  queueMetrics,
  sortQueues,
  windowCaption,
} from "../../lib/wall/queues";
import { formatSeconds } from "../../lib/format/duration";

function win(window: StatsWindowName, patch: Partial<WindowStats> = {}): WindowStats {
  return {
    window, from: 0, offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0,
    serviceLevel: null, asaSec: null, ahtSec: null, abandonRate: null, ...patch,
  };
}

function stats(queue: string, patch: Partial<QueueStats> = {}): QueueStats {
  return {
    queue, name: `Queue ${queue}`, serviceLevelSec: 20, shortAbandonSec: 0, timeZone: "UTC", waiting: 0, ringing: 0, longestWaitSec: 0,
    oldestWaitingSince: null, agents: { loggedIn: 0, ready: 0, inCall: 0, paused: 0, wrapUp: 0 },
    windows: { "15m": win("15m"), "1h": win("1h"), today: win("today") }, computedAt: 1_000, ...patch,
  };
}

describe("applyQueuesSnapshot / applyQueueDelta", () => {
  it("a snapshot replaces all queues", () => {
    const map = applyQueuesSnapshot([stats("700"), stats("701")]);
    expect([...map.keys()]).toEqual(["700", "701"]);
  });

  it("a queue message replaces that queue only", () => {
    const before = applyQueuesSnapshot([stats("700"), stats("701")]);
    const after = applyQueueDelta(before, stats("700", { waiting: 3, computedAt: 2_000 }));
    expect(after.get("700")?.waiting).toBe(3);
    expect(after.get("701")).toBe(before.get("701"));
    expect(before.get("700")?.waiting).toBe(0);
  });

  it("adds a queue it did not hold", () => {
    const map = applyQueueDelta(applyQueuesSnapshot([]), stats("702"));
    expect(map.has("702")).toBe(true);
  });

  it("ignores statistics computed before the ones it holds", () => {
    const before = applyQueuesSnapshot([stats("700", { computedAt: 5_000, waiting: 4 })]);
    expect(applyQueueDelta(before, stats("700", { computedAt: 4_000, waiting: 1 }))).toBe(before);
  });
});

describe("sortQueues", () => {
  it("orders by name, then id", () => {
    const q = sortQueues([stats("2", { name: "Sales" }), stats("1", { name: "Billing" }), stats("0", { name: "Sales" })]);
    expect(q.map((s) => s.queue)).toEqual(["1", "0", "2"]);
  });
});

describe("longestWaitSeconds", () => {
  it("ticks from oldestWaitingSince on the server clock", () => {
    const s = stats("700", { waiting: 2, longestWaitSec: 30, oldestWaitingSince: 100_000 });
    expect(longestWaitSeconds(s, 145_900)).toBe(45);
    expect(longestWaitSeconds(s, 146_000)).toBe(46);
  });

  it("is 0 when nobody waits, the server's value before the clock is known", () => {
    expect(longestWaitSeconds(stats("700"), 999_999)).toBe(0);
    const s = stats("700", { waiting: 1, longestWaitSec: 12, oldestWaitingSince: 100_000 });
    expect(longestWaitSeconds(s, null)).toBe(12);
  });

  it("never goes negative when the clock offset is not settled", () => {
    const s = stats("700", { waiting: 1, oldestWaitingSince: 100_000 });
    expect(longestWaitSeconds(s, 99_000)).toBe(0);
  });
});

describe("formatting", () => {
  it("percentages are whole, with the unit; null is a dash", () => {
    expect(formatPercent(0.834)).toBe("83 %");
    expect(formatPercent(1)).toBe("100 %");
    expect(formatPercent(0)).toBe("0 %");
    expect(formatPercent(null)).toBe("—");
  });

  it("seconds carry their units", () => {
    expect(formatSeconds(12.4)).toBe("12 s");
    expect(formatSeconds(0)).toBe("0 s");
    expect(formatSeconds(185)).toBe("3 min 05 s");
    expect(formatSeconds(3_725)).toBe("1 h 02 min");
    expect(formatSeconds(null)).toBe("—");
  });

  it("says what a window covers", () => {
    expect(windowCaption("15m", 0)).toBe("last 15 min");
    expect(windowCaption("1h", 0)).toBe("last 1 h");
    expect(windowCaption("today", Date.UTC(2024, 0, 1, 0, 0), "UTC")).toBe("today since 00:00");
  });
});

describe("queueMetrics", () => {
  const s = stats("700", {
    serviceLevelSec: 20,
    windows: {
      "15m": win("15m"),
      "1h": win("1h", { offered: 10, answered: 9, abandoned: 1, answeredWithinSl: 8, serviceLevel: 0.8, asaSec: 14.6, ahtSec: 200, abandonRate: 0.1 }),
      today: win("today", { offered: 120, answered: 110, abandoned: 10, answeredWithinSl: 100, serviceLevel: 100 / 120, asaSec: 12, ahtSec: 245, abandonRate: 10 / 120 }),
    },
  });
  const byKey = (w: StatsWindowName) => Object.fromEntries(queueMetrics(s, w).map((m) => [m.key, m]));

  it("shows the chosen window's numbers with units and the SL threshold", () => {
    const m = byKey("today");
    expect(`${m.sl?.label}: ${m.sl?.value}`).toBe("SL 20 s: 83 %");
    expect(m.asa?.value).toBe("12 s");
    expect(m["abandon-rate"]?.value).toBe("8 %");
    expect(m.aht?.value).toBe("4 min 05 s");
    expect(m.counts?.value).toBe("120 offered · 110 answered · 10 abandoned");
    expect(byKey("1h").sl?.value).toBe("80 %");
  });

  it("shows a dash for values that do not exist", () => {
    const m = byKey("15m");
    expect(m.sl?.value).toBe("—");
    expect(m.asa?.value).toBe("—");
    expect(m["abandon-rate"]?.value).toBe("—");
    expect(m.aht?.value).toBe("—");
  });

  it("states every formula, with the queue's threshold", () => {
    const m = byKey("today");
    expect(m.sl?.formula).toBe("SL = answered ≤ 20 s ÷ (answered + abandoned)");
    expect(m["abandon-rate"]?.formula).toBe("Abandon rate = abandoned ÷ (answered + abandoned)");
    for (const metric of queueMetrics(s, "today")) expect(metric.formula.length).toBeGreaterThan(0);
    expect(queueMetrics(stats("701", { serviceLevelSec: 30 }), "today")[0]?.formula).toContain("≤ 30 s");
  });

  it("gives each number its test hook", () => {
    expect(queueMetrics(s, "today").map((m) => m.testId)).toEqual([
      "queue-sl", "queue-asa", "queue-abandon-rate", "queue-aht", "queue-counts",
    ]);
  });
});
