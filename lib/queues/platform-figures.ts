/**
 * How a platform's own queue figures (XiVO XuC `QueueStatistics` and `QueueCalls`) enter a
 * queue's statistics. Pure.
 *
 * The platform's counters are shown as it computes them (issue 15 §2): our window figures
 * (service level, ASA, ...) stay ours and are empty for a queue whose calls we do not see.
 * The figures every wall element shares are taken from the platform:
 * - calls waiting: `WaitingCalls`, else the length of the waiting-call list;
 * - longest wait: from the oldest waiting call's start when the list gives one, else
 *   `LongestWaitTime` (or the docs' `LongestWaitingTime`) as of its update, counted up from
 *   then while calls wait (as XiVO's CCManager does between updates), 0 when none waits.
 */
import type { PlatformQueueFigures, QueueStats } from "./types";

const LONGEST = ["LongestWaitTime", "LongestWaitingTime"] as const;

/** `stats` with the platform's figures attached and its waiting / longest wait applied. */
export function withPlatformFigures(stats: QueueStats, figures: PlatformQueueFigures | undefined): QueueStats {
  if (!figures) return stats;
  const c = figures.counters;
  const waiting = c["WaitingCalls"] ?? figures.waitingCalls?.length ?? stats.waiting;
  let oldest: number | null = null;
  if (waiting > 0) {
    const listed = (figures.waitingCalls ?? []).map((w) => w.waitingSince).filter((t): t is number => t !== null);
    if (listed.length > 0) oldest = Math.min(...listed);
    else {
      const sec = LONGEST.map((n) => c[n]).find((v) => v !== undefined);
      if (sec !== undefined) oldest = figures.updatedAt - sec * 1000;
    }
  }
  const longestWaitSec = oldest === null ? 0 : Math.max(0, Math.round((stats.computedAt - oldest) / 1000));
  return { ...stats, waiting, oldestWaitingSince: oldest, longestWaitSec, platformFigures: figures };
}
