/**
 * Time in state from the same pure state model as the live board (lib/agents/state.ts).
 *
 * An agent's events are folded in screen order ({@link compareEvents}); the time between two
 * consecutive events (server clock, receivedAt) belongs to the state the first one left the
 * agent in. Rules:
 * - Screen order and arrival order can disagree (AJAX delivers out of order); time never runs
 *   backwards: a late-arriving event that sorts earlier adds no time, it only changes state.
 * - Stale: the state is trusted for at most `staleAfterMs` after the agent's last event (the
 *   live board marks the agent stale then). The rest of a longer gap is UNKNOWN: a segment on
 *   the timeline, not counted as logged-in time. After the last event the state lasts until
 *   `until` (the day's end or now), at most `staleAfterMs`; nothing UNKNOWN is invented after
 *   the last event.
 * - Platform links (XuC, VoIPBin; `platform_*` events) report an agent only when its state
 *   changes, so their states are trusted until the next event (or `until`), not only for
 *   `staleAfterMs` (a link that went down re-states every agent when it is back).
 * - LOGGED_OUT is not time in a state: nothing is counted until the agent logs in again.
 * - A call is handled when call_answered / other_answered moves the agent into INCALL from a
 *   state that is not already a call (INCALL, PARK, 3-WAY); dispositions are dispo_set events.
 * Days are cut with {@link summarizeDay}: a segment crossing midnight is split at it.
 */
import { applyEvent, codeOf, inScreenOrder, INITIAL_STATE, type AgentEventInput } from "../agents/state";
import type { AgentStatus } from "../agents/status";

/** Events of the platform links (lib/sources/platform/translate.ts). */
const PLATFORM_PREFIX = "platform_";

export type SegmentStatus = Exclude<AgentStatus, "LOGGED_OUT"> | "UNKNOWN";

export interface Segment {
  /** ms, server clock. */
  start: number;
  end: number;
  status: SegmentStatus;
  /** Pause code while PAUSED, when known. */
  pauseCode: string | null;
  /** Campaign of the state's events (null: none carried one; the caller falls back on the roster). */
  campaign: string | null;
}

export interface CallStart {
  at: number;
  campaign: string | null;
  leadId: string | null;
}

export interface DispositionMark {
  at: number;
  code: string;
  campaign: string | null;
  leadId: string | null;
}

export interface AgentActivity {
  segments: Segment[];
  calls: CallStart[];
  dispositions: DispositionMark[];
  /** receivedAt of every event, for first/last activity. */
  eventTimes: number[];
}

export interface ActivityOptions {
  /** Trust a state for at most this long after the last event (STALE_AFTER_SEC × 1000). */
  staleAfterMs: number;
  /** End of the open state after the last event (day end, or now when the day is today). */
  until: number;
}

/** Statuses counted as talk time (customer on the line, hold included). */
export const TALK_STATUSES: ReadonlySet<SegmentStatus> = new Set(["INCALL", "PARK", "3-WAY"]);
const CALL_STATUSES: ReadonlySet<AgentStatus> = TALK_STATUSES as ReadonlySet<AgentStatus>;

/** Segments, call starts and dispositions of one agent's events (any order). Pure. */
export function agentActivity(events: readonly AgentEventInput[], options: ActivityOptions): AgentActivity {
  const sorted = inScreenOrder(events);
  const segments: Segment[] = [];
  const calls: CallStart[] = [];
  const dispositions: DispositionMark[] = [];
  const push = (start: number, end: number, status: SegmentStatus, pauseCode: string | null, campaign: string | null) => {
    if (!(end > start)) return;
    const last = segments[segments.length - 1];
    if (last && last.end === start && last.status === status && last.pauseCode === pauseCode && last.campaign === campaign) {
      last.end = end;
      return;
    }
    segments.push({ start, end, status, pauseCode, campaign });
  };

  let state = INITIAL_STATE;
  let cursor = -Infinity;
  let lastEventAt = -Infinity;
  /** How long the newest event's state is trusted without another event, ms. */
  let trustMs = options.staleAfterMs;
  const emit = (to: number) => {
    if (state.status === "LOGGED_OUT" || to <= cursor) return;
    const trusted = Math.min(to, lastEventAt + trustMs);
    push(cursor, trusted, state.status, state.status === "PAUSED" ? state.pauseCode : null, state.campaign);
    if (to > trusted) push(Math.max(cursor, trusted), to, "UNKNOWN", null, state.campaign);
  };

  for (const e of sorted) {
    emit(e.receivedAt);
    const before = state;
    state = applyEvent(state, e);
    if ((e.event === "call_answered" || e.event === "other_answered" || e.event === "platform_incall") && state.status === "INCALL" && !CALL_STATUSES.has(before.status)) {
      calls.push({ at: e.receivedAt, campaign: state.campaign, leadId: state.leadId });
    }
    if (e.event === "dispo_set") {
      dispositions.push({ at: e.receivedAt, code: codeOf(e.message) ?? "(none)", campaign: state.campaign, leadId: before.leadId ?? e.leadId });
    }
    cursor = Math.max(cursor, e.receivedAt);
    if (e.receivedAt >= lastEventAt) trustMs = e.event.startsWith(PLATFORM_PREFIX) ? Infinity : options.staleAfterMs;
    lastEventAt = Math.max(lastEventAt, e.receivedAt);
  }
  if (state.status !== "LOGGED_OUT" && options.until > cursor) {
    push(cursor, Math.min(options.until, lastEventAt + trustMs), state.status, state.status === "PAUSED" ? state.pauseCode : null, state.campaign);
  }
  return { segments, calls, dispositions, eventTimes: sorted.map((e) => e.receivedAt) };
}

