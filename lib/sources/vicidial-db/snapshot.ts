/**
 * The typed snapshot one poll of VICIdial's database produces, the pure functions that build
 * it from the rows of queries.ts, and the diff of two snapshots so only changes are fanned
 * out. No I/O here.
 *
 * Clocks: `...AtMs` fields are ms since the Unix epoch on the VICIdial *database* clock
 * (UNIX_TIMESTAMP of the stored DATETIME, read in the database's own time zone); subtract
 * {@link VicidialDbSnapshot.dbClockOffsetMs} to put one on the wallboard's clock. `...Sec`
 * fields are durations in seconds at the moment of the poll, computed by the database against
 * its own NOW() (so no clock skew can enter); they grow every second and are therefore left
 * out of the diff (see {@link VOLATILE_FIELDS}).
 *
 * Rules taken from VICIdial 2.14 (www/vicidial/AST_timeonVDADall.php 2.14-120 unless noted)
 * are named where they are applied.
 */
import type { AgentStatus } from "../../agents/status";
import type { DialerWaitingCall } from "../../dialer/types";
import type { AutoCallCountRow, CampaignRow, InGroupRow, LiveAgentRow, PollRows, WaitingCallRow } from "./queries";

// ---------------------------------------------------------------------------------------------
// Shapes

/**
 * Drop rates of a campaign or in-group, in percent (0–100, 2 decimals like VICIdial's
 * sprintf("%.2f")).
 */
export interface DropRates {
  /**
   * vicidial_campaign_stats.drops_answers_today_pct as VICIdial stored it, parsed: drops ÷
   * answers × 100, written about once a minute by bin/AST_VDadapt.pl. It is '0' while there
   * are no drops; for a campaign with drops and no answers AST_VDadapt divides by 1 and
   * writes that 1 back as answers_today (so 3 drops show 300); for an in-group it writes 0.
   * The column is VARCHAR(6): 1200.00 is stored as "1200.0". With UK Ofcom calculation on,
   * the formula is drops ÷ (agent-handled + drops). Null when the text is not a number.
   */
  vicidialPct: number | null;
  /** The same value as stored (VARCHAR(6)), e.g. "0", "2.50". */
  vicidialText: string;
  /** drops ÷ answers × 100 from the counters read in this poll; null when answers is 0. */
  ofAnswersPct: number | null;
  /**
   * drops ÷ calls × 100 from the counters (the report's "droppedOFtotal" alternative, and
   * what AST_VDadapt stores as drops_today_pct); null when calls is 0.
   */
  ofCallsPct: number | null;
}

/** Agents counted as AST_timeonVDADall.php counts them (see {@link countAgents}). */
export interface AgentCounts {
  loggedIn: number;
  /** INCALL, QUEUE, MQUEUE, DIAL, 3-WAY (incl. 3-WAYD), PARK. */
  inCall: number;
  /** The DIAL part of inCall (manual dials not yet answered). */
  dialing: number;
  /** READY or CLOSER ("waiting" on the report). */
  waiting: number;
  paused: number;
  dead: number;
  dispo: number;
}

export interface CampaignCalls {
  /** Calls of the campaign in vicidial_auto_calls except XFER (the report's "calls being placed"). */
  placed: number;
  /** Placed, not yet answered: every status but LIVE, CLOSER and XFER (in 2.14 that is SENT). */
  ringing: number;
  /** Answered customers waiting for an agent (status LIVE); they drop after drop_call_seconds. */
  waiting: number;
  /** Status IVR. */
  inIvr: number;
  /** Connected to an agent (XFER, CLOSER). */
  withAgents: number;
  /** call_time of the oldest waiting call, database clock. */
  oldestWaitingAtMs: number | null;
  /** Its wait in seconds at the poll, database clock (volatile). */
  longestWaitSec: number | null;
}

