/**
 * The TV leaderboard: agents of the visible campaigns ranked by today's calls handled, then
 * talk time. Rows come from GET /api/leaderboard; the ranking is pure.
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

export interface RankedRow extends LeaderboardRow {
  /** 1-based; rows with the same calls and talk time share a rank. */
  rank: number;
}

export function rankLeaderboard(rows: readonly LeaderboardRow[], limit = Infinity): RankedRow[] {
  const sorted = [...rows].sort(
    (a, b) => b.callsHandled - a.callsHandled || b.talkSec - a.talkSec || a.name.localeCompare(b.name) || (a.user < b.user ? -1 : 1),
  );
  const out: RankedRow[] = [];
  sorted.forEach((r, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.callsHandled === r.callsHandled && Math.floor(prev.talkSec) === Math.floor(r.talkSec) ? prev.rank : i + 1;
    out.push({ ...r, rank });
  });
  return out.slice(0, limit);
}
