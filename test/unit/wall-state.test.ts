import { describe, expect, it } from "vitest";
import type { AlertView } from "../../lib/alerts/types";
import type { SnapshotMessage } from "../../lib/realtime/contract";
import { initialWallState, mergedAgents, mergedAlerts, reduceWall } from "../../lib/wall/wall-state";
import { agentView as agent } from "../support/agent-view";

const alert = (id: string): AlertView => ({ id, type: "calls_waiting", severity: "warning", queue: "700", user: null, pbx: null, campaigns: ["A"], message: id, since: 1, value: 1, threshold: 0 });
const snapshot = (topic: string, patch: Partial<SnapshotMessage> = {}): SnapshotMessage => ({ topic, agents: [], calls: [], queues: [], pbx: [], alerts: [], serverTime: 100, ...patch });

describe("reduceWall", () => {
  it("keeps each topic apart and ignores topics it does not hold", () => {
    let s = initialWallState(["campaign:A", "campaign:B"]);
    s = reduceWall(s, { kind: "snapshot", msg: snapshot("campaign:A", { agents: [agent("1", "A")], alerts: [alert("x")] }) });
    s = reduceWall(s, { kind: "snapshot", msg: snapshot("campaign:B", { agents: [agent("2", "B")], serverTime: 150 }) });
    const before = s;
    expect(reduceWall(s, { kind: "snapshot", msg: snapshot("campaign:C") })).toBe(before);
    expect([...s.topics.get("campaign:A")!.agents.keys()]).toEqual(["1"]);
    expect(s.topics.get("campaign:A")!.synced).toBe(true);
    expect(s.lastServerTime).toBe(150);
    expect([...mergedAgents(s, ["campaign:A", "campaign:B"]).keys()].sort()).toEqual(["1", "2"]);
  });

  it("alert messages: raised/updated upsert, cleared removes; a snapshot replaces them", () => {
    let s = initialWallState(["campaign:A"]);
    s = reduceWall(s, { kind: "snapshot", msg: snapshot("campaign:A", { alerts: [alert("x")] }) });
    s = reduceWall(s, { kind: "alert", msg: { topic: "campaign:A", alert: alert("y"), state: "raised", serverTime: 200 } });
    expect([...mergedAlerts(s, ["campaign:A"]).keys()]).toEqual(["x", "y"]);
    s = reduceWall(s, { kind: "alert", msg: { topic: "campaign:A", alert: { ...alert("y"), message: "worse", severity: "critical" }, state: "updated", serverTime: 201 } });
    expect(s.topics.get("campaign:A")!.alerts.get("y")!.severity).toBe("critical");
    s = reduceWall(s, { kind: "alert", msg: { topic: "campaign:A", alert: alert("x"), state: "cleared", serverTime: 202 } });
    expect([...s.topics.get("campaign:A")!.alerts.keys()]).toEqual(["y"]);
    expect(s.lastServerTime).toBe(202);
    s = reduceWall(s, { kind: "snapshot", msg: snapshot("campaign:A", { serverTime: 300 }) });
    expect(s.topics.get("campaign:A")!.alerts.size).toBe(0);
  });

  it("agent deltas follow the campaign rule; freshness never goes back", () => {
    let s = initialWallState(["campaign:A"]);
    s = reduceWall(s, { kind: "agents", msg: { topic: "campaign:A", agents: [agent("1", "A")], serverTime: 500 } });
    s = reduceWall(s, { kind: "agents", msg: { topic: "campaign:A", agents: [agent("1", "B")], serverTime: 400 } });
    expect(s.topics.get("campaign:A")!.agents.size).toBe(0);
    expect(s.lastServerTime).toBe(500);
    s = reduceWall(s, { kind: "pbx", msg: { links: [], serverTime: 600 } });
    expect(s.lastServerTime).toBe(600);
  });

  it("an agents message applies every agent in order: upserts, and removes those that left the campaign", () => {
    let s = initialWallState(["campaign:A"]);
    s = reduceWall(s, { kind: "snapshot", msg: snapshot("campaign:A", { agents: [agent("1", "A"), agent("2", "A")] }) });
    s = reduceWall(s, { kind: "agents", msg: { topic: "campaign:A", agents: [agent("2", "B"), agent("3", "A"), agent("1", "A", { state: "PAUSED" })], serverTime: 700 } });
    const held = s.topics.get("campaign:A")!.agents;
    expect([...held.keys()]).toEqual(["1", "3"]);
    expect(held.get("1")!.state).toBe("PAUSED");
    // Only agents of other campaigns, none held: nothing changes, the same map.
    const next = reduceWall(s, { kind: "agents", msg: { topic: "campaign:A", agents: [agent("9", "B")], serverTime: 700 } });
    expect(next.topics.get("campaign:A")!.agents).toBe(held);
  });
});
