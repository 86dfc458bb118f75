/**
 * Local calendar days in an IANA time zone (TIMEZONE), as "YYYY-MM-DD" strings, and their
 * bounds in ms. date-fns + @date-fns/tz do the calendar work, so DST days are 23 or 25 hours
 * long and a day whose midnight is skipped starts at its first local time.
 */
import { TZDate } from "@date-fns/tz";
import { addDays, format, startOfDay } from "date-fns";

export const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The local day containing `t` (ms). */
export function dayOf(t: number, timeZone: string): string {
  return format(new TZDate(t, timeZone), "yyyy-MM-dd");
}

/** [start, end) of a local day, ms. Throws a RangeError for a malformed day. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  if (!DAY_RE.test(day)) throw new RangeError(`not a day: ${day}`);
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const noon = new TZDate(y, m - 1, d, 12, 0, 0, timeZone);
  if (format(noon, "yyyy-MM-dd") !== day) throw new RangeError(`not a day: ${day}`);
  const start = startOfDay(noon).getTime();
  const end = startOfDay(addDays(noon, 1)).getTime();
  return { start, end };
}

/** The day after (or `n` days after) `day`. */
export function addDay(day: string, n: number, timeZone: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return format(addDays(new TZDate(y, m - 1, d, 12, 0, 0, timeZone), n), "yyyy-MM-dd");
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
