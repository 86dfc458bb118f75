/**
 * Report "agent day": one agent's local day as a timeline of states (derived live from the
 * stored events with the same pure model as the rollup), the calls its phone answered and
 * its dispositions.
 */
import type { Db } from "../../db/prisma";
import { agentActivity, clipSegments, summarizeDay, type AgentDaySummary, type AgentDayView, type CallStart, type DispositionMark, type Segment } from "../../history/agent-day";
import { dayBounds } from "../../history/days";
import { LOOKBACK_MS } from "../../history/rollup";
import { agentEventsBetween, rosterInfo } from "./rollup";

export interface AgentDayCall {
  callId: string;
  queue: string | null;
  from: string;
  /** Who was called (for an agent's outbound call, the customer's number). */
  to: string;
  enteredAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: string | null;
  waitSec: number | null;
  talkSec: number | null;
}

export interface AgentDayDetail extends AgentDayView {
  user: string;
  fullName: string | null;
  team: string | null;
  extension: string | null;
  day: string;
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
 * One agent's local `day` (YYYY-MM-DD in `timeZone`), up to `now` (ms) when it is today.
 * `fallbackCampaign` replaces the roster's campaign for events that carry none (the live
 * board's campaign, on the wall). Unscoped: callers pass it through scopeAgentDay.
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
  const calls = info?.extension
    ? await db.call.findMany({
        where: { agentExtension: info.extension, answeredAt: { gte: new Date(start), lt: new Date(end) } },
        orderBy: { answeredAt: "asc" },
        take: 2000,
      })
    : [];
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
    calls: calls.map((c) => ({
      callId: c.callId,
      queue: c.queue,
      from: c.from,
      to: c.to,
      enteredAt: c.enteredAt.getTime(),
      answeredAt: c.answeredAt?.getTime() ?? null,
      endedAt: c.endedAt?.getTime() ?? null,
      outcome: c.outcome,
      waitSec: c.waitSec,
      talkSec: c.talkSec,
    })),
    campaigns: campaigns.length ? campaigns : [fallback],
  };
}
