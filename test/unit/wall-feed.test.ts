import { describe, expect, it } from "vitest";
import { applyDelta, applySnapshot, belongsTo, topicCampaign } from "../../lib/wall/feed";
import { agentView as agent } from "../support/agent-view";

describe("topicCampaign / belongsTo", () => {
  it("reads the campaign of campaign:<id> topics only", () => {
    expect(topicCampaign("campaign:SALES")).toBe("SALES");
    expect(topicCampaign("campaign:*")).toBeNull();
    expect(topicCampaign("agent:1001")).toBeNull();
  });

  it("a campaign wall takes its campaign's agents, the all-campaigns wall takes all", () => {
    expect(belongsTo("campaign:SALES", agent("1", "SALES"))).toBe(true);
    expect(belongsTo("campaign:SALES", agent("1", "SUPPORT"))).toBe(false);
    expect(belongsTo("campaign:*", agent("1", "SUPPORT"))).toBe(true);
  });
});

describe("applySnapshot", () => {
  it("replaces the whole list, keyed by user", () => {
    const map = applySnapshot("campaign:*", [agent("1", "A"), agent("2", "B")]);
    expect([...map.keys()]).toEqual(["1", "2"]);
  });

  it("leaves out agents of another campaign", () => {
    const map = applySnapshot("campaign:A", [agent("1", "A"), agent("2", "B")]);
    expect([...map.keys()]).toEqual(["1"]);
  });
});

describe("applyDelta", () => {
  const topic = "campaign:A";

  it("inserts a new agent and updates a known one", () => {
    let map = applySnapshot(topic, [agent("1", "A")]);
    map = applyDelta(map, topic, agent("2", "A"));
    map = applyDelta(map, topic, agent("1", "A", { state: "INCALL", stateSince: 5 }));
    expect(map.get("1")?.state).toBe("INCALL");
    expect(map.size).toBe(2);
  });

  it("drops an agent that moved to another campaign", () => {
    const map = applyDelta(applySnapshot(topic, [agent("1", "A")]), topic, agent("1", "B"));
    expect(map.has("1")).toBe(false);
  });

  it("ignores a delta for an agent of another campaign it does not show, keeping the same map", () => {
    const before = applySnapshot(topic, [agent("1", "A")]);
    expect(applyDelta(before, topic, agent("9", "B"))).toBe(before);
  });

  it("keeps every campaign on the all-campaigns wall", () => {
    const map = applyDelta(applySnapshot("campaign:*", [agent("1", "A")]), "campaign:*", agent("1", "B"));
    expect(map.get("1")?.campaign).toBe("B");
  });

  it("never mutates the map it is given", () => {
    const before = applySnapshot(topic, [agent("1", "A")]);
    applyDelta(before, topic, agent("2", "A"));
    applyDelta(before, topic, agent("1", "B"));
    expect([...before.keys()]).toEqual(["1"]);
  });
});
