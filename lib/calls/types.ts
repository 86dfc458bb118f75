/**
 * Calls as the wallboard tracks them from the PBX (README "Calls and queues"). Part of the
 * realtime contract: add fields, never rename them. Times are ms since epoch, server clock.
 */

/** waiting: in a queue, not yet answered; ringing: alerting a phone; connected: talking or held. */
export type CallState = "waiting" | "ringing" | "connected" | "ended";

/**
 * answered: an agent answered it; abandoned: the caller hung up while waiting in a queue;
 * transferred: it left us by a transfer; unknown: it ended while the PBX link was down before
 * we saw it answered, so we cannot tell.
 */
export type CallOutcome = "answered" | "abandoned" | "transferred" | "unknown";

/**
 * A call's state and times (ms since epoch): the same fields in a tracked call (CallView) and in
 * a platform's call event (lib/sources/neutral-events.ts NeutralCall), so the two cannot drift.
 */
export interface CallTimes {
  state: CallState;
  /** First seen; for queue calls, queue entry. */
  enteredAt: number;
  answeredAt: number | null;
  /** Null while active, and when the call ended unseen (see endKnown). */
  endedAt: number | null;
  /** False when the call ended while the link was down: its end time is unknown, not invented. */
  endKnown: boolean;
  /** Null while the call is active. */
  outcome: CallOutcome | null;
  /** Seconds from entry to answer (answered) or to the end (abandoned); null otherwise. */
  waitSec: number | null;
  /** Seconds from answer to end, when both are known. */
  talkSec: number | null;
}

export interface CallView extends CallTimes {
  /** PBX call id, unique per PBX connection. */
  id: string;
  /** Name of the PBX connection that reported it. */
  pbx: string;
  from: string;
  to: string;
  /** Queue (ACD) id when the call went through one. */
  queue: string | null;
  /** Extension of the agent phone that answered (or is ringing). */
  agentExtension: string | null;
}
