/**
 * Time in state per agent and local day (lib/history/agent-day.ts), on hand-computed days in
 * Europe/Berlin (UTC+1 in January).
 */
import { describe, expect, it } from "vitest";
import type { AgentEventInput } from "../../lib/agents/state";
import { agentActivity, summarizeDay } from "../../lib/history/agent-day";
import { addDay, dayBounds, dayOf, daysBetween, daysCovering } from "../../lib/history/days";
import { summarizeAgentDays } from "../../lib/history/rollup";

const TZ = "Europe/Berlin";
const STALE = 600_000;
/** ms of a Berlin wall-clock time on 2026-01-15 (UTC+1); hours ≥ 24 roll into the next day. */
const at = (h: number, m = 0, s = 0) => Date.UTC(2026, 0, 15, h - 1, m, s);

let id = 0;
function ev(t: number, event: string, message: string | null = null, extra: Partial<AgentEventInput> = {}): AgentEventInput {
  id++;
  return { id, receivedAt: t, event, message, leadId: null, epoch: Math.floor(t / 1000), counter: id, campaign: "SALES", ...extra };
}

function seconds(summary: ReturnType<typeof summarizeDay>[number] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of summary?.states ?? []) out[s.pauseCode ? `${s.status}:${s.pauseCode}` : s.status] = s.seconds;
  return out;
}

