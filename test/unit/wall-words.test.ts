import { describe, expect, it } from "vitest";
import { eventWords, noticeWords } from "../../lib/wall/event-words";
import { formatNumber, parseParty, partyText } from "../../lib/wall/party";
import { campaignLookup, knownCampaigns } from "../../lib/wall/known-campaigns";
import { homeRows, tvUrl } from "../../lib/wall/home";
import { tvPath, tvUrlFor } from "../../lib/wall/tv-url";
import { bandsFor, figureColoursSchema, figureLevel, levelWords } from "../../lib/queues/figure-colours";
import type { AgentView } from "../../lib/agents/view";

describe("events in words", () => {
  it("writes VICIdial's events as a supervisor says them, and unknown ones without underscores", () => {
    expect(eventWords("call_script")).toBe("script opened");
    expect(eventWords("callback_select_open")).toBe("callback screen");
    expect(eventWords("some_new_event")).toBe("some new event");
    expect(noticeWords({ event: "agent_alert", message: "Call your supervisor" })).toBe("alert: Call your supervisor");
    expect(noticeWords({ event: "time_sync", message: "TIME_SYNC" })).toBe("clock sync");
  });
});

describe("parties as people write them", () => {
  it("formats public numbers and names agents' extensions", () => {
    expect(partyText('"Caller" <sip:+15125552024@localhost>')).toBe("+1 512 555 2024");
    expect(partyText("+13055551234")).toBe("+1 305 555 1234");
    expect(partyText('"Hugo Dubois" <sip:2003@localhost>')).toBe("Hugo Dubois (2003)");
    expect(partyText("2003", (ext) => (ext === "2003" ? "Hugo Dubois" : null))).toBe("Hugo Dubois (2003)");
    expect(partyText('"ACME Corp" <sip:+442071234567@pbx>')).toBe("ACME Corp · +44 20 7123 4567");
    expect(partyText("")).toBe("unknown");
    expect(parseParty("700")).toEqual({ name: null, number: "700", extension: true });
    expect(formatNumber("not a number")).toBe("not a number");
  });
});

describe("unknown campaigns", () => {
  it("tells a typo from a campaign and suggests the look-alikes", () => {
    const known = knownCampaigns(["SALES", "SUPPORT"], ["COLLECT"], ["SALES"]);
    expect(known).toEqual(["COLLECT", "SALES", "SUPPORT"]);
    expect(campaignLookup("SALES", known)).toEqual({ exists: true, suggestions: [] });
    expect(campaignLookup("NOPE", known)).toEqual({ exists: false, suggestions: [] });
    expect(campaignLookup("SALE", known).suggestions).toEqual(["SALES"]);
    expect(campaignLookup("support", known).suggestions).toEqual(["SUPPORT"]);
  });
});

describe("home rows and TV URLs", () => {
  const a = (user: string, campaign: string, state: AgentView["state"]) => ({ user, campaign, state, stale: false }) as AgentView;
  it("counts per campaign, sums its queues' calls waiting, keeps campaigns that appeared since load", () => {
    const q = { waiting: 2, ringing: 1, windows: { today: { offered: 10, answeredWithinSl: 8 } } } as never;
    const rows = homeRows(["SALES", "SUPPORT"], [a("1", "SUPPORT", "READY"), a("2", "NEW", "PAUSED")], (c) => (c === "SUPPORT" ? [q, q] : []));
    expect(rows.map((r) => [r.campaign, r.counts.loggedIn, r.waiting, r.serviceLevel])).toEqual([
      ["NEW", 1, null, null],
      ["SALES", 0, null, null],
      ["SUPPORT", 1, 4, 0.8],
    ]);
  });

  it("builds TV URLs the parser reads back", () => {
    expect(tvUrl("SALES")).toBe("/tv?views=campaign%3ASALES");
    expect(tvPath({ views: [{ kind: "campaign", campaign: "SALES" }, { kind: "queues" }], everySec: 20, theme: "light" })).toBe("/tv?views=campaign:SALES,queues&every=20&theme=light");
    expect(tvPath({ views: [{ kind: "campaign", campaign: "*" }], everySec: 30, theme: "dark" })).toBe("/tv?views=campaign:*");
    expect(tvUrlFor("/tv?views=queues", "https://wb.example", "https://wb.example/d/abcdefghijklmnop")).toBe("https://wb.example/d/abcdefghijklmnop?to=%2Ftv%3Fviews%3Dqueues");
  });
});

describe("queue figure colours", () => {
  it("levels by the bands in force, worse when higher (waiting) or lower (SL), in words too", () => {
    const cfg = figureColoursSchema.parse({ "*": { waiting: { amber: 2, red: 4 } }, "700": { serviceLevel: { amber: 90, red: 80 } } });
    const b700 = bandsFor(cfg, "700");
    expect(figureLevel("waiting", 1, b700.waiting)).toBe("ok");
    expect(figureLevel("waiting", 2, b700.waiting)).toBe("warn");
    expect(figureLevel("waiting", 5, b700.waiting)).toBe("bad");
    expect(figureLevel("serviceLevel", 85, b700.serviceLevel)).toBe("warn");
    expect(figureLevel("serviceLevel", null, b700.serviceLevel)).toBeNull();
    expect(figureLevel("aht", 900, bandsFor(cfg, "701").aht)).toBeNull(); // no AHT colours by default
    expect(levelWords("serviceLevel", "bad")).toBe("VERY LOW");
    expect(levelWords("waiting", "warn")).toBe("HIGH");
  });

  it("refuses red on the good side of amber", () => {
    expect(figureColoursSchema.safeParse({ "*": { waiting: { amber: 5, red: 3 } } }).success).toBe(false);
    expect(figureColoursSchema.safeParse({ "*": { serviceLevel: { amber: 80, red: 90 } } }).success).toBe(false);
  });
});
