import { describe, expect, it } from "vitest";
import type { AgentView } from "../../lib/agents/view";
import { codeLegend, filterAgents, groupAgents, LOGGED_OUT_GROUP, STATE_CODE, tileBands } from "../../lib/wall/arrange";

function agent(user: string, patch: Partial<AgentView> = {}): AgentView {
  return {
    user, name: user, campaign: "A", team: null, state: "READY", stateSince: 0,
    pauseCode: null, leadId: null, disposition: null, lastEvent: "state_ready", lastMessage: null,
    lastEventAt: 0, notice: null, stale: false,
    extension: null, registered: null, dnd: null, phoneState: null, phoneMismatch: null, ...patch,
  };
}

const agents = [
  agent("3", { name: "Carol", state: "PAUSED", stateSince: 100, team: "T2", campaign: "B" }),
  agent("1", { name: "alice", state: "INCALL", stateSince: 300, team: "T1" }),
  agent("2", { name: "Bob", state: "READY", stateSince: 200, team: "T1" }),
  agent("4", { name: "Dan", state: "LOGGED_OUT", stateSince: 50 }),
  agent("5", { name: "Eve", state: "READY", stateSince: 50 }),
];

const users = (gs: ReturnType<typeof groupAgents>) => gs.map((g) => [g.key, g.agents.map((a) => a.user)]);

describe("groupAgents", () => {
  it("no grouping: logged-in agents in wall order, logged-out last", () => {
    expect(users(groupAgents(agents, "none", "state"))).toEqual([
      ["all", ["2", "5", "1", "3"]], // READY Bob, Eve (by name, stable), INCALL, PAUSED
      [LOGGED_OUT_GROUP, ["4"]],
    ]);
  });

  it("sorts by time in state (longest first) or by name (case-insensitive)", () => {
    expect(groupAgents(agents, "none", "time")[0]!.agents.map((a) => a.user)).toEqual(["5", "3", "2", "1"]);
    expect(groupAgents(agents, "none", "name")[0]!.agents.map((a) => a.name)).toEqual(["alice", "Bob", "Carol", "Eve"]);
  });

  it("groups by state in wall order, by team (no team last), by campaign", () => {
    expect(groupAgents(agents, "state", "name").map((g) => g.label)).toEqual(["Ready", "In call", "Paused", "Logged out"]);
    expect(users(groupAgents(agents, "team", "name"))).toEqual([
      ["team:T1", ["1", "2"]],
      ["team:T2", ["3"]],
      ["team:", ["5"]],
      [LOGGED_OUT_GROUP, ["4"]],
    ]);
    expect(groupAgents(agents, "campaign", "name").map((g) => g.label)).toEqual(["A", "B", "Logged out"]);
  });
});

describe("filterAgents", () => {
  it("keeps the chosen states and matches the search on name or user", () => {
    expect(filterAgents(agents, { states: new Set(["READY"]), search: "" }).map((a) => a.user)).toEqual(["2", "5"]);
    expect(filterAgents(agents, { states: null, search: "CAR" }).map((a) => a.user)).toEqual(["3"]);
    expect(filterAgents(agents, { states: null, search: " 4 " }).map((a) => a.user)).toEqual(["4"]);
    expect(filterAgents(agents, { states: new Set(), search: "" })).toHaveLength(5);
  });
});

describe("short state codes", () => {
  it("are unique and the legend lists those present, in wall order", () => {
    const codes = Object.values(STATE_CODE);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codeLegend(agents).map((l) => l.code)).toEqual(["RDY", "CALL", "PAUS", "OUT"]);
  });
});

describe("tileBands", () => {
  const keys = (bs: ReturnType<typeof tileBands>) => bs.map((b) => [b.key, b.agents.map((a) => a.user)]);

  it("state sort: one band per state group, in wall order, so a state change moves a tile between bands", () => {
    const [all] = groupAgents(agents, "none", "state");
    expect(keys(tileBands(all!.agents, "state"))).toEqual([
      ["s0", ["2", "5"]],
      ["s2", ["1"]],
      ["s5", ["3"]],
    ]);
    // READY and CLOSER share the ready group; INCALL, PARK and 3-WAY the in-call one.
    expect(keys(tileBands([agent("a"), agent("b", { state: "CLOSER" }), agent("c", { state: "PARK" }), agent("d", { state: "3-WAY" })], "state"))).toEqual([
      ["s0", ["a", "b"]],
      ["s2", ["c", "d"]],
    ]);
  });

  it("other sorts: one band; none without agents", () => {
    expect(keys(tileBands(groupAgents(agents, "none", "name")[0]!.agents, "name"))).toEqual([["all", ["1", "2", "3", "5"]]]);
    expect(tileBands([], "state")).toEqual([]);
    expect(tileBands([], "time")).toEqual([]);
  });

  it("keys stay unique when the input is not in wall order", () => {
    const bands = tileBands([agent("a"), agent("b", { state: "PAUSED" }), agent("c")], "state");
    expect(keys(bands)).toEqual([
      ["s0", ["a"]],
      ["s5", ["b"]],
      ["s0-2", ["c"]],
    ]);
  });
});
