"use client";
/**
 * Calls each agent handled today, for the tiles: GET /api/leaderboard (the TV leaderboard's
 * figures, so both always agree), refreshed every 30 s. Empty until the first answer or when
 * the request fails (the tiles then leave the figure out).
 */
import { useMemo } from "react";
import { usePolledJson } from "../common/usePolledJson";
import type { LeaderboardResponse } from "@/lib/api/leaderboard";

export const CALLS_TODAY_POLL_MS = 30_000;

/** `campaigns`: the wall's campaigns (null: every campaign the viewer may see). */
export function useCallsToday(campaigns: readonly string[] | null, enabled = true): ReadonlyMap<string, number> | undefined {
  const query = campaigns === null ? "" : `?campaigns=${encodeURIComponent(campaigns.join(","))}`;
  // A failed round keeps the last figures; the next round tries again.
  const { data } = usePolledJson<LeaderboardResponse>(enabled ? `/api/leaderboard${query}` : null, CALLS_TODAY_POLL_MS);
  return useMemo(() => (data ? new Map(data.rows.map((r) => [r.user, r.callsHandled])) : undefined), [data]);
}
