/** The fan-out's flush interval from the rate of agent changes (lib/realtime/flush-pacing.ts). */
import { describe, expect, it } from "vitest";
import { AGENT_FLUSH_MAX_MS, AGENT_FLUSH_MIN_MS, ChangeRate, agentFlushIntervalMs } from "../../lib/realtime/flush-pacing";

describe("agentFlushIntervalMs", () => {
  it("is the shortest interval up to 1,000 changes/s, then grows with the rate up to the longest", () => {
    expect(agentFlushIntervalMs(0)).toBe(AGENT_FLUSH_MIN_MS);
    expect(agentFlushIntervalMs(300)).toBe(10);
    expect(agentFlushIntervalMs(1_000)).toBe(10);
    expect(agentFlushIntervalMs(1_500)).toBe(15);
    expect(agentFlushIntervalMs(2_000)).toBe(20);
    expect(agentFlushIntervalMs(5_000)).toBe(AGENT_FLUSH_MAX_MS);
    expect(agentFlushIntervalMs(1e9)).toBe(50);
  });

  it("takes a rate that is not a number ≥ 0 as no changes", () => {
    for (const bad of [Number.NaN, -5, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY]) expect(agentFlushIntervalMs(bad)).toBe(AGENT_FLUSH_MIN_MS);
  });
});

describe("ChangeRate", () => {
  it("reports the last completed window's rate, 0 before one closes", () => {
    const r = new ChangeRate(500);
    r.add(100, 1_000);
    expect(r.perSecond(1_200)).toBe(0);
    r.add(400, 1_400);
    // The window [1000, 1500) held 500 changes: 1,000/s.
    expect(r.perSecond(1_500)).toBe(1_000);
    r.add(2_000, 1_600);
    expect(r.perSecond(1_900)).toBe(1_000); // the next window is still open
    expect(r.perSecond(2_000)).toBe(4_000);
  });

  it("falls after a burst: a window left open through a quiet spell spreads its count over its whole length", () => {
    const r = new ChangeRate(500);
    r.add(0, 0);
    r.add(5_000, 100);
    expect(r.perSecond(500)).toBe(10_000);
    r.add(10, 600);
    // Quiet for 10 s: the open window [500, 10,500) held 10 changes.
    expect(r.perSecond(10_500)).toBe(1);
    expect(agentFlushIntervalMs(r.perSecond(10_500))).toBe(AGENT_FLUSH_MIN_MS);
  });
});