/** The dialer strip of one active campaign. */
export interface CampaignDialer {
  campaignId: string;
  name: string;
  /** vicidial_campaigns.dial_method: MANUAL, RATIO, ADAPT_HARD_LIMIT, ADAPT_TAPERED, ADAPT_AVERAGE, INBOUND_MAN, SHARED_*. */
  dialMethod: string;
  /** auto_dial_level parsed (0 for manual dialling); null when the text is not a number. */
  dialLevel: number | null;
  /** auto_dial_level as stored (VARCHAR(6)). */
  dialLevelText: string;
  /** adaptive_dropped_percentage: the campaign's drop limit (the report paints the drop % red at or above it). */
  dropLimitPct: number | null;
  /** drop_call_seconds: how long an answered call waits for an agent before it is dropped. */
  dropCallSeconds: number;
  /** UK Ofcom drop calculation switched on for the campaign (also needs the system setting). */
  ukOfcomDropCalc: boolean;
  hopper: {
    /** hopper_level: the minimum AST_VDhopper.pl keeps queued. */
    minLevel: number;
    /** auto_hopper_level, used when useAuto. */
    autoLevel: number;
    useAuto: boolean;
    /** Rows in vicidial_hopper for the campaign, any status (the report's "LEADS IN HOPPER"). */
    leads: number;
    /** Of which READY. */
    readyLeads: number;
  };
  /** vicidial_campaign_stats.dialable_leads (AST_VDhopper.pl, about once a minute). */
  dialableLeads: number;
  calls: CampaignCalls;
  today: {
    calls: number;
    answers: number;
    /** Decimal since 2.12 (UK Ofcom subtracts estimated answering machines). */
    drops: number;
    agentHandled: number;
    answeringMachines: number;
    dropRates: DropRates;
    /** Agent time today, seconds (AST_VDadapt.pl; 2.4+). */
    agentCalls: number;
    agentWaitSec: number;
    agentTalkSec: number;
    agentAcwSec: number;
    agentPauseSec: number;
  };
  /** Dialer trend of the last minute (AST_VDauto_dial.pl): differential and average agents. */
  lastMinute: { differential: number | null; agentsAverage: number | null };
  statusCategories: { name: string; count: number }[];
  /** In-groups the campaign's agents may take (closer_campaigns). */
  inGroupIds: string[];
  allowInbound: boolean;
  /** agent_pause_codes_active: Y, N or FORCE. */
  pauseCodes: string;
  agents: AgentCounts;
  /** False when the campaign has no vicidial_campaign_stats row yet (counters read 0). */
  hasStats: boolean;
  statsUpdatedAtMs: number | null;
  /** Seconds since the stats row was written (volatile). */
  statsAgeSec: number | null;
}

/** One in-group queue. */
export interface InGroupQueue {
  groupId: string;
  /** group_name; the group id when the in-group has no vicidial_inbound_groups row. */
  name: string;
  /** group_color as stored (colour name or #RRGGBB); "" when none. */
  color: string;
  /** The in-group's queue_priority (copied onto each call entering it). */
  priority: number;
  /** True when read from vicidial_inbound_groups (active); false for a group only seen in calls. */
  configured: boolean;
  /** Calls waiting for an agent (status LIVE, call_type IN). */
  waiting: number;
  inIvr: number;
  /** Calls connected to an agent (CLOSER, XFER). */
  withAgents: number;
  oldestWaitingAtMs: number | null;
  /** Longest current wait, seconds, database clock (volatile). */
  longestWaitSec: number | null;
  /** Highest queue_priority among the waiting calls. */
  topWaitingPriority: number | null;
  today: {
    calls: number;
    answers: number;
    drops: number;
    dropRates: DropRates;
    /** Service level as the report computes it: hold_sec_stat_one ÷ answers × 100 (within slOneSec). */
    slOneSec: number;
    slOnePct: number | null;
    slTwoSec: number;
    slTwoPct: number | null;
    /** hold_sec_answer_calls ÷ answers, hold_sec_drop_calls ÷ drops, hold_sec_queue_calls ÷ calls (rounded). */
    avgHoldAnsweredSec: number | null;
    avgHoldDroppedSec: number | null;
    avgHoldAllSec: number | null;
  };
}