/** The segments within [start, end), cut at both ends. */
export function clipSegments(segments: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const a = Math.max(s.start, start);
    const b = Math.min(s.end, end);
    if (b > a) out.push({ ...s, start: a, end: b });
  }
  return out;
}

export interface StateSeconds {
  status: Exclude<SegmentStatus, "UNKNOWN">;
  pauseCode: string;
  seconds: number;
}

/** One agent's day in one campaign: what the rollup stores. */
export interface AgentDaySummary {
  campaign: string;
  states: StateSeconds[];
  /** Sum of the states' seconds (UNKNOWN excluded). */
  loggedInSec: number;
  unknownSec: number;
  callsHandled: number;
  /** Seconds in INCALL, PARK, 3-WAY. */
  talkSec: number;
  /** Disposition code → count; a null-prototype object, as the codes are agents' text ("constructor" is a code like any other). */
  dispositions: Record<string, number>;
  firstAt: number | null;
  lastAt: number | null;
}

/**
 * Sums an activity over the day [start, end), per campaign (an event's campaign, else
 * `fallbackCampaign`: the roster's, else UNASSIGNED). Campaigns without any time, call,
 * disposition or event that day are left out. Sorted by campaign.
 */
export function summarizeDay(activity: AgentActivity, start: number, end: number, fallbackCampaign: string): AgentDaySummary[] {
  const by = new Map<string, AgentDaySummary & { stateMap: Map<string, StateSeconds> }>();
  const of = (campaign: string | null) => {
    const c = campaign ?? fallbackCampaign;
    let s = by.get(c);
    if (!s) {
      s = { campaign: c, states: [], loggedInSec: 0, unknownSec: 0, callsHandled: 0, talkSec: 0, dispositions: Object.create(null) as Record<string, number>, firstAt: null, lastAt: null, stateMap: new Map() };
      by.set(c, s);
    }
    return s;
  };
  const inDay = (t: number) => t >= start && t < end;
  for (const seg of clipSegments(activity.segments, start, end)) {
    const s = of(seg.campaign);
    const sec = (seg.end - seg.start) / 1000;
    if (seg.status === "UNKNOWN") {
      s.unknownSec += sec;
      continue;
    }
    const key = `${seg.status}\u0000${seg.pauseCode ?? ""}`;
    let st = s.stateMap.get(key);
    if (!st) s.stateMap.set(key, (st = { status: seg.status, pauseCode: seg.pauseCode ?? "", seconds: 0 }));
    st.seconds += sec;
    s.loggedInSec += sec;
    if (TALK_STATUSES.has(seg.status)) s.talkSec += sec;
    s.firstAt = s.firstAt === null ? seg.start : Math.min(s.firstAt, seg.start);
    s.lastAt = s.lastAt === null ? seg.end : Math.max(s.lastAt, seg.end);
  }
  for (const c of activity.calls) if (inDay(c.at)) of(c.campaign).callsHandled++;
  for (const d of activity.dispositions) {
    if (!inDay(d.at)) continue;
    const s = of(d.campaign);
    s.dispositions[d.code] = (s.dispositions[d.code] ?? 0) + 1;
  }
  return [...by.values()]
    .map(({ stateMap, ...s }) => ({
      ...s,
      states: [...stateMap.values()].sort((a, b) => a.status.localeCompare(b.status) || a.pauseCode.localeCompare(b.pauseCode)),
    }))
    .sort((a, b) => a.campaign.localeCompare(b.campaign));
}

/** A PBX call on an agent's phone (times ms since epoch, durations seconds). */
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

/** One agent's local day as the pages and the wall show it (./agent-day-detail.ts builds it). */
export interface AgentDayView {
  segments: Segment[];
  summaries: AgentDaySummary[];
  dispositions: DispositionMark[];
  callStarts: CallStart[];
  calls: { answeredAt: number | null; enteredAt: number }[];
  campaigns: string[];
}

/**
 * The part of an agent's day a viewer may see (issue 11 item 11): segments, summaries, call
 * starts and dispositions of the campaigns `canSee` accepts; PBX calls of the agent's phone
 * only when they began or were answered during a visible segment. Every item's campaign is
 * already filled (the roster's, else UNASSIGNED). Returns null when nothing is visible.
 */
export function scopeAgentDay<T extends AgentDayView>(day: T, canSee: (campaign: string) => boolean): T | null {
  const campaigns = day.campaigns.filter(canSee);
  if (campaigns.length === 0) return null;
  if (campaigns.length === day.campaigns.length) return day;
  const segments = day.segments.filter((s) => canSee(s.campaign ?? ""));
  const during = (t: number | null) => t !== null && segments.some((s) => t >= s.start && t < s.end);
  return {
    ...day,
    campaigns,
    segments,
    summaries: day.summaries.filter((s) => canSee(s.campaign)),
    dispositions: day.dispositions.filter((d) => canSee(d.campaign ?? "")),
    callStarts: day.callStarts.filter((c) => canSee(c.campaign ?? "")),
    calls: day.calls.filter((c) => during(c.answeredAt ?? c.enteredAt)),
  };
}
