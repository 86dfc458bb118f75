import { describe, expect, it } from "vitest";
import type { AgentIdentityEvent, AgentStateEvent, CallEvent, NeutralEvent } from "../../lib/sources/neutral-events";
import { applyVoipbinEvent, applyVoipbinQueues, applyVoipbinSnapshot, emptyVoipbinKnowledge, mapVoipbinStatus, type VoipbinKnowledge } from "../../lib/sources/voipbin/adapter";
import { NIL_UUID } from "../../lib/sources/voipbin/timestamps";
import { parseResource, parseVoipbinFrame, type VbAgent, type VbQueue, type VbQueuecall } from "../../lib/sources/voipbin/wire";

const T0 = Date.parse("2026-03-02T09:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();

function agent(id: string, status: string, extra: Record<string, unknown> = {}): VbAgent {
  const r = parseResource("agent", { id, customer_id: "c", username: id, name: `Agent ${id}`, status, permission: 16, tag_ids: ["t-sales"], addresses: [{ type: "extension", target: `20${id}` }], tm_update: iso(T0), tm_delete: null, ...extra });
  if (typeof r !== "object" || r.resource !== "agent") throw new Error(String(r));
  return r.agent;
}
function queue(id: string, wait: string[] = [], service: string[] = [], extra: Record<string, unknown> = {}): VbQueue {
  const r = parseResource("queue", { id, name: `queue-${id}`, detail: `Queue ${id}`, tag_ids: ["t-sales"], wait_queuecall_ids: wait, service_queuecall_ids: service, tm_delete: null, ...extra });
  if (typeof r !== "object" || r.resource !== "queue") throw new Error(String(r));
  return r.queue;
}
function qc(id: string, status: string, extra: Record<string, unknown> = {}): VbQueuecall {
  const r = parseResource("queuecall", { id, reference_type: "call", reference_id: `call-${id}`, status, service_agent_id: NIL_UUID, tm_create: iso(T0), tm_service: null, tm_update: iso(T0 + 1000), tm_delete: null, ...extra });
  if (typeof r !== "object" || r.resource !== "queuecall") throw new Error(String(r));
  return r.queuecall;
}

/** Applies live events in order (each at its own receive time). */
function live(k: VoipbinKnowledge, items: [unknown, number][]): { k: VoipbinKnowledge; events: NeutralEvent[]; unknown: string[] } {
  const events: NeutralEvent[] = [];
  const unknown: string[] = [];
  for (const [res, at] of items) {
    const text = typeof res === "string" ? res : JSON.stringify(res);
    const f = parseVoipbinFrame(text);
    if (f.kind !== "event") throw new Error(`not an event: ${text}`);
    const r = applyVoipbinEvent(k, f, f.eventType, { source: "vb", receivedAt: at });
    k = r.knowledge;
    events.push(...r.events);
    unknown.push(...r.unknownQueueCalls);
  }
  return { k, events, unknown };
}
const states = (e: NeutralEvent[]) => e.filter((x): x is AgentStateEvent => x.type === "agent-state");
const calls = (e: NeutralEvent[]) => e.filter((x): x is CallEvent => x.type === "call").map((x) => x.call);
const raw = (a: VbAgent | VbQueuecall) => a.raw;

function snapshot(k: VoipbinKnowledge, agents: VbAgent[], queues: VbQueue[], queuecalls: VbQueuecall[], at = T0) {
  return applyVoipbinSnapshot(k, { agents, queues, queuecalls }, { source: "vb", receivedAt: at });
}

describe("VoIPBin statuses in our vocabulary", () => {
  it.each([
    ["available", false, false, "READY"],
    ["away", false, false, "PAUSED"],
    ["ringing", false, false, "RINGING"],
    ["offline", false, false, "LOGGED_OUT"],
    ["busy", true, false, "INCALL"],
    ["busy", false, false, "INCALL"],
    ["busy", false, true, "DISPO"],
    ["busy", true, true, "INCALL"],
  ])("%s (on call %s, call ended while busy %s) → %s", (status, onCall, ended, ours) => {
    expect(mapVoipbinStatus(status, onCall, ended)).toBe(ours);
  });

  it("away is PAUSED without pause code or label (VoIPBin has none)", () => {
    const start = snapshot(emptyVoipbinKnowledge(), [agent("1", "available")], [queue("q")], []);
    const { events } = live(start.knowledge, [[{ type: "agent_status_updated", data: { ...raw(agent("1", "away")), tm_update: iso(T0 + 5000) } }, T0 + 5000]]);
    expect(states(events)).toEqual([expect.objectContaining({ agentId: "1", state: "PAUSED", pauseCode: null, pauseLabel: null, platformState: "away", since: T0 + 5000 })]);
  });
});

describe("VoIPBin queue calls", () => {
  it("maps a call to its queue through the queues' lists, and follows it to the end", () => {
    const start = snapshot(emptyVoipbinKnowledge(), [agent("1", "available")], [queue("q", ["qc1"])], []);
    const t = (s: number) => T0 + s * 1000;
    const { events } = live(start.knowledge, [
      [{ type: "queuecall_waiting", data: raw(qc("qc1", "waiting", { tm_update: iso(t(1)) })) }, t(1)],
      [{ ...raw(qc("qc1", "connecting", { service_agent_id: "1", tm_update: iso(t(5)) })) }, t(5)],
      [{ ...raw(agent("1", "ringing", { tm_update: iso(t(5)) })) }, t(5)],
      [{ ...raw(qc("qc1", "service", { service_agent_id: "1", tm_service: iso(t(8)), duration_waiting: 8000, tm_update: iso(t(8)) })) }, t(8)],
      [{ ...raw(agent("1", "busy", { tm_update: iso(t(8)) })) }, t(8)],
      [{ type: "queuecall_done", data: raw(qc("qc1", "done", { service_agent_id: "1", tm_service: iso(t(8)), duration_waiting: 8000, duration_service: 60000, tm_end: iso(t(68)), tm_delete: iso(t(68)), tm_update: iso(t(68)) })) }, t(68)],
    ]);
    const c = calls(events);
    expect(c.map((x) => [x.state, x.queue, x.agentId])).toEqual([
      ["waiting", "q", null],
      ["ringing", "q", "1"],
      ["connected", "q", "1"],
      ["ended", "q", "1"],
    ]);
    expect(c[3]).toMatchObject({ outcome: "answered", enteredAt: T0, answeredAt: t(8), endedAt: t(68), waitSec: 8, talkSec: 60, endKnown: true, timesFrom: "platform", to: "queue-q" });
    // The agent stays busy after the call: DISPO from the call's end.
    expect(states(events).map((s) => [s.state, s.since])).toEqual([
      ["RINGING", t(5)],
      ["INCALL", t(8)],
      ["DISPO", t(68)],
    ]);
  });

  it("an abandoned call ends abandoned with its wait", () => {
    const start = snapshot(emptyVoipbinKnowledge(), [], [queue("q", ["qc2"])], [qc("qc2", "waiting")]);
    const { events } = live(start.knowledge, [[{ type: "queuecall_abandoned", data: raw(qc("qc2", "abandoned", { duration_waiting: 42000, tm_end: iso(T0 + 42000), tm_update: iso(T0 + 42000) })) }, T0 + 42000]]);
    expect(calls(events)[0]).toMatchObject({ state: "ended", outcome: "abandoned", waitSec: 42, talkSec: null, endedAt: T0 + 42000, agentId: null });
  });

  it("a call no queue lists is sent without a queue and reported, then again once the queues say", () => {
    const start = snapshot(emptyVoipbinKnowledge(), [], [queue("q")], []);
    const first = live(start.knowledge, [[raw(qc("new", "waiting")), T0 + 1000]]);
    expect(calls(first.events)[0]!.queue).toBeNull();
    expect(first.unknown).toEqual(["new"]);
    const refreshed = applyVoipbinQueues(first.k, [queue("q", ["new"])], true, { source: "vb", receivedAt: T0 + 2000 });
    expect(calls(refreshed.events)).toEqual([expect.objectContaining({ id: "new", queue: "q", state: "waiting", to: "queue-q" })]);
  });

  it("a doubled frame (the same event twice) is applied once; an older update is ignored", () => {
    const start = snapshot(emptyVoipbinKnowledge(), [], [queue("q", ["qc3"])], []);
    const frame = raw(qc("qc3", "waiting", { tm_update: iso(T0 + 3000) }));
    const { k, events } = live(start.knowledge, [
      [frame, T0 + 3000],
      [frame, T0 + 3001],
      [{ type: "queuecall_waiting", data: frame }, T0 + 3002],
    ]);
    expect(calls(events)).toHaveLength(1);
    const older = live(k, [[raw(qc("qc3", "initiating", { tm_update: iso(T0 + 1000) })), T0 + 3500]]);
    expect(older.events).toEqual([]);
  });

  it("the caller's number comes from the call the queue call refers to", () => {
    const start = snapshot(emptyVoipbinKnowledge(), [], [queue("q", ["qc4"])], [qc("qc4", "waiting")]);
    const { events } = live(start.knowledge, [[{ id: "call-qc4", type: "flow", source: { type: "tel", target: "+33611223344" }, destination: { type: "tel", target: "3000" }, status: "progressing", direction: "incoming" }, T0 + 500]]);
    expect(calls(events)[0]).toMatchObject({ id: "qc4", from: "+33611223344" });
  });
});

describe("VoIPBin resync from REST", () => {
  it("builds identities, membership by tags, states, waiting calls and a resync marker", () => {
    const a1 = agent("1", "available");
    const a2 = agent("2", "busy", { tag_ids: ["t-other"] });
    const r = snapshot(emptyVoipbinKnowledge(), [a1, a2], [queue("q", ["qc5"]), queue("open", [], [], { tag_ids: [] })], [qc("qc5", "waiting")]);
    const ids = r.events.filter((e): e is AgentIdentityEvent => e.type === "agent-identity");
    expect(ids.map((i) => [i.agentId, i.name, i.login, i.phone, i.queues])).toEqual([
      ["1", "Agent 1", "1", "201", ["open", "q"]],
      ["2", "Agent 2", "2", "202", ["open"]],
    ]);
    expect(states(r.events).map((s) => [s.agentId, s.state, s.since])).toEqual([
      ["1", "READY", T0],
      ["2", "INCALL", T0],
    ]);
    expect(r.events.at(-1)).toMatchObject({ type: "resync", agentIds: ["1", "2"], queueIds: ["q", "open"], activeCallIds: ["qc5"] });
  });

  it("after a gap: calls ended meanwhile end with their real times, vanished ones end unseen, agents gone are deleted", () => {
    const before = snapshot(emptyVoipbinKnowledge(), [agent("1", "busy"), agent("2", "available")], [queue("q", ["w1", "w2"], ["s1"])], [qc("w1", "waiting"), qc("w2", "waiting"), qc("s1", "service", { service_agent_id: "1", tm_service: iso(T0 + 500) })]);
    const later = T0 + 600_000;
    const after = snapshot(
      before.knowledge,
      [agent("1", "busy")],
      [queue("q", ["w2"])],
      [qc("w2", "waiting"), qc("s1", "done", { service_agent_id: "1", tm_service: iso(T0 + 500), tm_end: iso(T0 + 90_000), tm_delete: iso(T0 + 90_000), tm_update: iso(T0 + 90_000) })],
      later,
    );
    const c = calls(after.events);
    expect(c.find((x) => x.id === "s1")).toMatchObject({ state: "ended", outcome: "answered", endKnown: true, endedAt: T0 + 90_000 });
    expect(c.find((x) => x.id === "w1")).toMatchObject({ state: "ended", outcome: "unknown", endKnown: false, endedAt: null });
    expect(c.find((x) => x.id === "w2")).toBeUndefined();
    const ids = after.events.filter((e): e is AgentIdentityEvent => e.type === "agent-identity");
    expect(ids.find((i) => i.agentId === "2")?.deleted).toBe(true);
    // Agent 1 is still busy but its call ended while we were away: after-call work from the call's end.
    expect(states(after.events).find((s) => s.agentId === "1")).toMatchObject({ state: "DISPO", since: T0 + 90_000 });
    expect(after.events.at(-1)).toMatchObject({ type: "resync", agentIds: ["1"], activeCallIds: ["w2"] });
  });

  it("an agent who took and ended a call while we were away is DISPO, though its tm_update is later than the call's end", () => {
    const before = snapshot(emptyVoipbinKnowledge(), [agent("1", "available")], [queue("q", ["c"])], [qc("c", "waiting")]);
    const after = snapshot(
      before.knowledge,
      [agent("1", "busy", { tm_update: iso(T0 + 95_000) })],
      [queue("q")],
      [qc("c", "done", { service_agent_id: "1", tm_service: iso(T0 + 10_000), tm_end: iso(T0 + 90_000), tm_delete: iso(T0 + 90_000), tm_update: iso(T0 + 90_000) })],
      T0 + 120_000,
    );
    expect(states(after.events)).toEqual([expect.objectContaining({ agentId: "1", state: "DISPO", since: T0 + 90_000 })]);
  });

  it("a repeated snapshot with nothing new sends only the resync marker", () => {
    const args: [VbAgent[], VbQueue[], VbQueuecall[]] = [[agent("1", "available")], [queue("q", ["x"])], [qc("x", "waiting")]];
    const first = snapshot(emptyVoipbinKnowledge(), ...args);
    const second = snapshot(first.knowledge, ...args, T0 + 5000);
    expect(second.events.map((e) => e.type)).toEqual(["resync"]);
  });
});
