/**
 * The dialer state (lib/dialer/figures.ts), its replication rows (book.ts), the per-minute
 * samples (samples.ts), the link status (link-status.ts) and the dialer alerts.
 */
import { describe, expect, it } from "vitest";
import { buildSnapshot } from "../../lib/sources/vicidial-db/snapshot";
import type { CampaignRow, InGroupRow, PollRows } from "../../lib/sources/vicidial-db/queries";
import { dialerState, sliceFor, steadyOffset, compliancePct } from "../../lib/dialer/figures";
import { DialerBook, DIALER_STATUS_PREFIX } from "../../lib/dialer/book";
import { DialerSampler } from "../../lib/dialer/samples";
import { vicidialDbLinkStatus } from "../../lib/sources/vicidial-db/link-status";
import { evaluateAlerts } from "../../lib/alerts/evaluate";
import { alertConfigSchema } from "../../lib/alerts/types";
import { AlertBook } from "../../lib/alerts/alert-book";
import { EMPTY_DIALER } from "../../lib/dialer/types";
import { dialerCampaign, dialerInGroup } from "../support/dialer-fixtures";

const DB_NOW = 1_800_000_000_000;

function campaignRow(id: string, over: Partial<CampaignRow> = {}): CampaignRow {
  return {
    campaignId: id, name: `${id} campaign`, dialMethod: "RATIO", autoDialLevel: "2.5", hopperLevel: 50, autoHopperLevel: 0, useAutoHopper: false,
    adaptiveDroppedPercentage: "3", closerCampaigns: "", allowInbound: false, agentPauseCodesActive: "Y", dropCallSeconds: 5, ofcomUkDropCalc: false,
    hasStats: true, dialableLeads: 4000, callsToday: 400, answersToday: 80, dropsToday: 3, dropsTodayPct: "0.75", dropsAnswersTodayPct: "3.75",
    differentialOnemin: "0", agentsAverageOnemin: "0", balanceTrunkFill: 0, statusCategories: [], agentCallsToday: 0, agentWaitToday: 0,
    agentCusttalkToday: 0, agentAcwToday: 0, agentPauseToday: 0, answeringMachinesToday: 0, agenthandledToday: 0, statsUpdatedAtMs: DB_NOW - 30_000,
    statsAgeSec: 30, dbNowMs: DB_NOW, ...over,
  } as CampaignRow;
}

function inGroupRow(id: string, over: Partial<InGroupRow> = {}): InGroupRow {
  return {
    groupId: id, name: `${id} line`, color: "#99FFCC", queuePriority: 5, dropCallSeconds: 60, slOneSec: 20, slTwoSec: 30, hasStats: true,
    callsToday: 50, answersToday: 40, dropsToday: 2, dropsTodayPct: "4", dropsAnswersTodayPct: "5.00", holdSecStatOne: 30, holdSecStatTwo: 36,
    holdSecAnswerCalls: 400, holdSecDropCalls: 100, holdSecQueueCalls: 600, statsUpdatedAtMs: DB_NOW - 10_000, ...over,
  } as InGroupRow;
}

function rows(): PollRows {
  return {
    dbNowMs: DB_NOW,
    campaigns: [campaignRow("SALES", { closerCampaigns: " SALES_IN -" }), campaignRow("SURVEY", { autoDialLevel: "0", dialMethod: "MANUAL" })],
    hopper: [{ campaignId: "SALES", leads: 42, ready: 40 }],
    callCounts: [
      { campaignId: "SALES", callType: "OUT", status: "SENT", calls: 5, longestSec: 3, oldestCallAtMs: DB_NOW - 3000, topPriority: 0, dbNowMs: DB_NOW },
      { campaignId: "SALES", callType: "OUT", status: "LIVE", calls: 2, longestSec: 4, oldestCallAtMs: DB_NOW - 4000, topPriority: 0, dbNowMs: DB_NOW },
      { campaignId: "SALES", callType: "OUT", status: "XFER", calls: 3, longestSec: 90, oldestCallAtMs: DB_NOW - 90_000, topPriority: 0, dbNowMs: DB_NOW },
      { campaignId: "SALES_IN", callType: "IN", status: "LIVE", calls: 3, longestSec: 75, oldestCallAtMs: DB_NOW - 75_000, topPriority: 9, dbNowMs: DB_NOW },
    ],
    waitingCalls: [
      { autoCallId: 7, callerId: "Y1", leadId: 1, campaignId: "SALES_IN", callType: "IN", status: "LIVE", phoneCode: "1", phoneNumber: "5125552024", callTimeMs: DB_NOW - 75_000, waitSec: 75, queuePriority: 9, agentOnly: "", dbNowMs: DB_NOW },
      { autoCallId: 8, callerId: "V2", leadId: 2, campaignId: "SALES", callType: "OUT", status: "LIVE", phoneCode: "44", phoneNumber: "7700900123", callTimeMs: DB_NOW - 4000, waitSec: 4, queuePriority: 0, agentOnly: "", dbNowMs: DB_NOW },
    ],
    inGroups: [inGroupRow("SALES_IN"), inGroupRow("OTHER_IN")],
    agents: [],
  };
}

