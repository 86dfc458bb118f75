import { describe, expect, it } from "vitest";
import type { CallView } from "../../lib/calls/types";
import {
  applyCallDelta,
  applyCallsSnapshot,
  callKey,
  callTimerStart,
  countCalls,
  panelCounts,
  splitCalls,
} from "../../lib/wall/calls";

function call(id: string, patch: Partial<CallView> = {}): CallView {
  return {
    id, pbx: "env", from: "0612345678", to: "700", queue: "700", agentExtension: null,
    state: "waiting", enteredAt: 1_000, answeredAt: null, endedAt: null, endKnown: true,
    outcome: null, waitSec: null, talkSec: null, ...patch,
  };
}

describe("applyCallsSnapshot", () => {
  it("replaces every call, keyed by pbx + id, leaving out ended ones", () => {
    const map = applyCallsSnapshot([call("1"), call("1", { pbx: "other" }), call("2", { state: "ended" })]);
    expect(map.size).toBe(2);
    expect(map.has(callKey({ pbx: "env", id: "1" }))).toBe(true);
    expect(map.has(callKey({ pbx: "other", id: "1" }))).toBe(true);
  });
});

describe("applyCallDelta", () => {
  it("inserts a new call and updates a known one by pbx + id", () => {
    let map = applyCallsSnapshot([call("1")]);
    map = applyCallDelta(map, call("2"));
    map = applyCallDelta(map, call("1", { state: "connected", answeredAt: 5_000, agentExtension: "101" }));
    expect(map.size).toBe(2);
    expect(map.get(callKey({ pbx: "env", id: "1" }))?.state).toBe("connected");
  });

  it("the same id on another PBX is another call", () => {
    const map = applyCallDelta(applyCallsSnapshot([call("1")]), call("1", { pbx: "b" }));
    expect(map.size).toBe(2);
  });

  it("removes a call that ended", () => {
    const map = applyCallDelta(applyCallsSnapshot([call("1"), call("2")]), call("1", { state: "ended", outcome: "abandoned" }));
    expect([...map.values()].map((c) => c.id)).toEqual(["2"]);
  });

  it("returns the same map for the end of a call it does not hold", () => {
    const before = applyCallsSnapshot([call("1")]);
    expect(applyCallDelta(before, call("9", { state: "ended" }))).toBe(before);
  });

  it("never mutates the map it is given", () => {
    const before = applyCallsSnapshot([call("1")]);
    applyCallDelta(before, call("2"));
    applyCallDelta(before, call("1", { state: "ended" }));
    expect(before.size).toBe(1);
    expect(before.get(callKey(call("1")))?.state).toBe("waiting");
  });
});

describe("splitCalls / callTimerStart / countCalls", () => {
  const calls = [
    call("w-new", { enteredAt: 9_000 }),
    call("w-old", { enteredAt: 2_000 }),
    call("c-late", { state: "connected", enteredAt: 1_000, answeredAt: 8_000 }),
    call("c-early", { state: "connected", enteredAt: 3_000, answeredAt: 4_000 }),
    call("r", { state: "ringing", enteredAt: 7_000 }),
  ];

  it("waiting oldest first; ringing then connected, longest first", () => {
    const { waiting, active } = splitCalls(calls);
    expect(waiting.map((c) => c.id)).toEqual(["w-old", "w-new"]);
    expect(active.map((c) => c.id)).toEqual(["r", "c-early", "c-late"]);
  });

  it("a connected call times from its answer, else from entry; waiting and ringing from entry", () => {
    expect(callTimerStart(call("a", { state: "connected", enteredAt: 1_000, answeredAt: 6_000 }))).toBe(6_000);
    expect(callTimerStart(call("a", { state: "connected", enteredAt: 1_000, answeredAt: null }))).toBe(1_000);
    expect(callTimerStart(call("a", { state: "ringing", enteredAt: 1_000 }))).toBe(1_000);
    expect(callTimerStart(call("a", { state: "waiting", enteredAt: 2_000 }))).toBe(2_000);
  });

  it("counts calls by state", () => {
    expect(countCalls(calls)).toEqual({ waiting: 2, ringing: 1, connected: 2 });
  });
});

describe("panelCounts", () => {
  it("takes waiting and ringing from the queues' statistics, adds the VICIdial in-groups' waiting calls, counts connected calls", () => {
    const queues = [{ waiting: 3, ringing: 1 }, { waiting: 1 }];
    const calls = [call("a", { state: "connected" }), call("b", { state: "waiting" }), call("c", { state: "connected" })];
    expect(panelCounts(queues, calls)).toEqual({ waiting: 4, ringing: 1, connected: 2 });
    expect(panelCounts(queues, calls, [{ waiting: 2 }, { waiting: 0 }])).toEqual({ waiting: 6, ringing: 1, connected: 2 });
  });
});
