/**
 * Local calendar days in an IANA time zone (TIMEZONE), as "YYYY-MM-DD" strings, and their
 * bounds in ms. date-fns + @date-fns/tz do the calendar work, so DST days are 23 or 25 hours
 * long and a day whose midnight is skipped starts at its first local time.
 */
import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay } from "date-fns";

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Memo of the calendar work, bounded (cleared when full): the history rollup asks the same
 * questions for every dirty range of every agent, and each TZDate answer costs a time-zone
 * offset lookup (a profile of the worker at 2,000 events/s showed @date-fns/tz at ~20 % of its
 * CPU, bench/RESULTS.md scenario 1).
 */
const MAX_MEMO = 8192;
const memo = new Map<string, unknown>();
function remembered<T>(key: string, compute: () => T): T {
  const held = memo.get(key);
  if (held !== undefined) return held as T;
  const value = compute();
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(key, value);
  return value;
}

/** A 15-minute slot of UTC, ms: today's offsets are whole quarter hours, so local midnights fall on slot boundaries. */
const SLOT_MS = 15 * 60_000;

/** The local day containing `t` (ms). */
export function dayOf(t: number, timeZone: string): string {
  const slot = Math.floor(t / SLOT_MS);
  const first = slot * SLOT_MS;
  return remembered(`d|${timeZone}|${slot}`, () => {
    const day = format(new TZDate(first, timeZone), "yyyy-MM-dd");
    // A slot that holds a local midnight (a historical offset not in quarter hours) is not
    // shared: its instants are answered one by one.
    return format(new TZDate(first + SLOT_MS - 1, timeZone), "yyyy-MM-dd") === day ? day : null;
  }) ?? format(new TZDate(t, timeZone), "yyyy-MM-dd");
}

/** [start, end) of a local day, ms. Throws a RangeError for a malformed day. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  if (!DAY_RE.test(day)) throw new RangeError(`not a day: ${day}`);
  const { start, end } = remembered(`b|${timeZone}|${day}`, () => computeDayBounds(day, timeZone));
  return { start, end };
}

function computeDayBounds(day: string, timeZone: string): { start: number; end: number } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const noon = new TZDate(y, m - 1, d, 12, 0, 0, timeZone);
  if (format(noon, "yyyy-MM-dd") !== day) throw new RangeError(`not a day: ${day}`);
  const start = startOfDay(noon).getTime();
  const end = startOfDay(addDays(noon, 1)).getTime();
  return { start, end };
}

/** The day after (or `n` days after) `day`. */
export function addDay(day: string, n: number, timeZone: string): string {
  return remembered(`a|${timeZone}|${day}|${n}`, () => {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    return format(addDays(new TZDate(y, m - 1, d, 12, 0, 0, timeZone), n), "yyyy-MM-dd");
  });
}

/** Every local day from `from` to `to` inclusive (ascending); empty when to < from. */
export function daysBetween(from: string, to: string, timeZone: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDay(d, 1, timeZone)) days.push(d);
  return days;
}

/** The local days that intersect [from, to] (ms). */
export function daysCovering(from: number, to: number, timeZone: string): string[] {
  return daysBetween(dayOf(from, timeZone), dayOf(Math.max(from, to), timeZone), timeZone);
}
