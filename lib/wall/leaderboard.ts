/**
 * The TV leaderboard: agents of the visible campaigns ranked by today's calls handled, then
 * talk time. Rows come from GET /api/leaderboard; the ranking is pure.
 */
import type { LeaderboardRow } from "../api/leaderboard";

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
