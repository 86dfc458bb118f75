/**
 * Queue configuration and statistics (README "Queue statistics" has every formula). Part of
 * the realtime contract: add fields, never rename them.
 */

export interface QueueConfig {
  /** Queue (ACD) id as the PBX names it, e.g. its extension "700". */
  id: string;
  name: string;
  /** Service-level threshold T, seconds (default 20). */
  serviceLevelSec: number;
  /** Campaigns that take calls from this queue. */
  campaigns: string[];
}

export type StatsWindowName = "15m" | "1h" | "today";

export interface WindowStats {
  window: StatsWindowName;
  /** Window start, ms server clock (today: local midnight in the configured time zone). */
  from: number;
  /** answered + abandoned (short abandons excluded) whose wait ended in the window. */
  offered: number;
  answered: number;
  abandoned: number;
  /** Answered with a wait ≤ serviceLevelSec. */
  answeredWithinSl: number;
  /** answeredWithinSl ÷ offered, 0–1; null when offered is 0. */
  serviceLevel: number | null;
  /** Mean wait of answered calls, seconds; null when none. */
  asaSec: number | null;
  /** Mean talk time (answer → end, hold included) of answered calls that ended in the window, seconds. */
  ahtSec: number | null;
  /** abandoned ÷ offered, 0–1; null when offered is 0. */
  abandonRate: number | null;
}

export interface QueueAgentCounts {
  loggedIn: number;
  ready: number;
  inCall: number;
  paused: number;
  wrapUp: number;
}

export interface QueueStats {
  queue: string;
  name: string;
  serviceLevelSec: number;
  /** Abandons shorter than this (seconds) are left out of offered and abandoned (0: none). */
  shortAbandonSec: number;
  /** IANA time zone whose local midnight starts the "today" window. */
  timeZone: string;
  /**
   * Calls waiting: calls in the queue now that are neither answered nor ringing an agent's
   * phone (the one definition every wall element shows; README "Calls waiting").
   */
  waiting: number;
  /** Calls of the queue ringing an agent's phone now, not yet answered (its own number). */
  ringing: number;
  /** Age of the oldest unanswered call (waiting or ringing) at computedAt, seconds (0 when none). */
  longestWaitSec: number;
  /** enteredAt of the oldest unanswered call (ms), so clients can tick longest wait. */
  oldestWaitingSince: number | null;
  /** Agents of the queue's campaigns, from the live board. */
  agents: QueueAgentCounts;
  windows: Record<StatsWindowName, WindowStats>;
  /** ms, server clock. */
  computedAt: number;
  /**
   * The figures the platform computes itself, for queues of a platform that publishes them
   * (XiVO XuC `QueueStatistics`); absent otherwise. When present, `waiting` and the longest
   * wait are the platform's (see lib/queues/platform-figures.ts).
   */
  platformFigures?: PlatformQueueFigures | null;
}

/** What one platform counter means, in the platform's own terms (the wall's formula view). */
export interface PlatformCounterDefinition {
  label: string;
  definition: string;
  unit: "calls" | "agents" | "seconds" | "percent";
}

/** A call waiting in a platform queue, as the platform lists it (XuC `QueueCalls`). */
export interface PlatformWaitingCall {
  position: number;
  callerName: string | null;
  callerNumber: string | null;
  /** ms, server clock; null when the platform did not say. */
  waitingSince: number | null;
}

/** Queue figures as a platform computes them (issue 15 §2): shown as they are, never recomputed. */
export interface PlatformQueueFigures {
  /** Platform kind, e.g. "xuc". */
  platform: string;
  /** Connection name. */
  source: string;
  /** Every counter known, by the platform's name (e.g. WaitingCalls, PercentageAnsweredBefore15). */
  counters: Record<string, number>;
  /** The platform's definition of each counter it documents. */
  definitions: Record<string, PlatformCounterDefinition>;
  /** The calls waiting now, when the platform lists them; null before the first list. */
  waitingCalls: PlatformWaitingCall[] | null;
  /** ms, server clock, when the counters last changed. */
  updatedAt: number;
}
