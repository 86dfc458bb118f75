/**
 * Start times of the queue-statistics windows (README "Queue statistics").
 *
 * Local midnight comes from date-fns + @date-fns/tz, which read the IANA database through
 * Intl: DST days (23 h or 25 h long) and zones whose midnight is skipped are handled there,
 * not by offset arithmetic here.
 */
import { TZDate } from "@date-fns/tz";
import { startOfDay } from "date-fns";
import type { StatsWindowName } from "./types";

/** Window start of each statistics window, ms since epoch (server clock). */
export type WindowStarts = Record<StatsWindowName, number>;

export const WINDOW_15M_MS = 15 * 60_000;
export const WINDOW_1H_MS = 60 * 60_000;

/**
 * Window starts for `now` (ms, server clock):
 * - `"15m"`: now − 15 min;
 * - `"1h"`: now − 1 h;
 * - `today`: the first instant of the local calendar day containing `now` in the IANA
 *   `timeZone` (e.g. "Europe/Berlin"). Normally local 00:00; on a day whose 00:00 is skipped
 *   by a DST change it is the first local time that exists (e.g. 01:00).
 *
 * Throws a RangeError when `now` is not finite or `timeZone` is not a zone the runtime knows,
 * because a silently wrong "today" would show a supervisor the wrong day's figures.
 */
export function statsWindows(now: number, timeZone: string): WindowStarts {
  if (!Number.isFinite(now)) throw new RangeError(`statsWindows: now is not a time: ${now}`);
  assertTimeZone(timeZone);
  const today = startOfDay(new TZDate(now, timeZone)).getTime();
  if (!Number.isFinite(today)) throw new RangeError(`statsWindows: cannot compute local midnight in ${timeZone}`);
  return { "15m": now - WINDOW_15M_MS, "1h": now - WINDOW_1H_MS, today };
}

const knownZones = new Set<string>();

// TZDate turns an unknown zone into an Invalid Date rather than throwing; Intl rejects it.
function assertTimeZone(timeZone: string): void {
  if (knownZones.has(timeZone)) return;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new RangeError(`statsWindows: unknown time zone ${JSON.stringify(timeZone)}`);
  }
  knownZones.add(timeZone);
}
