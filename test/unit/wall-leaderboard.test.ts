import { describe, expect, it } from "vitest";
import type { LeaderboardRow } from "../../lib/api/leaderboard";
import { rankLeaderboard } from "../../lib/wall/leaderboard";

const row = (user: string, callsHandled: number, talkSec: number): LeaderboardRow => ({ user, name: user, campaign: "A", team: null, callsHandled, talkSec });

describe("rankLeaderboard", () => {
  it("ranks by calls handled, then talk time; equal figures share a rank", () => {
    const r = rankLeaderboard([row("c", 3, 100), row("a", 5, 10), row("b", 5, 200), row("d", 3, 100), row("e", 0, 0)]);
    expect(r.map((x) => [x.user, x.rank])).toEqual([
      ["b", 1],
      ["a", 2],
      ["c", 3],
      ["d", 3],
      ["e", 5],
    ]);
  });

  it("keeps the top N", () => {
    expect(rankLeaderboard([row("a", 1, 0), row("b", 2, 0), row("c", 3, 0)], 2).map((x) => x.user)).toEqual(["c", "b"]);
  });
});
