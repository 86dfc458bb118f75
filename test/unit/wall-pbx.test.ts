import { describe, expect, it } from "vitest";
import type { PbxLinkStatus } from "../../lib/realtime/contract";
import { applyPbxLinks, EMPTY_PBX, formatClockTime, outageText, pbxOutages } from "../../lib/wall/pbx";

function link(name: string, state: PbxLinkStatus["state"], since: number, patch: Partial<PbxLinkStatus> = {}): PbxLinkStatus {
  return {
    name, url: "wss://pbx.example/ws", state, since, lastFrameAt: null, reconnects: 0,
    lastError: null, malformedFrames: 0, ...patch,
  };
}

describe("pbxOutages", () => {
  it("none when all links are up or there are none", () => {
    expect(pbxOutages(applyPbxLinks(EMPTY_PBX, []))).toEqual([]);
    expect(pbxOutages(applyPbxLinks(EMPTY_PBX, [link("env", "up", 1)]))).toEqual([]);
  });

  it("a down link is out since its state began", () => {
    const s = applyPbxLinks(EMPTY_PBX, [link("env", "up", 1), link("b", "down", 5_000, { lastError: "ECONNREFUSED" })]);
    expect(pbxOutages(s)).toEqual([{ name: "b", state: "down", since: 5_000, reconnects: 0, lastError: "ECONNREFUSED" }]);
  });

  it("a first connection is not an outage", () => {
    expect(pbxOutages(applyPbxLinks(EMPTY_PBX, [link("env", "connecting", 1)]))).toEqual([]);
  });

  it("connecting after having been up is an outage, dated from when it went down", () => {
    let s = applyPbxLinks(EMPTY_PBX, [link("env", "up", 1)]);
    s = applyPbxLinks(s, [link("env", "down", 10_000)]);
    s = applyPbxLinks(s, [link("env", "connecting", 12_000, { reconnects: 1 })]);
    expect(pbxOutages(s).map((o) => [o.state, o.since])).toEqual([["connecting", 10_000]]);
    s = applyPbxLinks(s, [link("env", "up", 13_000)]);
    expect(pbxOutages(s)).toEqual([]);
  });

  it("a link that has received frames has been up, even when the wall never saw it up", () => {
    const s = applyPbxLinks(EMPTY_PBX, [link("env", "connecting", 9_000, { lastFrameAt: 8_000 })]);
    expect(pbxOutages(s).map((o) => o.since)).toEqual([9_000]);
  });

  it("a new outage after recovery starts from its own time", () => {
    let s = applyPbxLinks(EMPTY_PBX, [link("env", "down", 1_000)]);
    s = applyPbxLinks(s, [link("env", "up", 2_000)]);
    s = applyPbxLinks(s, [link("env", "down", 3_000)]);
    expect(pbxOutages(s)[0]?.since).toBe(3_000);
  });

  it("forgets links no longer listed", () => {
    let s = applyPbxLinks(EMPTY_PBX, [link("env", "down", 1_000)]);
    s = applyPbxLinks(s, []);
    expect(pbxOutages(s)).toEqual([]);
    expect(s.downSince.size).toBe(0);
  });
});

describe("banner text", () => {
  it("says which link is down since when, HH:MM:SS on a 24-hour clock", () => {
    const since = Date.UTC(2024, 0, 1, 0, 3, 9);
    expect(formatClockTime(since, "UTC")).toBe("00:03:09");
    expect(outageText({ name: "env", state: "down", since, reconnects: 0, lastError: null }, "UTC")).toBe(
      "PBX link down since 00:03:09 (env)",
    );
  });
});
