import { describe, expect, it } from "vitest";
import { instant, parseXucFrame, XUC_PING, xucCommand } from "../../lib/sources/xuc/wire";

const f = (msgType: string, ctiMessage: unknown) => JSON.stringify({ msgType, ctiMessage });

describe("XuC frame parsing", () => {
  it("reads an AgentStateEvent with XuC's field spellings and keeps unknown fields", () => {
    const frame = parseXucFrame(f("AgentStateEvent", { name: "AgentOnPause", agentId: 12, phoneNb: "1001", since: 42, queues: [3, 4], cause: "lunch", acd: false, direction: "Incoming", monitorState: "ACTIVE", extra: { x: 1 } }));
    expect(frame.kind).toBe("agent-state");
    if (frame.kind !== "agent-state") return;
    expect(frame.state).toMatchObject({ name: "AgentOnPause", agentId: "12", phoneNb: "1001", since: 42, queues: ["3", "4"], cause: "lunch", acd: false, direction: "incoming" });
    expect(frame.state.raw["monitorState"]).toBe("ACTIVE");
    expect(frame.state.raw["extra"]).toEqual({ x: 1 });
  });

  it('treats phoneNb "null" and an empty cause as absent', () => {
    const frame = parseXucFrame(f("AgentStateEvent", { name: "AgentLoggedOut", agentId: "7", phoneNb: "null", since: "3", cause: "" }));
    expect(frame.kind === "agent-state" && frame.state).toMatchObject({ phoneNb: null, cause: null, since: 3, queues: [] });
  });

  it("reads list replies as arrays, single configs as objects, and counts invalid items", () => {
    const list = parseXucFrame(f("AgentList", [{ id: 1, userId: 101, firstName: "Ann", lastName: "Lee", number: "2001" }, { firstName: "no id" }, { id: 2, firstName: "Bob", lastName: null }]));
    expect(list.kind === "agent-config" && list.list && list.agents.map((a) => a.id)).toEqual(["1", "2"]);
    expect(list.kind === "agent-config" && list.dropped).toBe(1);
    const one = parseXucFrame(f("AgentConfig", { id: 3, firstName: "Cy", lastName: "Oh" }));
    expect(one.kind === "agent-config" && !one.list && one.agents[0]!.id).toBe("3");
    const queues = parseXucFrame(f("QueueList", [{ id: 1, name: "sales", displayName: "Sales", number: "3000" }]));
    expect(queues.kind === "queue-config" && queues.queues[0]).toMatchObject({ id: "1", name: "sales", displayName: "Sales", number: "3000" });
    const members = parseXucFrame(f("QueueMemberList", [{ agentId: 1, queueId: 2, penalty: 0 }, { agentId: 1, queueId: 3, penalty: -1 }]));
    expect(members.kind === "queue-member" && members.members.map((m) => m.penalty)).toEqual([0, -1]);
  });

  it("reads UsersStatuses and which of them pause the agent", () => {
    const frame = parseXucFrame(
      f("UsersStatuses", [
        { name: "available", longName: "Disponible", color: "#0f0", actions: [{ name: "queueunpause_all", parameters: "true" }] },
        { name: "lunch", longName: "Déjeuner", color: "#ff0", actions: [{ name: "queuepause_all", parameters: "true" }] },
        { name: "dnd", longName: "Ne pas déranger", actions: [] },
      ]),
    );
    expect(frame.kind === "users-statuses" && frame.statuses.map((s) => [s.name, s.longName, s.pauses])).toEqual([
      ["available", "Disponible", false],
      ["lunch", "Déjeuner", true],
      ["dnd", "Ne pas déranger", null],
    ]);
  });

  it("reads QueueStatistics keyed by queueId or by queueRef, with partial counters", () => {
    const byId = parseXucFrame(f("QueueStatistics", { queueId: 5, counters: [{ statName: "WaitingCalls", value: 2 }, { statName: "LongestWaitingTime", value: "31" }] }));
    expect(byId).toMatchObject({ kind: "queue-statistics", queueId: "5", queueRef: null, counters: [{ statName: "WaitingCalls", value: 2 }, { statName: "LongestWaitingTime", value: 31 }] });
    const byRef = parseXucFrame(f("QueueStatistics", { queueRef: "sales", counters: [{ statName: "EWT", value: 12 }, { statName: "bad" }] }));
    expect(byRef).toMatchObject({ kind: "queue-statistics", queueId: null, queueRef: "sales", dropped: 1 });
    expect(parseXucFrame(f("QueueStatistics", { counters: [] })).kind).toBe("malformed");
  });

  it("reads QueueCalls with queue times in any of the forms", () => {
    const frame = parseXucFrame(f("QueueCalls", { queueId: 5, calls: [{ position: 2, name: "Ann", number: "0611", queueTime: "2026-03-01T10:00:00Z" }, { position: 1, name: null, number: "0622", queueTime: 1772359200 }] }));
    expect(frame.kind === "queue-calls" && frame.calls.map((c) => [c.position, c.number, c.queuedAt])).toEqual([
      [2, "0611", Date.parse("2026-03-01T10:00:00Z")],
      [1, "0622", 1772359200_000],
    ]);
    expect(instant("nonsense")).toBeNull();
    expect(instant(1772359200123)).toBe(1772359200123);
  });

  it("recognises LoggedOnError reasons and the throttle error", () => {
    expect(parseXucFrame(f("LoggedOnError", { Error: "loggedOnTimeout" }))).toMatchObject({ kind: "logged-on-error", reason: "loggedOnTimeout" });
    expect(parseXucFrame(f("Error", { Error: "Maximum throttle throughput exceeded." }))).toMatchObject({ kind: "error", throttled: true });
    expect(parseXucFrame(f("Error", { Error: "unknown command" }))).toMatchObject({ kind: "error", throttled: false });
    expect(parseXucFrame(f("LoggedOn", {})).kind).toBe("logged-on");
    expect(parseXucFrame(f("PhoneStatusUpdate", { status: "AVAILABLE" }))).toEqual({ kind: "other", msgType: "PhoneStatusUpdate" });
  });

  it("reports malformed frames with a reason and never throws", () => {
    for (const text of ["", "ping", "[1,2]", "null", '{"msgType":', '{"ctiMessage":{}}', f("AgentStateEvent", { name: "AgentReady" }), f("QueueMember", { agentId: 1 })]) {
      const frame = parseXucFrame(text);
      expect(frame.kind, text).toBe("malformed");
      expect(frame.kind === "malformed" && frame.reason.length).toBeGreaterThan(0);
    }
    const long = parseXucFrame(`{"msgType":"Sheet","x":"${"a".repeat(500)}"`);
    expect(long.kind === "malformed" && long.excerpt.length).toBeLessThanOrEqual(201);
  });

  it("writes commands and the heartbeat as cti.js does", () => {
    expect(JSON.parse(xucCommand("getList", { objectType: "agent" }))).toEqual({ claz: "web", command: "getList", objectType: "agent" });
    expect(JSON.parse(XUC_PING)).toEqual({ claz: "ping" });
  });
});
