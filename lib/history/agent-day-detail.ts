/**
 * Report "agent day": one agent's local day as a timeline of states (derived live from the
 * stored events with the same pure model as the rollup, ./agent-day.ts), the calls its phone
 * answered and its dispositions. The history's agent page, its timeline CSV and the wall's
 * agent detail (GET /api/agents/<user>/day) all read it from here.
 */
import type { Db } from "../db/prisma";
import { answeredCallsOnPhone } from "../queries/history/agent-phone-calls";
import { agentEventsBetween, rosterInfo } from "../queries/history/rollup";
import { agentActivity, clipSegments, summarizeDay, type AgentDayCall, type AgentDaySummary, type AgentDayView, type CallStart, type DispositionMark, type Segment } from "./agent-day";
import { dayBounds } from "./days";
import { LOOKBACK_MS } from "./rollup";

export interface AgentDayDetail extends AgentDayView {
  user: string;
  fullName: string | null;
  team: string | null;
  extension: string | null;
  /** The local day, YYYY-MM-DD. */
  day: string;
  /** [start, end) of the day, ms since epoch. */
  start: number;
  end: number;
  segments: Segment[];
  summaries: AgentDaySummary[];
  dispositions: DispositionMark[];
  /** Calls the agent answered (call_answered / other_answered), with their campaign. */
  callStarts: CallStart[];
  calls: AgentDayCall[];
  /** Campaigns the agent was in that day (segments' campaign or the roster's). */
  campaigns: string[];
}

/**
 * One agent's local `day` (YYYY-MM-DD in `timeZone`), up to `now` (ms) when it is today;
 * `staleAfterSec` is the stale timeout in seconds. `fallbackCampaign` replaces the roster's
 * campaign for events that carry none (the live board's campaign, on the wall). Unscoped:
 * callers pass it through scopeAgentDay.
 */
export async function agentDayDetail(db: Db, o: { user: string; day: string; timeZone: string; staleAfterSec: number; now: number; fallbackCampaign?: string }): Promise<AgentDayDetail> {
  const { start, end } = dayBounds(o.day, o.timeZone);
  const [events, roster] = await Promise.all([agentEventsBetween(db, o.user, start - LOOKBACK_MS, end), rosterInfo(db, [o.user])]);
  const info = roster.get(o.user) ?? null;
  const fallback = o.fallbackCampaign ?? info?.campaign ?? "UNASSIGNED";
  const activity = agentActivity(events, { staleAfterMs: o.staleAfterSec * 1000, until: Math.min(end, o.now) });
  const segments = clipSegments(activity.segments, start, end).map((s) => ({ ...s, campaign: s.campaign ?? fallback }));
  const summaries = summarizeDay(activity, start, end, fallback);
  const dispositions = activity.dispositions.filter((d) => d.at >= start && d.at < end).map((d) => ({ ...d, campaign: d.campaign ?? fallback }));
  const callStarts = activity.calls.filter((c) => c.at >= start && c.at < end).map((c) => ({ ...c, campaign: c.campaign ?? fallback }));
  const calls = info?.extension ? await answeredCallsOnPhone(db, info.extension, start, end) : [];
  const campaigns = [...new Set([...summaries.map((s) => s.campaign), ...segments.map((s) => s.campaign!)])].sort();
  return {
    user: o.user,
    fullName: info?.fullName ?? null,
    team: info?.team ?? null,
    extension: info?.extension ?? null,
    day: o.day,
    start,
    end,
    segments,
    summaries,
    dispositions,
    callStarts,
    calls,
    campaigns: campaigns.length ? campaigns : [fallback],
  };
}