const snapshot = (offsetMs = 2000) => buildSnapshot(rows(), { polledAtMs: DB_NOW - offsetMs, dbClockOffsetMs: offsetMs }, { maxGroups: 1000, maxWaitingCalls: 500, maxAgents: 5000 });

describe("the dialer state of a poll", () => {
  it("gives the strip's figures with VICIdial's formulas, times on the wallboard's clock", () => {
    const s = dialerState(snapshot(2000), 2000);
    const sales = s.campaigns.find((c) => c.campaign === "SALES")!;
    expect(sales).toMatchObject({ dialLevel: 2.5, dialLevelText: "2.5", hopper: { leads: 42, minLevel: 50 }, dialableLeads: 4000, inGroups: ["SALES_IN"] });
    // Placed: every row but XFER; ringing: not LIVE/CLOSER/XFER; waiting: LIVE.
    expect(sales.calls).toEqual({ placed: 7, ringing: 5, waiting: 2, oldestWaitingSince: DB_NOW - 4000 - 2000 });
    expect(sales.today).toEqual({ calls: 400, answers: 80, drops: 3, dropRates: { vicidial: 3.75, vicidialText: "3.75", ofAnswers: 3.75, ofCalls: 0.75 } });
    const g = s.inGroups.find((x) => x.inGroup === "SALES_IN")!;
    expect(g).toMatchObject({ waiting: 3, topWaitingPriority: 9, campaigns: ["SALES"], oldestWaitingSince: DB_NOW - 75_000 - 2000 });
    expect(g.today).toMatchObject({ slOnePct: 75, avgWaitAnsweredSec: 10, dropRates: { vicidial: 5, ofAnswers: 5, ofCalls: 4 } });
    expect(s.waitingCalls.map((w) => [w.id, w.group, w.phoneCode, w.phoneNumber, w.priority, w.since])).toEqual([
      ["7", "SALES_IN", "1", "5125552024", 9, DB_NOW - 77_000],
      ["8", "SALES", "44", "7700900123", 0, DB_NOW - 6000],
    ]);
  });

  it("slices a campaign's topic: its campaign, the in-groups it takes and their waiting calls", () => {
    const s = dialerState(snapshot(), 0);
    const sales = sliceFor(s, ["SALES"]);
    expect(sales.campaigns.map((c) => c.campaign)).toEqual(["SALES"]);
    expect(sales.inGroups.map((g) => g.inGroup)).toEqual(["SALES_IN"]);
    expect(sales.waitingCalls.map((w) => w.id)).toEqual(["7", "8"]);
    const survey = sliceFor(s, ["SURVEY"]);
    expect(survey.inGroups).toEqual([]);
    expect(survey.waitingCalls).toEqual([]);
    expect(sliceFor(s, null)).toBe(s);
  });

  it("keeps the clock offset steady within 500 ms, so a waiting call's start does not move every poll", () => {
    expect(steadyOffset(null, 1234)).toBe(1234);
    expect(steadyOffset(1234, 1500)).toBe(1234);
    expect(steadyOffset(1234, 1900)).toBe(1900);
  });

  it("compares VICIdial's own drop % (else drops ÷ answers)", () => {
    expect(compliancePct({ vicidial: 300, vicidialText: "300", ofAnswers: null, ofCalls: 1 })).toBe(300);
    expect(compliancePct({ vicidial: null, vicidialText: "x", ofAnswers: 2, ofCalls: 1 })).toBe(2);
  });
});