/**
 * One call waiting for an agent or in an IVR. The fields it shares with the dialer's
 * {@link DialerWaitingCall} are VICIdial's values as stored, which the dialer state copies
 * unchanged (lib/dialer/figures.ts), so they are declared once, there.
 */
export interface WaitingCall extends Pick<DialerWaitingCall, "callerId" | "direction" | "status" | "phoneCode" | "phoneNumber" | "priority" | "agentOnly"> {
  autoCallId: number;
  leadId: number;
  /** The in-group for inbound calls, the campaign for outbound ones. */
  groupId: string;
  /** vicidial_auto_calls.call_time, database clock, ms since the epoch; null when unknown. */
  callTimeMs: number | null;
  /** Seconds waiting at the poll, database clock (volatile). */
  waitSec: number | null;
}

/** The statuses of the report's agent list. */
export const DB_AGENT_STATUSES = ["READY", "CLOSER", "PAUSED", "QUEUE", "MQUEUE", "INCALL", "DIAL", "DEAD", "DISPO", "3-WAY", "3-WAYD", "RING"] as const;
export type DbAgentStatus = (typeof DB_AGENT_STATUSES)[number];

/** Where a pause code was read. */
export type PauseCodeSource = "agent_log.sub_status" | "live_agents.pause_code";

export interface LiveAgent {
  user: string;
  fullName: string | null;
  campaignId: string;
  /** vicidial_live_agents.status as stored. */
  rawStatus: string;
  /** The status the report shows (see {@link deriveAgentStatuses}). */
  status: DbAgentStatus;
  /** The pause code of a PAUSED agent, null otherwise or when none was chosen. */
  pauseCode: string | null;
  pauseCodeSource: PauseCodeSource | null;
  /** null when 0 (no lead). */
  leadId: number | null;
  /** The agent's current call (vicidial_auto_calls.callerid); "" when none. */
  callerId: string;
  /** AUTO, INBOUND, MANUAL, EMAIL, CHAT or "". */
  callType: string;
  agentLogId: number;
  /** The agent's phone as VICIdial dials it, e.g. SIP/2001. */
  extension: string;
  inGroupIds: string[];
  callsToday: number;
  lastStateChangeAtMs: number | null;
  lastCallAtMs: number | null;
  /** When the shown status began, following the report's rule (see deriveAgentStatuses). */
  stateSinceAtMs: number | null;
  /** Seconds in the shown status at the poll, database clock (volatile). */
  stateSec: number | null;
  /** Seconds since the agent screen last touched its row (volatile). */
  lastUpdateAgeSec: number | null;
  /**
   * The screen has not updated its row for more than {@link SCREEN_STALE_SEC} seconds: the
   * dialer no longer hands it calls (AST_VDauto_dial.pl picks agents with last_update_time
   * within the last 10 s); usually a closed or frozen browser.
   */
  screenStale: boolean;
}

export interface VicidialDbSnapshot {
  /** The database's NOW() at the poll's first statement, ms. */
  dbNowMs: number;
  /** Wallboard clock when the poll finished, ms. */
  polledAtMs: number;
  /** Database clock − wallboard clock, ms (estimated at the first statement's midpoint). */
  dbClockOffsetMs: number;
  campaigns: CampaignDialer[];
  inGroups: InGroupQueue[];
  waitingCalls: WaitingCall[];
  agents: LiveAgent[];
  /** True where a list hit its row limit (the poll read no more). */
  truncated: { campaigns: boolean; inGroups: boolean; waitingCalls: boolean; agents: boolean };
}

// ---------------------------------------------------------------------------------------------
// Parsing helpers

/** Screen staleness threshold, seconds (AST_VDauto_dial.pl's 10-second last_update_time window). */
export const SCREEN_STALE_SEC = 10;

/** The report drops PAUSED, DEAD and DISPO agents from its list and counts after 6 hours (21600 s). */
export const REPORT_HIDE_AFTER_SEC = 21_600;

