/**
 * The history tables as CSV (header + rows), one function per report, shared by the CSV
 * routes; the pages show the same numbers. Durations are seconds (rounded to 0.1), ratios
 * 0–1 with 4 decimals, times local (TIMEZONE) "yyyy-MM-dd HH:mm:ss".
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { CsvValue } from "../csv";
import { STATE_COLUMNS, mapText, type AgentDayRow } from "../queries/history/agent-days";
import type { QueuePeriodRow } from "../queries/history/queue-intervals";
import type { AbandonedCallRow } from "../queries/history/abandoned-calls";
import type { AgentDayDetail } from "./agent-day-detail";

export type Table = { header: string[]; rows: CsvValue[][] };

export function localTime(t: number | null, timeZone: string, pattern = "yyyy-MM-dd HH:mm:ss"): string {
  return t === null ? "" : format(new TZDate(t, timeZone), pattern);
}

const r1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const r4 = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);

/** Header of the agents report. */
export const AGENTS_HEADER = [
  "day", "agent", "name", "campaign", "team", "logged_in_sec",
  ...STATE_COLUMNS.map((c) => `${c.key.toLowerCase()}_sec`),
  "pause_codes_sec", "calls_handled", "talk_sec", "avg_talk_sec", "dispositions",
];

/** One row of the agents report. */
export function agentsRow(r: AgentDayRow): CsvValue[] {
  return [
    r.day, r.agentUser, r.fullName, r.campaign, r.team, r1(r.loggedInSec),
    ...STATE_COLUMNS.map((c) => r1(r.byColumn[c.key])),
    mapText(r.pauseCodes), r.callsHandled, r1(r.talkSec), r1(r.avgTalkSec), mapText(r.dispositions, false),
  ];
}


export function queuesTable(rows: readonly QueuePeriodRow[], timeZone: string): Table {
  return {
    header: ["period_start", "offered", "answered", "abandoned", "answered_within_sl", "service_level", "abandon_rate", "asa_sec", "aht_sec"],
    rows: rows.map((r) => [localTime(r.start, timeZone), r.offered, r.answered, r.abandoned, r.answeredWithinSl, r4(r.serviceLevel), r4(r.abandonRate), r.asaSec, r.ahtSec]),
  };
}

export function abandonedTable(rows: readonly AbandonedCallRow[], timeZone: string): Table {
  return {
    header: ["ended_at", "queue", "from", "entered_at", "wait_sec", "pbx", "call_id"],
    rows: rows.map((r) => [localTime(r.endedAt, timeZone), r.queue, r.from, localTime(r.enteredAt, timeZone), r.waitSec, r.pbx, r.callId]),
  };
}

export function timelineTable(d: AgentDayDetail, timeZone: string): Table {
  return {
    header: ["start", "end", "seconds", "state", "pause_code", "campaign"],
    rows: d.segments.map((s) => [localTime(s.start, timeZone), localTime(s.end, timeZone), r1((s.end - s.start) / 1000), s.status, s.pauseCode, s.campaign]),
  };
}
