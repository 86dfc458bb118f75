import { describe, expect, it } from "vitest";
import { AGENT_STATUSES } from "../../lib/agents/status";
import { rampOf } from "../../lib/wall/ramps";

describe("rampOf (VICIdial real-time report time ramps)", () => {
  it("READY and CLOSER ramp at 0/60/300 s", () => {
    for (const state of ["READY", "CLOSER"] as const) {
      expect(rampOf(state, 0).level).toBe(1);
      expect(rampOf(state, 59.9).level).toBe(1);
      expect(rampOf(state, 60).level).toBe(2);
      expect(rampOf(state, 299).level).toBe(2);
      expect(rampOf(state, 300).level).toBe(3);
      expect(rampOf(state, 3600).key).toBe("ready-3");
    }
  });

  it("INCALL, PARK, PAUSED and DISPO ramp at 10/60/300 s", () => {
    for (const state of ["INCALL", "PARK", "PAUSED", "DISPO"] as const) {
      expect([0, 9, 10, 59, 60, 299, 300, 10_000].map((s) => rampOf(state, s).level)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    }
  });

  it("DEAD and 3-WAY change once, after 10 s", () => {
    expect(rampOf("DEAD", 9).key).toBe("dead-0");
    expect(rampOf("DEAD", 10).key).toBe("dead-1");
    expect(rampOf("DEAD", 600).key).toBe("dead-1");
    expect(rampOf("3-WAY", 9).key).toBe("threeway-0");
    expect(rampOf("3-WAY", 10).key).toBe("threeway-1");
  });

  it("DIAL and LOGGED_OUT have no ramp", () => {
    expect(rampOf("DIAL", 1000).key).toBe("dial-0");
    expect(rampOf("LOGGED_OUT", 1e6).key).toBe("loggedout-0");
  });

  it("PARK has its own hue (history and live alike), ramping like INCALL", () => {
    expect(rampOf("PARK", 61).key).toBe("park-2");
  });

  it("treats negative times (unsettled clock offset) as 0", () => {
    expect(rampOf("INCALL", -5).level).toBe(0);
    expect(rampOf("READY", -5).level).toBe(1);
  });

  it("gives every status a key of the form family-level", () => {
    for (const s of AGENT_STATUSES) expect(rampOf(s, 42).key).toMatch(/^[a-z]+-[0-3]$/);
  });
});

describe("campaign thresholds", () => {
  it("a campaign's own thresholds replace VICIdial's for the states it sets", () => {
    const own = { READY: [0, 30, 120] };
    expect(rampOf("READY", 45, own).level).toBe(2);
    expect(rampOf("READY", 45).level).toBe(1);
    expect(rampOf("PAUSED", 61, own).level).toBe(2);
  });
});
