/**
 * The dialer's history pages (issue 13): per-minute samples (./samples.ts, table
 * dialer_sample) summed up per period, and the CSV of the minutes. Pure.
 *
 * A period's row, per campaign or in-group: the last sample's drop % (today's counters at the
 * end of the period, VICIdial's drops ÷ answers and drops ÷ calls), the most calls waiting and
 * the longest wait seen in it, and the last hopper and dialable leads. Periods are 15 minutes
 * or hours (ms, server clock, aligned on the epoch, so whole hours in every time zone with
 * whole-hour offsets).
 */
import type { CsvValue } from "../csv";
import type { DialerSampleRow } from "./samples";

export interface DialerPeriodRow {
  kind: DialerSampleRow["kind"];
  groupId: string;
  /** Start of the period, ms. */
  start: number;
  dropPct: number | null;
  dropPctOfCalls: number | null;
  calls: number;
  answers: number;
  drops: number;
  waitingMax: number;
  longestWaitSec: number;
  hopper: number | null;
  dialableLeads: number | null;
  /** Minutes sampled in the period. */
  minutes: number;
}

/** Sums samples (ordered by group, then minute) into periods of `periodMs`. */
export function dialerPeriods(samples: readonly DialerSampleRow[], periodMs: number): DialerPeriodRow[] {
  const out: DialerPeriodRow[] = [];
  let held: DialerPeriodRow | null = null;
  for (const s of samples) {
    const start = Math.floor(s.minute / periodMs) * periodMs;
    if (!held || held.kind !== s.kind || held.groupId !== s.groupId || held.start !== start) {
      held = { kind: s.kind, groupId: s.groupId, start, dropPct: null, dropPctOfCalls: null, calls: 0, answers: 0, drops: 0, waitingMax: 0, longestWaitSec: 0, hopper: null, dialableLeads: null, minutes: 0 };
      out.push(held);
    }
    held.dropPct = s.dropPct;
    held.dropPctOfCalls = s.dropPctOfCalls;
    held.calls = s.calls;
    held.answers = s.answers;
    held.drops = s.drops;
    held.hopper = s.hopper;
    held.dialableLeads = s.dialableLeads;
    held.waitingMax = Math.max(held.waitingMax, s.waitingMax);
    held.longestWaitSec = Math.max(held.longestWaitSec, s.longestWaitSec);
    held.minutes++;
  }
  return out;
}

export const DIALER_CSV_HEADER = [
  "minute", "kind", "group", "calls_today", "answers_today", "drops_today", "drop_pct_vicidial", "drop_pct_of_calls",
  "calls_waiting", "calls_waiting_max", "longest_wait_sec", "calls_placed", "ringing", "hopper", "dialable_leads", "dial_level",
];

/** One CSV row per sample; `time` writes the minute (local time). */
export function dialerCsvRow(s: DialerSampleRow, time: (ms: number) => string): CsvValue[] {
  return [time(s.minute), s.kind, s.groupId, s.calls, s.answers, s.drops, s.dropPct, s.dropPctOfCalls, s.waiting, s.waitingMax, s.longestWaitSec, s.placed, s.ringing, s.hopper, s.dialableLeads, s.dialLevel];
}

/**
 * The groups a viewer may see: every sample when `campaigns` is null; else the campaigns'
 * own samples and those of the in-groups they take (`inGroupsOf`, from the live dialer state).
 */
export function visibleSamples(samples: readonly DialerSampleRow[], campaigns: readonly string[] | null, inGroupCampaigns: (inGroup: string) => readonly string[]): DialerSampleRow[] {
  if (campaigns === null) return [...samples];
  const mine = new Set(campaigns);
  return samples.filter((s) => (s.kind === "campaign" ? mine.has(s.groupId) : inGroupCampaigns(s.groupId).some((c) => mine.has(c))));
}
