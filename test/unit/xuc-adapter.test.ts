import { describe, expect, it } from "vitest";
import type { AgentIdentityEvent, AgentStateEvent, NeutralEvent, QueueStatsEvent } from "../../lib/sources/neutral-events";
import { applyXucFrame, emptyXucKnowledge, mapXucState, stateStart, type XucKnowledge } from "../../lib/sources/xuc/adapter";
import { parseXucFrame } from "../../lib/sources/xuc/wire";

const T0 = Date.parse("2026-03-02T09:00:00Z");
const f = (msgType: string, ctiMessage: unknown) => JSON.stringify({ msgType, ctiMessage });

/** Feeds frames in order; returns the knowledge and every event. */
function feed(frames: string[], k: XucKnowledge = emptyXucKnowledge(), at = T0): { k: XucKnowledge; events: NeutralEvent[]; warnings: string[] } {
  const events: NeutralEvent[] = [];
  const warnings: string[] = [];
  for (const text of frames) {
    const r = applyXucFrame(k, parseXucFrame(text), { source: "xuc-test", receivedAt: at });
    k = r.knowledge;
    events.push(...r.events);
    warnings.push(...r.warnings);
  }
  return { k, events, warnings };
}
const states = (events: NeutralEvent[]) => events.filter((e): e is AgentStateEvent => e.type === "agent-state");
const identities = (events: NeutralEvent[]) => events.filter((e): e is AgentIdentityEvent => e.type === "agent-identity");

const STATUSES = f("UsersStatuses", [
  { name: "available", longName: "Available", actions: [{ name: "queueunpause_all" }] },
  { name: "lunch", longName: "Lunch break", actions: [{ name: "queuepause_all" }] },
]);

describe("XuC states in our vocabulary", () => {
  it.each([
    ["AgentLogin", "READY"],
    ["AgentReady", "READY"],
    ["AgentOnPause", "PAUSED"],
    ["AgentOnWrapup", "DISPO"],
    ["AgentRinging", "RINGING"],
    ["AgentDialing", "DIAL"],
    ["AgentOnCall", "INCALL"],
    ["AgentOnAcdCall", "INCALL"],
    ["AgentLoggedOut", "LOGGED_OUT"],
  ])("%s → %s", (name, ours) => {
    expect(mapXucState(name, null, new Map())?.state).toBe(ours);
  });

  it("unknown states give no event but a warning", () => {
    const { events, warnings } = feed([f("AgentStateEvent", { name: "AgentOnHoliday", agentId: 1, since: 0 })]);
    expect(states(events)).toEqual([]);
    expect(warnings[0]).toContain("AgentOnHoliday");
  });

  it("time in state starts at receive time minus XuC's since seconds (server clock)", () => {
    const { events } = feed([f("AgentStateEvent", { name: "AgentReady", agentId: 1, since: 75, phoneNb: "1001" })]);
    expect(states(events)[0]).toMatchObject({ agentId: "1", state: "READY", since: T0 - 75_000, platformState: "AgentReady", receivedAt: T0 });
    expect(stateStart(T0, -5)).toBe(T0);
    expect(stateStart(T0, null)).toBe(T0);
    expect(stateStart(T0, 1e12)).toBe(T0 - 30 * 24 * 3600 * 1000);
  });

  it("a pause carries the cause as pause code and the UsersStatuses longName as label", () => {
    const { events } = feed([STATUSES, f("AgentStateEvent", { name: "AgentOnPause", agentId: 4, since: 10, cause: "lunch" })]);
    expect(states(events)[0]).toMatchObject({ state: "PAUSED", pauseCode: "lunch", pauseLabel: "Lunch break" });
  });

  it("a label learnt after the pause is sent again with the same since", () => {
    const { events } = feed([f("AgentStateEvent", { name: "AgentOnPause", agentId: 4, since: 10, cause: "lunch" }), STATUSES]);
    const s = states(events);
    expect(s.map((e) => e.pauseLabel)).toEqual([null, "Lunch break"]);
    expect(s[1]!.since).toBe(s[0]!.since);
  });

  it("on a call: acd and direction are kept", () => {
    const { events } = feed([f("AgentStateEvent", { name: "AgentOnCall", agentId: 2, since: 0, acd: true, direction: "Incoming" })]);
    expect(states(events)[0]!.call).toEqual({ acd: true, direction: "incoming" });
  });

  it("the same state repeated is not sent again; a new stint is", () => {
    const first = feed([f("AgentStateEvent", { name: "AgentReady", agentId: 1, since: 5 })]);
    const again = feed([f("AgentStateEvent", { name: "AgentReady", agentId: 1, since: 6 })], first.k, T0 + 1000);
    expect(states(again.events)).toEqual([]);
    const newStint = feed([f("AgentStateEvent", { name: "AgentReady", agentId: 1, since: 0 })], first.k, T0 + 60_000);
    expect(states(newStint.events)).toHaveLength(1);
  });
});