describe("replicating the dialer state (source_status rows)", () => {
  it("writes only the rows whose content changed, and removes what is gone", () => {
    const leader = new DialerBook();
    const first = leader.replace(dialerState(snapshot(), 0));
    expect(first.map((r) => r.name).sort()).toEqual([`${DIALER_STATUS_PREFIX}campaign:SALES`, `${DIALER_STATUS_PREFIX}campaign:SURVEY`, `${DIALER_STATUS_PREFIX}in-group:OTHER_IN`, `${DIALER_STATUS_PREFIX}in-group:SALES_IN`, `${DIALER_STATUS_PREFIX}waiting`]);
    expect(leader.replace(dialerState(snapshot(), 0))).toEqual([]);
    const next = dialerState(snapshot(), 0);
    next.campaigns = next.campaigns.filter((c) => c.campaign !== "SURVEY").map((c) => ({ ...c, hopper: { ...c.hopper, leads: 41 } }));
    const rowsChanged = leader.replace(next);
    expect(rowsChanged.map((r) => [r.name, "removed" in r.status])).toEqual([
      [`${DIALER_STATUS_PREFIX}campaign:SURVEY`, true],
      [`${DIALER_STATUS_PREFIX}campaign:SALES`, false],
    ]);
    // A follower fed every row ends with the leader's state.
    const follower = new DialerBook();
    expect(follower.applyRows([...first, ...rowsChanged, { name: "vicidial-db", status: { state: "up" } }])).toBe(true);
    expect(follower.current()).toEqual(leader.current());
    expect(follower.applyRows(rowsChanged)).toBe(false);
  });
});

describe("per-minute samples", () => {
  it("writes a minute once it is over, with the most calls waiting and the longest wait seen in it", () => {
    const sampler = new DialerSampler();
    const m = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
    const state = (waiting: number) => ({ ...EMPTY_DIALER, inGroups: [dialerInGroup("SALES_IN", { waiting, oldestWaitingSince: waiting ? m : null })] });
    expect(sampler.observe(state(1), m + 1000)).toEqual([]);
    expect(sampler.observe(state(6), m + 30_000)).toEqual([]);
    expect(sampler.observe(state(2), m + 59_000)).toEqual([]);
    const rows = sampler.observe(state(0), m + 61_000);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "in-group", groupId: "SALES_IN", minute: m, waiting: 2, waitingMax: 6, longestWaitSec: 59 });
  });
});

describe("the database source as a link", () => {
  const base = { since: 5, lastPollAt: 4, lastError: { atMs: 5, kind: "timeout" as const, code: "ER_STATEMENT_TIMEOUT", message: "Query execution was interrupted" }, pollMs: 12, consecutiveFailures: 3, nextPollAt: null, serverVersion: null, url: "mysql://ro:***@db/asterisk" };
  it("is down with its error while polls fail, up without one after", () => {
    expect(vicidialDbLinkStatus({ ...base, state: "down" })).toMatchObject({ name: "vicidial-db", kind: "vicidial-db", state: "down", lastFrameAt: 4, reconnects: 3, lastError: "timeout (ER_STATEMENT_TIMEOUT): Query execution was interrupted" });
    expect(vicidialDbLinkStatus({ ...base, state: "up", consecutiveFailures: 0 })).toMatchObject({ state: "up", lastError: null });
    expect(vicidialDbLinkStatus({ ...base, state: "connecting", lastError: null, lastPollAt: null, consecutiveFailures: 0 }).state).toBe("connecting");
  });

  it("raises the database-down alert on every wall", () => {
    const alerts = evaluateAlerts({ agents: [], queues: [], campaignsOfQueue: () => [], pbx: [vicidialDbLinkStatus({ ...base, state: "down" })] }, alertConfigSchema.parse({}), 0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ type: "pbx_down", severity: "critical", campaigns: [], pbx: "vicidial-db" });
    expect(alerts[0]!.message).toMatch(/^VICIdial database source down: timeout/);
  });
});

