/**
 * Pure functions from one poll of VICIdial's database (lib/sources/vicidial-db/snapshot.ts) to
 * what the wall shows (./types.ts), and the slices each realtime topic gets. No I/O.
 *
 * Clocks: the snapshot's absolute times are on the database clock; they are shifted onto the
 * wallboard's server clock by the poll's measured offset, held steady by {@link steadyOffset}
 * so a call's `since` does not move by a few ms at every poll (which would make every poll a
 * change to fan out and replicate).
 */
import type { CampaignDialer, InGroupQueue, VicidialDbSnapshot, WaitingCall } from "../sources/vicidial-db/snapshot";
import { MAX_WAITING_LISTED, type DialerCampaign, type DialerDropRates, type DialerInGroup, type DialerSlice, type DialerWaitingCall } from "./types";

/** The offset is re-measured every poll; a new value is taken only when it moved more than this (ms). */
export const OFFSET_STEP_MS = 500;

/**
 * The database-minus-wallboard clock offset (ms) to use: the previous one while the new
 * measurement is within {@link OFFSET_STEP_MS} of it, else the new one.
 */
export function steadyOffset(previous: number | null, measured: number): number {
  return previous !== null && Math.abs(measured - previous) <= OFFSET_STEP_MS ? previous : measured;
}

/** The whole dialer state after one poll (every campaign, in-group and listed waiting call). */
export interface DialerState extends DialerSlice {
  /** Database clock − wallboard clock used for the times, ms. */
  offsetMs: number;
}

const toServer = (dbMs: number | null, offsetMs: number): number | null => (dbMs === null ? null : dbMs - offsetMs);

function rates(r: CampaignDialer["today"]["dropRates"]): DialerDropRates {
  return { vicidial: r.vicidialPct, vicidialText: r.vicidialText, ofAnswers: r.ofAnswersPct, ofCalls: r.ofCallsPct };
}

function campaignOf(c: CampaignDialer, offsetMs: number): DialerCampaign {
  const a = c.agents;
  return {
    campaign: c.campaignId,
    name: c.name,
    dialMethod: c.dialMethod,
    dialLevel: c.dialLevel,
    dialLevelText: c.dialLevelText,
    dropLimitPct: c.dropLimitPct,
    hopper: { leads: c.hopper.leads, minLevel: c.hopper.useAuto ? c.hopper.autoLevel : c.hopper.minLevel },
    dialableLeads: c.dialableLeads,
    calls: { placed: c.calls.placed, ringing: c.calls.ringing, waiting: c.calls.waiting, oldestWaitingSince: toServer(c.calls.oldestWaitingAtMs, offsetMs) },
    today: { calls: c.today.calls, answers: c.today.answers, drops: c.today.drops, dropRates: rates(c.today.dropRates) },
    ukOfcomDropCalc: c.ukOfcomDropCalc,
    databaseAgents: { loggedIn: a.loggedIn, inCall: a.inCall, waiting: a.waiting, paused: a.paused, dead: a.dead, dispo: a.dispo },
    inGroups: c.inGroupIds,
    hasStats: c.hasStats,
    statsUpdatedAt: toServer(c.statsUpdatedAtMs, offsetMs),
  };
}

function inGroupOf(g: InGroupQueue, campaigns: readonly string[], offsetMs: number): DialerInGroup {
  return {
    inGroup: g.groupId,
    name: g.name,
    color: g.color,
    priority: g.priority,
    campaigns: [...campaigns],
    waiting: g.waiting,
    inIvr: g.inIvr,
    withAgents: g.withAgents,
    oldestWaitingSince: toServer(g.oldestWaitingAtMs, offsetMs),
    topWaitingPriority: g.topWaitingPriority,
    today: {
      calls: g.today.calls,
      answers: g.today.answers,
      drops: g.today.drops,
      dropRates: rates(g.today.dropRates),
      slOneSec: g.today.slOneSec,
      slOnePct: g.today.slOnePct,
      avgWaitAnsweredSec: g.today.avgHoldAnsweredSec,
    },
  };
}

function waitingOf(w: WaitingCall, offsetMs: number): DialerWaitingCall {
  return {
    id: String(w.autoCallId),
    callerId: w.callerId,
    group: w.groupId,
    direction: w.direction,
    status: w.status,
    phoneCode: w.phoneCode,
    phoneNumber: w.phoneNumber,
    priority: w.priority,
    agentOnly: w.agentOnly,
    since: toServer(w.callTimeMs, offsetMs),
  };
}

/**
 * The dialer state of a snapshot, times shifted by `offsetMs` (see {@link steadyOffset}).
 * In-groups list the campaigns whose closer_campaigns name them. The waiting-call list is
 * kept in the snapshot's order (the report's) and cut to MAX_WAITING_LISTED.
 */
export function dialerState(snapshot: VicidialDbSnapshot, offsetMs: number): DialerState {
  const campaignsOf = new Map<string, string[]>();
  for (const c of snapshot.campaigns) for (const g of c.inGroupIds) campaignsOf.set(g, [...(campaignsOf.get(g) ?? []), c.campaignId]);
  const waiting = snapshot.waitingCalls.slice(0, MAX_WAITING_LISTED);
  return {
    offsetMs,
    campaigns: snapshot.campaigns.map((c) => campaignOf(c, offsetMs)),
    inGroups: snapshot.inGroups.map((g) => inGroupOf(g, (campaignsOf.get(g.groupId) ?? []).sort(), offsetMs)),
    waitingCalls: waiting.map((w) => waitingOf(w, offsetMs)),
    waitingTruncated: snapshot.truncated.waitingCalls || snapshot.waitingCalls.length > waiting.length,
  };
}

/**
 * What a topic shows: every campaign and in-group (`campaigns` null: all campaigns), or the
 * given campaigns, the in-groups they take calls from, and the calls waiting in those.
 */
export function sliceFor(state: DialerSlice, campaigns: readonly string[] | null): DialerSlice {
  if (campaigns === null) return state;
  const wanted = new Set(campaigns);
  const shown = state.campaigns.filter((c) => wanted.has(c.campaign));
  const groups = new Set<string>();
  for (const c of shown) for (const g of c.inGroups) groups.add(g);
  for (const g of state.inGroups) if (g.campaigns.some((c) => wanted.has(c))) groups.add(g.inGroup);
  const inGroups = state.inGroups.filter((g) => groups.has(g.inGroup));
  const waitingCalls = state.waitingCalls.filter((w) => (w.direction === "inbound" ? groups.has(w.group) : wanted.has(w.group)));
  return { campaigns: shown, inGroups, waitingCalls, waitingTruncated: state.waitingTruncated };
}

/** The campaigns a dialer entity concerns (for the fan-out's rooms). */
export function campaignsOfInGroup(state: DialerSlice, inGroup: string): string[] {
  return state.inGroups.find((g) => g.inGroup === inGroup)?.campaigns ?? [];
}

/** Drop % to compare with a threshold: VICIdial's own stored figure, else drops ÷ answers. */
export function compliancePct(r: DialerDropRates): number | null {
  return r.vicidial ?? r.ofAnswers;
}

/** Seconds the oldest call has waited at `now` (ms, server clock), rounded down; 0 when none waits. */
export function waitSeconds(since: number | null, now: number): number {
  return since === null ? 0 : Math.max(0, Math.floor((now - since) / 1000));
}