describe("XuC agents, queues and membership", () => {
  it("names from AgentList, phone from the state, queues from QueueMember (penalty < 0 removes)", () => {
    const { k, events } = feed([
      f("AgentList", [{ id: 1, firstName: "Ann", lastName: "Lee", number: "2001" }]),
      f("QueueList", [{ id: 10, name: "sales", displayName: "Sales" }, { id: 11, name: "support", displayName: "Support" }]),
      f("QueueMemberList", [{ agentId: 1, queueId: 10, penalty: 0 }, { agentId: 1, queueId: 11, penalty: 2 }]),
      f("AgentStateEvent", { name: "AgentReady", agentId: 1, since: 0, phoneNb: "1001", queues: [99] }),
      f("QueueMember", { agentId: 1, queueId: 10, penalty: -1 }),
    ]);
    const last = identities(events).at(-1)!;
    expect(last).toMatchObject({ agentId: "1", name: "Ann Lee", login: "2001", phone: "1001", queues: ["11"], deleted: false });
    expect([...k.members.get("1")!.keys()]).toEqual(["11"]);
    expect(events.filter((e) => e.type === "queue-info").map((e) => e.type === "queue-info" && e.name)).toEqual(["sales", "support"]);
  });

  it("without membership frames the AgentStateEvent's queues are used", () => {
    const { events } = feed([f("AgentStateEvent", { name: "AgentReady", agentId: 3, since: 0, queues: [2, 1] })]);
    expect(identities(events)[0]!.queues).toEqual(["1", "2"]);
  });

  it("sends one resync once agents, queues and members lists arrived", () => {
    const { events } = feed([f("AgentList", [{ id: 1 }, { id: 2 }]), f("QueueList", [{ id: 10, name: "q" }]), f("QueueMemberList", []), f("AgentList", [{ id: 1 }])]);
    const resyncs = events.filter((e) => e.type === "resync");
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ agentIds: ["1", "2"], queueIds: ["10"], activeCallIds: [] });
  });

  it("refuses agents beyond its bound", () => {
    let k = emptyXucKnowledge();
    const warnings: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = applyXucFrame(k, parseXucFrame(f("AgentStateEvent", { name: "AgentReady", agentId: i, since: 0 })), { source: "s", receivedAt: T0, limits: { maxAgents: 3, maxQueues: 3, maxUserStatuses: 3, maxCountersPerQueue: 3, maxWaitingCallsPerQueue: 3 } });
      k = r.knowledge;
      warnings.push(...r.warnings);
    }
    expect(k.states.size).toBe(3);
    expect(warnings.some((w) => w.includes("more than 3 agents"))).toBe(true);
  });
});

describe("XuC queue statistics and waiting calls", () => {
  const queues = f("QueueList", [{ id: 10, name: "sales" }, { id: 11, name: "support" }]);

  it("merges partial counters keyed by queueId or by queueRef (the queue's name)", () => {
    const { k, events } = feed([
      queues,
      f("QueueStatistics", { queueId: 10, counters: [{ statName: "TotalNumberCallsEntered", value: 5 }, { statName: "WaitingCalls", value: 2 }] }),
      f("QueueStatistics", { queueRef: "sales", counters: [{ statName: "TotalNumberCallsAnswered", value: 3 }] }),
    ]);
    const stats = events.filter((e): e is QueueStatsEvent => e.type === "queue-stats");
    expect(stats).toHaveLength(2);
    expect(stats[1]).toMatchObject({ queueId: "10", changed: ["TotalNumberCallsAnswered"], counters: { TotalNumberCallsEntered: 5, WaitingCalls: 2, TotalNumberCallsAnswered: 3 } });
    expect(stats[1]!.definitions["TotalNumberCallsAnswered"]!.label).toBe("Calls answered");
    expect(k.counters.get("10")).toEqual({ TotalNumberCallsEntered: 5, WaitingCalls: 2, TotalNumberCallsAnswered: 3 });
  });

  it("accepts both LongestWaitTime and LongestWaitingTime, and clears the longest wait when nobody waits", () => {
    const { events } = feed([
      queues,
      f("QueueStatistics", { queueId: 11, counters: [{ statName: "LongestWaitingTime", value: 40 }, { statName: "WaitingCalls", value: 1 }] }),
      f("QueueStatistics", { queueRef: "support", counters: [{ statName: "LongestWaitTime", value: 45 }] }),
      f("QueueStatistics", { queueId: 11, counters: [{ statName: "WaitingCalls", value: 0 }] }),
    ]);
    const stats = events.filter((e): e is QueueStatsEvent => e.type === "queue-stats");
    expect(stats.map((s) => s.counters["LongestWaitTime"])).toEqual([40, 45, 0]);
    expect(stats[0]!.counters["LongestWaitingTime"]).toBe(40);
  });

  it("an unchanged update sends nothing; an unknown queueRef is a warning", () => {
    const a = feed([queues, f("QueueStatistics", { queueId: 10, counters: [{ statName: "EWT", value: 7 }] })]);
    const b = feed([f("QueueStatistics", { queueRef: "sales", counters: [{ statName: "EWT", value: 7 }] }), f("QueueStatistics", { queueRef: "nowhere", counters: [{ statName: "EWT", value: 1 }] })], a.k);
    expect(b.events).toEqual([]);
    expect(b.warnings[0]).toContain("nowhere");
  });

  it("QueueCalls gives the waiting calls in position order, sent only when the list changes", () => {
    const frame = f("QueueCalls", { queueId: 10, calls: [{ position: 2, name: "Bo", number: "0622", queueTime: "2026-03-02T08:59:30Z" }, { position: 1, name: "Al", number: "0611", queueTime: "2026-03-02T08:58:00Z" }] });
    const { k, events } = feed([frame]);
    const waiting = events.find((e) => e.type === "queue-waiting");
    expect(waiting?.type === "queue-waiting" && waiting.calls).toEqual([
      { position: 1, callerName: "Al", callerNumber: "0611", waitingSince: Date.parse("2026-03-02T08:58:00Z") },
      { position: 2, callerName: "Bo", callerNumber: "0622", waitingSince: Date.parse("2026-03-02T08:59:30Z") },
    ]);
    expect(feed([frame], k).events).toEqual([]);
    expect(feed([f("QueueCalls", { queueId: 10, calls: [] })], k).events).toHaveLength(1);
  });
});