describe("local days", () => {
  it("bounds a day in the zone, including DST days of 23 and 25 hours", () => {
    const d = dayBounds("2026-01-15", TZ);
    expect(d.start).toBe(at(0));
    expect(d.end - d.start).toBe(24 * 3600_000);
    const spring = dayBounds("2026-03-29", TZ);
    expect(spring.end - spring.start).toBe(23 * 3600_000);
    const autumn = dayBounds("2026-10-25", TZ);
    expect(autumn.end - autumn.start).toBe(25 * 3600_000);
    expect(dayOf(at(23, 59), TZ)).toBe("2026-01-15");
    expect(dayOf(at(24, 0), TZ)).toBe("2026-01-16");
    expect(addDay("2026-01-31", 1, TZ)).toBe("2026-02-01");
    expect(daysBetween("2026-01-30", "2026-02-02", TZ)).toEqual(["2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]);
    expect(daysCovering(at(23), at(25), TZ)).toEqual(["2026-01-15", "2026-01-16"]);
    expect(() => dayBounds("2026-02-30", TZ)).toThrow(RangeError);
  });
});

describe("an agent's day", () => {
  it("counts READY, INCALL, DISPO, PAUSED by pause code, calls, talk and dispositions", () => {
    const events = [
      ev(at(9), "logged_in"), // PAUSED (no code) 09:00–09:05 = 300 s
      ev(at(9, 5), "state_ready"), // READY 09:05–09:07 = 120 s
      ev(at(9, 7), "call_answered", null, { leadId: "L1" }), // INCALL 09:07–09:10 = 180 s
      ev(at(9, 10), "agent_hangup"), // DISPO 09:10–09:10:30 = 30 s
      ev(at(9, 10, 30), "dispo_set", "SALE"), // still DISPO 09:10:30–09:11 = 30 s
      ev(at(9, 11), "state_paused", "PAUSED LUNCH"), // PAUSED:LUNCH 09:11–09:16 = 300 s (info event keeps it fresh)
      ev(at(9, 14), "agent_alert", "hello"), // informational: no change
      ev(at(9, 16), "state_ready"), // READY 09:16–09:17 = 60 s
      ev(at(9, 17), "call_answered", null, { leadId: "L2" }), // INCALL 09:17–09:18 = 60 s
      ev(at(9, 18), "call_dead"), // DEAD 09:18–09:18:20 = 20 s
      ev(at(9, 18, 20), "dispo_set", "NI"), // DISPO 09:18:20–09:19 = 40 s
      ev(at(9, 19), "logged_out"), // nothing after
    ];
    const { start, end } = dayBounds("2026-01-15", TZ);
    const activity = agentActivity(events, { staleAfterMs: STALE, until: end });
    const [day, ...rest] = summarizeDay(activity, start, end, "ROSTER");
    expect(rest).toEqual([]);
    expect(day!.campaign).toBe("SALES");
    expect(seconds(day)).toEqual({ PAUSED: 300, "PAUSED:LUNCH": 300, READY: 180, INCALL: 240, DISPO: 100, DEAD: 20 });
    expect(day!.loggedInSec).toBe(1140);
    expect(day!.callsHandled).toBe(2);
    expect(day!.talkSec).toBe(240);
    expect(day!.dispositions).toEqual({ SALE: 1, NI: 1 });
    expect(day!.unknownSec).toBe(0);
    expect(day!.firstAt).toBe(at(9));
    expect(day!.lastAt).toBe(at(9, 19));
  });

  it("counts dispositions named like Object members as any other (issue 11 item 15)", () => {
    const events = [
      ev(at(9), "state_ready"),
      ev(at(9, 1), "call_answered"),
      ev(at(9, 2), "dispo_set", "constructor"),
      ev(at(9, 3), "call_answered"),
      ev(at(9, 4), "dispo_set", "__proto__"),
      ev(at(9, 5), "call_answered"),
      ev(at(9, 6), "dispo_set", "constructor"),
      ev(at(9, 7), "logged_out"),
    ];
    const { start, end } = dayBounds("2026-01-15", TZ);
    const [day] = summarizeDay(agentActivity(events, { staleAfterMs: STALE, until: end }), start, end, "ROSTER");
    expect(Object.entries(day!.dispositions).sort()).toEqual([["__proto__", 1], ["constructor", 2]]);
    expect(JSON.parse(JSON.stringify(day!.dispositions))).toEqual({ constructor: 2, ["__proto__"]: 1 });
  });

  it("splits an interval crossing midnight between the two days", () => {
    const events = [ev(at(23, 50), "state_ready"), ev(at(23, 58), "call_answered"), ev(at(24, 4), "agent_hangup"), ev(at(24, 5), "dispo_set", "SALE"), ev(at(24, 6), "logged_out")];
    const { summaries } = summarizeAgentDays(events, ["2026-01-15", "2026-01-16"], { timeZone: TZ, staleAfterMs: STALE, now: at(48), fallbackCampaign: null });
    const d1 = summaries.get("2026-01-15")![0]!;
    const d2 = summaries.get("2026-01-16")![0]!;
    expect(seconds(d1)).toEqual({ READY: 480, INCALL: 120 });
    expect(seconds(d2)).toEqual({ INCALL: 240, DISPO: 120 });
    // The call counts on the day it was answered; its talk time is split at midnight.
    expect([d1.callsHandled, d2.callsHandled]).toEqual([1, 0]);
    expect([d1.talkSec, d2.talkSec]).toEqual([120, 240]);
    expect(d2.dispositions).toEqual({ SALE: 1 });
  });

  it("logs out and back in: the logged-out time counts for nothing", () => {
    const events = [
      ev(at(8), "logged_in"),
      ev(at(8, 1), "state_ready"), // READY 08:01–08:30 (kept fresh by time_sync at 08:10 and 08:20)
      ev(at(8, 10), "time_sync"),
      ev(at(8, 20), "time_sync"),
      ev(at(8, 30), "logged_out"),
      ev(at(13), "logged_in", null, { counter: 1, epoch: Math.floor(at(13) / 1000) }), // screen reloaded: counter restarts
      ev(at(13, 2), "state_ready", null, { counter: 2, epoch: Math.floor(at(13) / 1000) }),
      ev(at(13, 5), "logged_out", null, { counter: 3, epoch: Math.floor(at(13) / 1000) }),
    ];
    const { start, end } = dayBounds("2026-01-15", TZ);
    const [day] = summarizeDay(agentActivity(events, { staleAfterMs: STALE, until: end }), start, end, "X");
    expect(seconds(day)).toEqual({ PAUSED: 60 + 120, READY: 29 * 60 + 180 });
    expect(day!.loggedInSec).toBe(180 + 29 * 60 + 180);
  });

  it("a gap longer than the stale timeout is UNKNOWN after the timeout; the open state ends at the stale horizon", () => {
    const events = [ev(at(10), "state_ready"), ev(at(10, 30), "call_answered"), ev(at(10, 31), "agent_hangup")];
    const { start, end } = dayBounds("2026-01-15", TZ);
    const activity = agentActivity(events, { staleAfterMs: STALE, until: end });
    expect(activity.segments.map((s) => [s.status, (s.end - s.start) / 1000])).toEqual([
      ["READY", 600],
      ["UNKNOWN", 1200],
      ["INCALL", 60],
      ["DISPO", 600],
    ]);
    const [day] = summarizeDay(activity, start, end, "X");
    expect(day!.loggedInSec).toBe(1260);
    expect(day!.unknownSec).toBe(1200);
    // Today at 10:35: the open DISPO lasts until now only, and is flagged open.
    const today = summarizeAgentDays(events, ["2026-01-15"], { timeZone: TZ, staleAfterMs: STALE, now: at(10, 35), fallbackCampaign: null });
    expect(seconds(today.summaries.get("2026-01-15")![0])).toEqual({ READY: 600, INCALL: 60, DISPO: 240 });
    expect(today.openUntil).toBe(at(10, 31));
  });

  it("orders by the screen's counter, not arrival; time never runs backwards", () => {
    // dispo_set (counter 3) arrives before agent_hangup (counter 2).
    const events = [
      ev(at(11), "call_answered", null, { counter: 1, epoch: 1000 }),
      ev(at(11, 2), "dispo_set", "SALE", { counter: 3, epoch: 1000 }),
      ev(at(11, 2, 1), "agent_hangup", null, { counter: 2, epoch: 1000 }),
      ev(at(11, 3), "state_ready", null, { counter: 4, epoch: 1000 }),
      ev(at(11, 4), "logged_out", null, { counter: 5, epoch: 1000 }),
    ];
    const { start, end } = dayBounds("2026-01-15", TZ);
    const [day] = summarizeDay(agentActivity(events, { staleAfterMs: STALE, until: end }), start, end, "X");
    // Screen order: answered 11:00 → hangup (arrived 11:02:01) → dispo (11:02) → ready 11:03.
    expect(seconds(day)).toEqual({ INCALL: 121, DISPO: 59, READY: 60 });
    expect(day!.dispositions).toEqual({ SALE: 1 });
  });

  it("falls back on the roster campaign and splits by campaign", () => {
    const events = [
      ev(at(9), "state_ready", null, { campaign: null }),
      ev(at(9, 1), "state_paused", "PAUSED", { campaign: "SUPPORT" }),
      ev(at(9, 2), "logged_out", null, { campaign: null }),
    ];
    const { start, end } = dayBounds("2026-01-15", TZ);
    const list = summarizeDay(agentActivity(events, { staleAfterMs: STALE, until: end }), start, end, "ROSTERCAMP");
    expect(list.map((s) => [s.campaign, seconds(s)])).toEqual([
      ["ROSTERCAMP", { READY: 60 }],
      ["SUPPORT", { PAUSED: 60 }],
    ]);
  });
});
