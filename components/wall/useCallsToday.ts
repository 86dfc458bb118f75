"use client";
/**
 * Calls each agent handled today, for the tiles: GET /api/leaderboard (the TV leaderboard's
 * figures, so both always agree), refreshed every 30 s. Empty until the first answer or when
 * the request fails (the tiles then leave the figure out).
 */
import { useEffect, useState } from "react";
import type { LeaderboardResponse } from "@/lib/api/leaderboard";

export const CALLS_TODAY_POLL_MS = 30_000;

/** `campaigns`: the wall's campaigns (null: every campaign the viewer may see). */
export function useCallsToday(campaigns: readonly string[] | null, enabled = true): ReadonlyMap<string, number> | undefined {
  const [calls, setCalls] = useState<ReadonlyMap<string, number> | undefined>(undefined);
  const query = campaigns === null ? "" : `?campaigns=${encodeURIComponent(campaigns.join(","))}`;
  useEffect(() => {
    if (!enabled) return;
    let stop = false;
    const load = async () => {
      try {
        const res = await fetch(`/api/leaderboard${query}`, { cache: "no-store" });
        if (!res.ok) return;
        const body = (await res.json()) as LeaderboardResponse;
        if (!stop) setCalls(new Map(body.rows.map((r) => [r.user, r.callsHandled])));
      } catch {
        // Keep the last figures; the next round tries again.
      }
    };
    void load();
    const t = setInterval(load, CALLS_TODAY_POLL_MS);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [query, enabled]);
  return calls;
}