describe("dialer alerts", () => {
  const config = alertConfigSchema.parse({ dialer: { campaigns: { "*": { raiseAfterSec: 0 } }, inGroups: { "*": { raiseAfterSec: 0 } } } });
  const evaluate = (dialer: Parameters<typeof evaluateAlerts>[0]["dialer"], cfg = config) => evaluateAlerts({ agents: [], queues: [], campaignsOfQueue: () => [], pbx: [], dialer }, cfg, 0);

  it("drop % above 3 % by default, from VICIdial's own figure, on the campaign's wall", () => {
    const rates = (v: number) => ({ vicidial: v, vicidialText: String(v), ofAnswers: v, ofCalls: v / 2 });
    const c = (v: number) => dialerCampaign("SALES", { today: { calls: 200, answers: 100, drops: v, dropRates: rates(v) } });
    expect(evaluate({ ...EMPTY_DIALER, campaigns: [c(3)] }).filter((a) => !a.holdOnly)).toEqual([]);
    expect(evaluate({ ...EMPTY_DIALER, campaigns: [c(2.5)] })).toEqual([]);
    const [a] = evaluate({ ...EMPTY_DIALER, campaigns: [c(3.5)] });
    expect(a).toMatchObject({ id: "drop_rate:campaign:SALES", type: "drop_rate", severity: "warning", campaigns: ["SALES"], dialerCampaign: "SALES", value: 3.5, threshold: 3 });
    expect(evaluate({ ...EMPTY_DIALER, campaigns: [c(7)] })[0]!.severity).toBe("critical");
  });

  it("hopper below 10 and no dialable leads, for auto-dialling campaigns only", () => {
    const low = dialerCampaign("SALES", { hopper: { leads: 3, minLevel: 50 }, dialableLeads: 0 });
    expect(evaluate({ ...EMPTY_DIALER, campaigns: [low] }).map((a) => a.type).sort()).toEqual(["hopper_low", "no_dialable_leads"]);
    expect(evaluate({ ...EMPTY_DIALER, campaigns: [{ ...low, dialLevel: 0, dialMethod: "MANUAL" }] })).toEqual([]);
  });

  it("calls waiting in an in-group above its threshold (default 5), on the walls of its campaigns", () => {
    const g = (waiting: number) => dialerInGroup("SALES_IN", { waiting, campaigns: ["SALES"] });
    expect(evaluate({ ...EMPTY_DIALER, inGroups: [g(5)] }).filter((a) => !a.holdOnly)).toEqual([]);
    const [a] = evaluate({ ...EMPTY_DIALER, inGroups: [g(6)] });
    expect(a).toMatchObject({ type: "ingroup_calls_waiting", inGroup: "SALES_IN", campaigns: ["SALES"], value: 6, threshold: 5 });
    const custom = alertConfigSchema.parse({ dialer: { inGroups: { SALES_IN: { callsWaitingAbove: 1, raiseAfterSec: 0 } } } });
    expect(evaluate({ ...EMPTY_DIALER, inGroups: [g(2)] }, custom).map((x) => x.threshold)).toEqual([1]);
  });

  it("one crossing is one alert: a hopper bouncing around its threshold stays raised within the margin", () => {
    const book = new AlertBook();
    const at = (leads: number, t: number) => book.update(evaluate({ ...EMPTY_DIALER, campaigns: [dialerCampaign("SALES", { hopper: { leads, minLevel: 50 } })] }), t);
    expect(at(9, 0).raised).toHaveLength(1);
    for (const [leads, t] of [[11, 1], [9, 2], [12, 3]] as const) expect(at(leads, t)).toEqual({ raised: [], updated: [], cleared: [] });
    expect(at(15, 4).cleared).toHaveLength(1);
  });
});

describe("dialer history periods", () => {
  it("keeps the last drop % of each period and the most calls waiting seen in it; a supervisor sees their campaigns' groups", async () => {
    const { dialerPeriods, visibleSamples } = await import("../../lib/dialer/history");
    const base = { kind: "in-group" as const, groupId: "SALES_IN", calls: 0, answers: 0, drops: 0, dropPctOfCalls: null, waiting: 0, longestWaitSec: 0, placed: null, ringing: null, hopper: null, dialableLeads: null, dialLevel: null };
    const h = 3_600_000 * 500_000;
    const samples = [
      { ...base, minute: h, dropPct: 1, waitingMax: 3 },
      { ...base, minute: h + 60_000, dropPct: 2, waitingMax: 7, longestWaitSec: 80 },
      { ...base, minute: h + 3_600_000, dropPct: 2.5, waitingMax: 1 },
      { ...base, kind: "campaign" as const, groupId: "SURVEY", minute: h, dropPct: 0, waitingMax: 0 },
    ];
    const periods = dialerPeriods(samples, 3_600_000);
    expect(periods.map((p) => [p.groupId, p.start - h, p.dropPct, p.waitingMax, p.longestWaitSec, p.minutes])).toEqual([
      ["SALES_IN", 0, 2, 7, 80, 2],
      ["SALES_IN", 3_600_000, 2.5, 1, 0, 1],
      ["SURVEY", 0, 0, 0, 0, 1],
    ]);
    expect(visibleSamples(samples, ["SALES"], (g) => (g === "SALES_IN" ? ["SALES"] : [])).map((s) => s.groupId)).toEqual(["SALES_IN", "SALES_IN", "SALES_IN"]);
    expect(visibleSamples(samples, null, () => [])).toHaveLength(4);
  });
});
