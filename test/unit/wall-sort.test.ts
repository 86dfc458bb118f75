import { describe, expect, it } from "vitest";
import type { AgentStatus } from "../../lib/agents/status";
import type { AgentView } from "../../lib/agents/view";
import { compareNames, partitionAgents, sortAgents } from "../../lib/wall/sort";

function agent(user: string, state: AgentStatus, stateSince: number): AgentView {
  return {
    user, name: user, campaign: "SALES", team: null, state, stateSince,
    pauseCode: null, leadId: null, disposition: null, lastEvent: "", lastMessage: null,
    lastEventAt: stateSince, notice: null, stale: false,
    extension: null, registered: null, dnd: null, phoneState: null, phoneMismatch: null,
  };
}

const order = (agents: AgentView[]) => sortAgents(agents).map((a) => a.user);

describe("sortAgents", () => {
  it("groups by status along a call's life, logged out last", () => {
    const agents = [
      agent("out", "LOGGED_OUT", 1),
      agent("paused", "PAUSED", 1),
      agent("dispo", "DISPO", 1),
      agent("dead", "DEAD", 1),
      agent("threeway", "3-WAY", 1),
      agent("incall", "INCALL", 2),
      agent("dial", "DIAL", 1),
      agent("closer", "CLOSER", 2),
      agent("ready", "READY", 1),
    ];
    expect(order(agents)).toEqual(["closer", "ready", "dial", "incall", "threeway", "dead", "dispo", "paused", "out"]);
  });

  it("keeps a stable order within a state: by name, whatever the time in state", () => {
    const agents = [agent("a", "PAUSED", 3_000), agent("b", "PAUSED", 1_000), agent("c", "PAUSED", 2_000)];
    expect(order(agents)).toEqual(["a", "b", "c"]);
    // An agent changing state moves between groups; the others keep their order.
    const later = [{ ...agents[0]!, stateSince: 9_000 }, agents[1]!, { ...agents[2]!, state: "READY" as const, stateSince: 9_500 }];
    expect(order(later)).toEqual(["c", "a", "b"]);
  });

  it("breaks ties by user, so the order is stable", () => {
    const agents = [agent("b", "INCALL", 5), agent("a", "INCALL", 5)];
    expect(order(agents)).toEqual(["a", "b"]);
    expect(order(agents.reverse())).toEqual(["a", "b"]);
  });

  it("does not change its input", () => {
    const agents = [agent("b", "READY", 2), agent("a", "READY", 1)];
    sortAgents(agents);
    expect(agents.map((a) => a.user)).toEqual(["b", "a"]);
  });
});

describe("partitionAgents", () => {
  it("splits logged-out agents off, both parts in wall order", () => {
    const { active, loggedOut } = partitionAgents([
      agent("x", "LOGGED_OUT", 5),
      agent("p", "PAUSED", 1),
      agent("y", "LOGGED_OUT", 2),
      agent("r", "READY", 9),
    ]);
    expect(active.map((a) => a.user)).toEqual(["r", "p"]);
    expect(loggedOut.map((a) => a.user)).toEqual(["x", "y"]);
  });
});

describe("compareNames", () => {
  it("orders names as localeCompare with base sensitivity does (case and accents ignored)", () => {
    const names = ["émile", "Emile", "zoë", "Zoe", "anna", "Ánna", "Bob", "bob", "Ørjan", "o'brien", "O Brien", "李", "10", "9", ""];
    for (const a of names) for (const b of names) {
      expect(Math.sign(compareNames(a, b))).toBe(Math.sign(a.localeCompare(b, undefined, { sensitivity: "base" })));
    }
  });
});