const NUMBER_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/**
 * A number VICIdial keeps as text (auto_dial_level '2.5', drops_answers_today_pct '0',
 * differential_onemin '-1.25'); null for anything else ('', 'NULL', '1.2.3').
 */
export function parseVicidialNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !NUMBER_TEXT.test(text)) return null;
  return Number(text);
}

/** x rounded to 2 decimals, half away from zero (PHP round()). */
export function round2(x: number): number {
  return Math.sign(x) * (Math.round((Math.abs(x) + Number.EPSILON) * 100) / 100);
}

/** part ÷ whole × 100, 2 decimals; null when whole is 0. */
export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : round2((part / whole) * 100);
}

/**
 * The in-group list of closer_campaigns (" GROUP1 GROUP2 -"): trims, drops the closing "-"
 * as the report does (`preg_replace("/^ | -$/", "", ...)`).
 */
export function parseGroupList(text: string): string[] {
  return text
    .split(/\s+/)
    .map((g) => g.trim())
    .filter((g) => g !== "" && g !== "-");
}

/** Drop rates from a stats row's counters and stored text. */
export function dropRates(drops: number, answers: number, calls: number, storedPct: string): DropRates {
  return {
    vicidialPct: parseVicidialNumber(storedPct),
    vicidialText: storedPct,
    ofAnswersPct: percent(drops, answers),
    ofCallsPct: percent(drops, calls),
  };
}

// ---------------------------------------------------------------------------------------------
// Agents

interface DerivedAgentStatus {
  status: DbAgentStatus;
  stateSinceAtMs: number | null;
  stateSec: number | null;
}

/**
 * The status the report shows for each agent, in the report's order of checks:
 * 1. RING: on_hook_agent 'Y' and ring_callerid longer than 18 characters;
 * 2. 3-WAY: the agent has a lead and more than one agent is INCALL on that lead;
 * 3. DISPO: READY or PAUSED with a lead still set (hung up, disposition not yet saved);
 * 4. INCALL whose callerid is no longer in vicidial_auto_calls (customer gone) → DEAD
 *    (3-WAY → 3-WAYD), unless the call is EMAIL/CHAT; a MANUAL call whose row has no
 *    uniqueid/channel yet → DIAL. (PARK needs parked_channels, which we do not read.)
 * Time in status: READY, CLOSER, PAUSED, DISPO, DEAD, RING from last_state_change; INCALL,
 * QUEUE, DIAL from last_call_time; 3-WAY from the latest last_call_time of the agents on the
 * lead. Returned in input order.
 */
export function deriveAgentStatuses(rows: readonly LiveAgentRow[]): DerivedAgentStatus[] {
  const incallByLead = new Map<number, LiveAgentRow[]>();
  for (const r of rows) {
    if (r.status === "INCALL" && r.leadId !== 0) {
      const list = incallByLead.get(r.leadId) ?? [];
      list.push(r);
      incallByLead.set(r.leadId, list);
    }
  }
  return rows.map((r) => {
    let status = (DB_AGENT_STATUSES as readonly string[]).includes(r.status) ? (r.status as DbAgentStatus) : "PAUSED";
    if (r.onHookAgent && r.ringCallerId.length > 18) status = "RING";
    const onLead = r.leadId !== 0 ? (incallByLead.get(r.leadId) ?? []) : [];
    if (onLead.length > 1) status = "3-WAY";
    if ((status === "READY" || status === "PAUSED") && r.leadId > 0) status = "DISPO";
    const emailOrChat = /EMAIL|CHAT/i.test(r.comments);
    if (status === "INCALL") {
      if (!r.callPresent && !emailOrChat) status = "DEAD";
      else if (r.comments === "MANUAL" && r.callDialing) status = "DIAL";
    } else if (status === "3-WAY" && !r.callPresent && !emailOrChat) {
      status = "3-WAYD";
    }

    const dbNow = r.dbNowMs;
    if (status === "INCALL" || status === "QUEUE" || status === "MQUEUE" || status === "DIAL") {
      return { status, stateSinceAtMs: r.lastCallTimeMs, stateSec: r.callSec };
    }
    if (status === "3-WAY") {
      const latest = Math.max(...onLead.map((a) => a.lastCallTimeMs ?? 0));
      const since = latest > 0 ? latest : null;
      return { status, stateSinceAtMs: since, stateSec: since === null ? null : Math.max(0, Math.floor((dbNow - since) / 1000)) };
    }
    return { status, stateSinceAtMs: r.lastStateChangeMs, stateSec: r.stateSec };
  });
}

