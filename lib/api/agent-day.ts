/**
 * GET /api/agents/<user>/day: the body the route handler writes and the wall's agent detail
 * reads. Times are ms since epoch, server clock; durations seconds.
 */
import type { AgentDayCall, SegmentStatus } from "../history/agent-day";

/** A stretch of time in one state (PAUSED with its pause code when known). */
export interface DaySegment {
  start: number;
  end: number;
  status: SegmentStatus;
  pauseCode: string | null;
}

export interface AgentDayResponse {
  serverTime: number;
  user: string;
  campaign: string;
  extension: string | null;
  timeZone: string;
  /** The day shown: local midnight to now. */
  start: number;
  end: number;
  segments: DaySegment[];
  /** Calls answered by the agent (call_answered / other_answered). */
  callStarts: { at: number; leadId: string | null }[];
  dispositions: { at: number; code: string; leadId: string | null }[];
  /** PBX calls on the agent's phone today (empty without an extension or a PBX). */
  calls: AgentDayCall[];
}
