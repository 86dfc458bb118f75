/**
 * What the wall shows of VICIdial's dialer and in-group queues (issue 13), read from its
 * database by the leader (lib/server/vicidial-db-role.ts) and built by ./figures.ts. Part of
 * the realtime contract (lib/realtime/contract.ts `dialer` messages, GET /api/dialer): add
 * fields, never rename them. Imported by browser code: no server-only imports.
 *
 * Clock: every time here (`...Since`, `...At`) is ms on the wallboard's server clock (the
 * database's times shifted by the measured clock offset), so a browser ticks a wait as
 * `serverNow − since` like every other timer. Counts and percentages are as VICIdial stores
 * or as the formulas in README "Connect VICIdial's database" say.
 */

/** Drop rates in percent (0–100+, 2 decimals), see lib/sources/vicidial-db/snapshot.ts DropRates. */
export interface DialerDropRates {
  /**
   * VICIdial's own figure, vicidial_campaign_stats.drops_answers_today_pct as stored (drops ÷
   * answers × 100, written about once a minute by AST_VDadapt.pl): the compliance figure the
   * drop alert compares. Null when the stored text is not a number.
   */
  vicidial: number | null;
  /** The stored text, e.g. "0", "2.50", "1200.0". */
  vicidialText: string;
  /** drops ÷ answers × 100 from this poll's counters; null with no answers. */
  ofAnswers: number | null;
  /** drops ÷ calls × 100 (the report's "dropped of total calls" option); null with no calls. */
  ofCalls: number | null;
}

/** Agents as vicidial_live_agents counts them (the report's header rules). */
export interface DialerAgentCounts {
  loggedIn: number;
  /** INCALL, QUEUE, DIAL, 3-WAY, PARK. */
  inCall: number;
  /** READY or CLOSER. */
  waiting: number;
  paused: number;
  dead: number;
  dispo: number;
}

/** The dialer strip of one active campaign. */
export interface DialerCampaign {
  /** vicidial_campaigns.campaign_id: the same id as the wall's campaign. */
  campaign: string;
  name: string;
  /** MANUAL, RATIO, ADAPT_HARD_LIMIT, ADAPT_TAPERED, ADAPT_AVERAGE, INBOUND_MAN, ... */
  dialMethod: string;
  /** auto_dial_level as a number (0 = manual dialling); null when not a number. */
  dialLevel: number | null;
  /** auto_dial_level as stored, e.g. "2.5". */
  dialLevelText: string;
  /** adaptive_dropped_percentage: the campaign's own drop limit, percent. */
  dropLimitPct: number | null;
  hopper: {
    /** Leads in vicidial_hopper for the campaign, any status (report: LEADS IN HOPPER). */
    leads: number;
    /** hopper_level: the minimum AST_VDhopper.pl keeps queued. */
    minLevel: number;
  };
  /** vicidial_campaign_stats.dialable_leads. */
  dialableLeads: number;
  /** The campaign's calls in vicidial_auto_calls now. */
  calls: {
    /** Every row but XFER (report: calls being placed). */
    placed: number;
    /** Placed, not answered (SENT in 2.14). */
    ringing: number;
    /** Answered, waiting for an agent (LIVE). */
    waiting: number;
    /** call_time of the oldest waiting call (server clock); null when none waits. */
    oldestWaitingSince: number | null;
  };
  today: {
    calls: number;
    answers: number;
    /** Decimal since VICIdial 2.12. */
    drops: number;
    dropRates: DialerDropRates;
  };
  /** UK Ofcom drop calculation on for the campaign (the VICIdial figure then uses agent-handled + drops). */
  ukOfcomDropCalc: boolean;
  /** Agents in vicidial_live_agents with this campaign (the wall's own counts come from the board). */
  databaseAgents: DialerAgentCounts;
  /** In-groups the campaign's agents take (closer_campaigns). */
  inGroups: string[];
  /** False when the campaign has no vicidial_campaign_stats row yet (counters read 0). */
  hasStats: boolean;
  /** When AST_VDadapt.pl last wrote the stats row (server clock). */
  statsUpdatedAt: number | null;
}

/** One in-group queue. */
export interface DialerInGroup {
  /** vicidial_inbound_groups.group_id. */
  inGroup: string;
  name: string;
  /** group_color as stored; "" when none. */
  color: string;
  /** The in-group's queue_priority. */
  priority: number;
  /** Campaigns taking its calls (their closer_campaigns list it): the walls that show it. */
  campaigns: string[];
  /** Calls waiting for an agent (LIVE). */
  waiting: number;
  inIvr: number;
  /** Calls with an agent (CLOSER, XFER). */
  withAgents: number;
  /** call_time of the oldest waiting call (server clock); null when none waits. */
  oldestWaitingSince: number | null;
  /** Highest queue_priority among the waiting calls; null when none waits. */
  topWaitingPriority: number | null;
  today: {
    calls: number;
    answers: number;
    drops: number;
    dropRates: DialerDropRates;
    /** Answered within slOneSec ÷ answers × 100 (report: hold_sec_stat_one). */
    slOneSec: number;
    slOnePct: number | null;
    /** Mean wait of answered calls, seconds (hold_sec_answer_calls ÷ answers). */
    avgWaitAnsweredSec: number | null;
  };
}

/** A call waiting for an agent (LIVE) or in an IVR, as VICIdial lists it. */
export interface DialerWaitingCall {
  /** vicidial_auto_calls.auto_call_id, as text. */
  id: string;
  /** VICIdial's call id (vicidial_auto_calls.callerid), e.g. V1129143012000012345 / Y…. */
  callerId: string;
  /** The in-group (inbound) or campaign (outbound) it waits in. */
  group: string;
  direction: "inbound" | "outbound";
  /** LIVE or IVR. */
  status: string;
  /** phone_code and phone_number exactly as VICIdial stores them. */
  phoneCode: string;
  phoneNumber: string;
  priority: number;
  /** Set when the call may only go to this agent (AGENTDIRECT). */
  agentOnly: string;
  /** call_time (server clock); null when unknown. */
  since: number | null;
}

/** The dialer figures of a topic: the campaigns and in-groups it shows and their waiting calls. */
export interface DialerSlice {
  campaigns: DialerCampaign[];
  inGroups: DialerInGroup[];
  /** Ordered as the report orders them: priority (highest first), then group, then age. */
  waitingCalls: DialerWaitingCall[];
  /** True when more calls wait than the list holds (counts stay exact). */
  waitingTruncated: boolean;
}

export const EMPTY_DIALER: DialerSlice = { campaigns: [], inGroups: [], waitingCalls: [], waitingTruncated: false };

/** Most waiting calls kept in the dialer state (and replicated); the counts stay exact. */
export const MAX_WAITING_LISTED = 100;