/**
 * The pause code of a PAUSED agent: the report's source first (sub_status of the agent's
 * latest vicidial_agent_log row, written by PauseCodeSubmit in agc/vdc_db_query.php), then
 * vicidial_live_agents.pause_code (2.8+, same writer, and 'LOGIN' at login). Null when the
 * agent is not PAUSED or chose no code yet.
 */
export function pauseCodeOf(row: LiveAgentRow, status: DbAgentStatus): { code: string | null; source: PauseCodeSource | null } {
  if (status !== "PAUSED") return { code: null, source: null };
  const sub = (row.subStatus ?? "").trim();
  if (sub !== "") return { code: sub, source: "agent_log.sub_status" };
  const live = row.pauseCode.trim();
  if (live !== "") return { code: live, source: "live_agents.pause_code" };
  return { code: null, source: null };
}

/**
 * Counts agents the way the report's header does: in call = status matching
 * INCALL|DIAL|QUEUE|3-WAY|PARK, waiting = READY|CLOSER, and PAUSED, DEAD and DISPO agents
 * only while under 6 hours in that status (REPORT_HIDE_AFTER_SEC; the report skips them).
 */
export function countAgents(agents: readonly LiveAgent[]): AgentCounts {
  const c: AgentCounts = { loggedIn: 0, inCall: 0, dialing: 0, waiting: 0, paused: 0, dead: 0, dispo: 0 };
  for (const a of agents) {
    const hideable = a.status === "PAUSED" || a.status === "DEAD" || a.status === "DISPO";
    if (hideable && (a.stateSec ?? 0) >= REPORT_HIDE_AFTER_SEC) continue;
    if (/INCALL|DIAL|QUEUE|3-WAY|PARK/.test(a.status)) c.inCall++;
    if (a.status === "DIAL") c.dialing++;
    if (a.status === "READY" || a.status === "CLOSER") c.waiting++;
    if (a.status === "PAUSED") c.paused++;
    if (a.status === "DEAD") c.dead++;
    if (a.status === "DISPO") c.dispo++;
    c.loggedIn++;
  }
  return c;
}

/**
 * The wallboard status (lib/agents/status.ts) closest to a report status, for filling or
 * correcting an agent the pushes got wrong: QUEUE/MQUEUE (a call being handed over) →
 * INCALL, 3-WAYD → DEAD, RING (on-hook agent's phone ringing) → READY.
 */
export function boardStatusOf(status: DbAgentStatus): AgentStatus {
  switch (status) {
    case "QUEUE":
    case "MQUEUE":
      return "INCALL";
    case "3-WAYD":
      return "DEAD";
    case "RING":
      return "READY";
    default:
      return status;
  }
}

