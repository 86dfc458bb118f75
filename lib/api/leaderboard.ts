/**
 * GET /api/leaderboard: the body the route handler writes and the TV leaderboard and the
 * wall's calls-today figure read. Times are ms since epoch, server clock.
 */

export interface LeaderboardRow {
  user: string;
  name: string;
  campaign: string;
  team: string | null;
  /** call_answered / other_answered events since local midnight. */
  callsHandled: number;
  /** Seconds in a call (INCALL, PARK, 3-WAY) since local midnight. */
  talkSec: number;
}

export interface LeaderboardResponse {
  serverTime: number;
  /** Local midnight the figures start at (ms, server clock). */
  since: number;
  timeZone: string;
  rows: LeaderboardRow[];
}
