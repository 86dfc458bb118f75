import { describe, expect, it } from "vitest";
import { campaignFromParam, noticeText, recentNotice, stateLabel } from "../../lib/wall/labels";

describe("stateLabel", () => {
  it("adds the pause code to PAUSED and the disposition to DISPO", () => {
    expect(stateLabel({ state: "PAUSED", pauseCode: "LUNCH", disposition: null })).toEqual({ status: "PAUSED", detail: "LUNCH", detailSource: null });
    expect(stateLabel({ state: "DISPO", pauseCode: null, disposition: "SALE" })).toEqual({ status: "DISPO", detail: "SALE", detailSource: null });
  });

  it("shows no detail otherwise, even if a stale field is set", () => {
    expect(stateLabel({ state: "INCALL", pauseCode: "LUNCH", disposition: "SALE" })).toEqual({ status: "INCALL", detail: null, detailSource: null });
    expect(stateLabel({ state: "PAUSED", pauseCode: "  ", disposition: null })).toEqual({ status: "PAUSED", detail: null, detailSource: null });
  });

  it("says where a pause code came from", () => {
    expect(stateLabel({ state: "PAUSED", pauseCode: "BREAK", disposition: null, pauseCodeSource: "agent-screen" }).detailSource).toMatch(/agent screen/);
    expect(stateLabel({ state: "PAUSED", pauseCode: "BREAK", disposition: null, pauseCodeSource: "database" }).detailSource).toMatch(/database/);
  });

  it("writes LOGGED_OUT as two words", () => {
    expect(stateLabel({ state: "LOGGED_OUT", pauseCode: null, disposition: null }).status).toBe("LOGGED OUT");
  });
});

describe("recentNotice", () => {
  const notice = { event: "agent_alert", message: "Call your supervisor", at: 100_000 };

  it("shows a notice up to the max age (server clock), hides it after", () => {
    expect(recentNotice(notice, 100_000 + 60_000)).toBe(notice);
    expect(recentNotice(notice, 100_000 + 60_001)).toBeNull();
    expect(recentNotice(notice, 105_000, 1_000)).toBeNull();
    expect(recentNotice(null, 0)).toBeNull();
  });

  it("formats event and message", () => {
    expect(noticeText(notice)).toBe("agent_alert: Call your supervisor");
    expect(noticeText({ event: "time_sync", message: null, at: 0 })).toBe("time_sync");
  });
});

describe("campaignFromParam", () => {
  it("decodes a percent-encoded segment once and keeps malformed ones", () => {
    expect(campaignFromParam("SALES")).toBe("SALES");
    expect(campaignFromParam("NEW%20LEADS")).toBe("NEW LEADS");
    expect(campaignFromParam("100%")).toBe("100%");
  });
});