function toLiveAgents(rows: readonly LiveAgentRow[]): LiveAgent[] {
  const derived = deriveAgentStatuses(rows);
  return rows.map((r, i) => {
    const d = derived[i]!;
    const pause = pauseCodeOf(r, d.status);
    return {
      user: r.user,
      fullName: r.fullName,
      campaignId: r.campaignId,
      rawStatus: r.status,
      status: d.status,
      pauseCode: pause.code,
      pauseCodeSource: pause.source,
      leadId: r.leadId === 0 ? null : r.leadId,
      callerId: r.callerId,
      callType: r.comments,
      agentLogId: r.agentLogId,
      extension: r.extension,
      inGroupIds: parseGroupList(r.closerCampaigns),
      callsToday: r.callsToday,
      lastStateChangeAtMs: r.lastStateChangeMs,
      lastCallAtMs: r.lastCallTimeMs,
      stateSinceAtMs: d.stateSinceAtMs,
      stateSec: d.stateSec,
      lastUpdateAgeSec: r.lastUpdateAgeSec,
      screenStale: (r.lastUpdateAgeSec ?? 0) > SCREEN_STALE_SEC,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Calls

const OUTBOUND_TYPES = new Set(["OUT", "OUTBALANCE"]);

/**
 * A campaign's outbound calls from the grouped counts, with the report's classification
 * (AST_timeonVDADall.php: every row but XFER is "being placed"; LIVE is "waiting for
 * agents"; IVR is "in IVR"; every row that is neither LIVE nor CLOSER is "ringing").
 */
function campaignCalls(counts: readonly AutoCallCountRow[]): CampaignCalls {
  const c: CampaignCalls = { placed: 0, ringing: 0, waiting: 0, inIvr: 0, withAgents: 0, oldestWaitingAtMs: null, longestWaitSec: null };
  for (const r of counts) {
    if (r.status === "XFER" || r.status === "CLOSER") c.withAgents += r.calls;
    if (r.status === "XFER") continue;
    c.placed += r.calls;
    if (r.status === "LIVE") {
      c.waiting += r.calls;
      c.oldestWaitingAtMs = r.oldestCallAtMs;
      c.longestWaitSec = r.longestSec;
    } else if (r.status !== "CLOSER") {
      c.ringing += r.calls;
    }
    if (r.status === "IVR") c.inIvr += r.calls;
  }
  return c;
}

function avg(total: number, count: number): number | null {
  return count === 0 ? null : Math.round(total / count);
}

function toInGroup(cfg: InGroupRow | null, groupId: string, counts: readonly AutoCallCountRow[]): InGroupQueue {
  let waiting = 0;
  let inIvr = 0;
  let withAgents = 0;
  let oldestWaitingAtMs: number | null = null;
  let longestWaitSec: number | null = null;
  let topWaitingPriority: number | null = null;
  for (const r of counts) {
    if (r.status === "LIVE") {
      waiting += r.calls;
      oldestWaitingAtMs = r.oldestCallAtMs;
      longestWaitSec = r.longestSec;
      topWaitingPriority = r.topPriority;
    } else if (r.status === "IVR") inIvr += r.calls;
    else if (r.status === "CLOSER" || r.status === "XFER") withAgents += r.calls;
  }
  const calls = cfg?.callsToday ?? 0;
  const answers = cfg?.answersToday ?? 0;
  const drops = cfg?.dropsToday ?? 0;
  return {
    groupId,
    name: cfg?.name || groupId,
    color: cfg?.color ?? "",
    priority: cfg?.queuePriority ?? 0,
    configured: cfg !== null,
    waiting,
    inIvr,
    withAgents,
    oldestWaitingAtMs,
    longestWaitSec,
    topWaitingPriority,
    today: {
      calls,
      answers,
      drops,
      dropRates: dropRates(drops, answers, calls, cfg?.dropsAnswersTodayPct ?? "0"),
      slOneSec: cfg?.slOneSec ?? 20,
      slOnePct: percent(cfg?.holdSecStatOne ?? 0, answers),
      slTwoSec: cfg?.slTwoSec ?? 30,
      slTwoPct: percent(cfg?.holdSecStatTwo ?? 0, answers),
      avgHoldAnsweredSec: avg(cfg?.holdSecAnswerCalls ?? 0, answers),
      avgHoldDroppedSec: avg(cfg?.holdSecDropCalls ?? 0, drops),
      avgHoldAllSec: avg(cfg?.holdSecQueueCalls ?? 0, calls),
    },
  };
}

function toWaitingCall(r: WaitingCallRow): WaitingCall {
  return {
    autoCallId: r.autoCallId,
    callerId: r.callerId,
    leadId: r.leadId,
    groupId: r.campaignId,
    direction: r.callType === "IN" ? "inbound" : "outbound",
    status: r.status,
    phoneCode: r.phoneCode,
    phoneNumber: r.phoneNumber,
    priority: r.queuePriority,
    agentOnly: r.agentOnly,
    callTimeMs: r.callTimeMs,
    waitSec: r.waitSec,
  };
}

function toCampaign(r: CampaignRow, hopper: { leads: number; ready: number } | undefined, counts: readonly AutoCallCountRow[], agents: readonly LiveAgent[]): CampaignDialer {
  return {
    campaignId: r.campaignId,
    name: r.name,
    dialMethod: r.dialMethod,
    dialLevel: parseVicidialNumber(r.autoDialLevel),
    dialLevelText: r.autoDialLevel,
    dropLimitPct: parseVicidialNumber(r.adaptiveDroppedPercentage),
    dropCallSeconds: r.dropCallSeconds,
    ukOfcomDropCalc: r.ofcomUkDropCalc,
    hopper: { minLevel: r.hopperLevel, autoLevel: r.autoHopperLevel, useAuto: r.useAutoHopper, leads: hopper?.leads ?? 0, readyLeads: hopper?.ready ?? 0 },
    dialableLeads: r.dialableLeads,
    calls: campaignCalls(counts),
    today: {
      calls: r.callsToday,
      answers: r.answersToday,
      drops: r.dropsToday,
      agentHandled: r.agenthandledToday,
      answeringMachines: r.answeringMachinesToday,
      dropRates: dropRates(r.dropsToday, r.answersToday, r.callsToday, r.hasStats ? r.dropsAnswersTodayPct : "0"),
      agentCalls: r.agentCallsToday,
      agentWaitSec: r.agentWaitToday,
      agentTalkSec: r.agentCusttalkToday,
      agentAcwSec: r.agentAcwToday,
      agentPauseSec: r.agentPauseToday,
    },
    lastMinute: { differential: parseVicidialNumber(r.differentialOnemin), agentsAverage: parseVicidialNumber(r.agentsAverageOnemin) },
    statusCategories: r.statusCategories,
    inGroupIds: parseGroupList(r.closerCampaigns),
    allowInbound: r.allowInbound,
    pauseCodes: r.agentPauseCodesActive,
    agents: countAgents(agents.filter((a) => a.campaignId === r.campaignId)),
    hasStats: r.hasStats,
    statsUpdatedAtMs: r.statsUpdatedAtMs,
    statsAgeSec: r.statsAgeSec,
  };
}

/** When and how a poll happened, measured by the poller on the wallboard clock. */
export interface PollTiming {
  /** ms, wallboard clock, when the poll finished. */
  polledAtMs: number;
  /** Database clock − wallboard clock, ms. */
  dbClockOffsetMs: number;
}

/**
 * Builds the snapshot from one poll's rows. `limits` tells which lists hit their bound.
 * Agents are listed once per user (the first row by live_agent_id when VICIdial left two).
 */
export function buildSnapshot(rows: PollRows, timing: PollTiming, limits: { maxGroups: number; maxWaitingCalls: number; maxAgents: number }): VicidialDbSnapshot {
  const seen = new Set<string>();
  const agentRows = rows.agents.filter((a) => !seen.has(a.user) && (seen.add(a.user), true));
  const agents = toLiveAgents(agentRows);

  const outboundCounts = new Map<string, AutoCallCountRow[]>();
  const inboundCounts = new Map<string, AutoCallCountRow[]>();
  for (const r of rows.callCounts) {
    const map = OUTBOUND_TYPES.has(r.callType) ? outboundCounts : r.callType === "IN" ? inboundCounts : null;
    if (!map) continue;
    const list = map.get(r.campaignId) ?? [];
    list.push(r);
    map.set(r.campaignId, list);
  }
  const hopper = new Map(rows.hopper.map((h) => [h.campaignId, h]));
  const campaigns = rows.campaigns.map((c) => toCampaign(c, hopper.get(c.campaignId), outboundCounts.get(c.campaignId) ?? [], agents));

  const configured = new Map(rows.inGroups.map((g) => [g.groupId, g]));
  const groupIds = [...new Set([...configured.keys(), ...inboundCounts.keys()])].sort();
  const inGroups = groupIds.map((id) => toInGroup(configured.get(id) ?? null, id, inboundCounts.get(id) ?? []));

  return {
    dbNowMs: rows.dbNowMs,
    polledAtMs: timing.polledAtMs,
    dbClockOffsetMs: timing.dbClockOffsetMs,
    campaigns,
    inGroups,
    waitingCalls: rows.waitingCalls.map(toWaitingCall),
    agents,
    truncated: {
      campaigns: rows.campaigns.length >= limits.maxGroups,
      inGroups: rows.inGroups.length >= limits.maxGroups,
      waitingCalls: rows.waitingCalls.length >= limits.maxWaitingCalls,
      agents: rows.agents.length >= limits.maxAgents,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Diff

/**
 * Fields that change every second by themselves (durations measured at the poll); the diff
 * ignores them so a waiting call does not count as a change each poll. Their absolute
 * counterparts (`...AtMs`) are compared instead.
 */
export const VOLATILE_FIELDS: ReadonlySet<string> = new Set(["longestWaitSec", "statsAgeSec", "waitSec", "stateSec", "lastUpdateAgeSec"]);

/** Changes of one kind of entity between two snapshots, keyed by its id. */
export interface EntityChanges<T> {
  /** New since the previous snapshot, in the new snapshot's order. */
  added: T[];
  /** Present in both with a different non-volatile field, new value, in the new snapshot's order. */
  changed: T[];
  /** Ids gone since the previous snapshot. */
  removed: string[];
}

export interface VicidialDbChanges {
  campaigns: EntityChanges<CampaignDialer>;
  inGroups: EntityChanges<InGroupQueue>;
  /** Keyed by autoCallId. */
  waitingCalls: EntityChanges<WaitingCall>;
  /** Keyed by user. */
  agents: EntityChanges<LiveAgent>;
  /** Total number of added + changed + removed entities (0: nothing to fan out). */
  count: number;
}

/** Deep equality of JSON-like values, ignoring VOLATILE_FIELDS at any depth. */
export function sameIgnoringVolatile(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameIgnoringVolatile(v, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (VOLATILE_FIELDS.has(k)) continue;
    if (!sameIgnoringVolatile(ao[k], bo[k])) return false;
  }
  return true;
}

/** Diffs two lists by key. Pure; O(n). */
export function diffEntities<T>(prev: readonly T[], next: readonly T[], key: (e: T) => string): EntityChanges<T> {
  const before = new Map(prev.map((e) => [key(e), e]));
  const out: EntityChanges<T> = { added: [], changed: [], removed: [] };
  const now = new Set<string>();
  for (const e of next) {
    const k = key(e);
    now.add(k);
    const old = before.get(k);
    if (old === undefined) out.added.push(e);
    else if (!sameIgnoringVolatile(old, e)) out.changed.push(e);
  }
  for (const k of before.keys()) if (!now.has(k)) out.removed.push(k);
  return out;
}

/**
 * What changed from `prev` to `next` (everything is "added" when prev is null), ignoring the
 * volatile durations. Pure.
 */
export function diffSnapshots(prev: VicidialDbSnapshot | null, next: VicidialDbSnapshot): VicidialDbChanges {
  const campaigns = diffEntities(prev?.campaigns ?? [], next.campaigns, (c) => c.campaignId);
  const inGroups = diffEntities(prev?.inGroups ?? [], next.inGroups, (g) => g.groupId);
  const waitingCalls = diffEntities(prev?.waitingCalls ?? [], next.waitingCalls, (w) => String(w.autoCallId));
  const agents = diffEntities(prev?.agents ?? [], next.agents, (a) => a.user);
  const size = (c: EntityChanges<unknown>) => c.added.length + c.changed.length + c.removed.length;
  return { campaigns, inGroups, waitingCalls, agents, count: size(campaigns) + size(inGroups) + size(waitingCalls) + size(agents) };
}
