/**
 * lib/history/days.ts remembers its answers per 15-minute slot of UTC; these compare them with
 * the calendar computed afresh for every instant, in zones with quarter-hour offsets, DST, a
 * 30-minute DST shift (Lord Howe) and Monrovia in 1970 (UTC+00:44:30: midnight inside a slot).
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { describe, expect, it } from "vitest";
import { addDay, dayBounds, dayOf } from "../../lib/history/days";

const fresh = (t: number, tz: string) => format(new TZDate(t, tz), "yyyy-MM-dd");
const ZONES = ["Europe/Amsterdam", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe", "Pacific/Chatham", "America/New_York", "UTC"];

describe("local days", () => {
  it("dayOf gives the fresh answer for every instant, around every midnight and DST change of two years", () => {
    const wrong: string[] = [];
    for (const tz of ZONES) {
      for (const year of [1930, 2026]) {
        // Every 21 min 41 s: not a multiple of the 15-minute slot, so the instants fall at every
        // offset within slots, and every midnight and DST change of the year is straddled
        // (a denser walk took 40 s alone and timed out beside the rest of the suite).
        for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 1_301_000) {
          if (dayOf(t, tz) !== fresh(t, tz)) wrong.push(`${tz} ${new Date(t).toISOString()}`);
        }
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("a midnight inside a slot (Monrovia 1970, UTC+00:44:30) splits that slot's instants between two days", () => {
    const wrong: string[] = [];
    const days = new Set<string>();
    for (let t = Date.UTC(1970, 5, 1, 22); t < Date.UTC(1970, 5, 2, 1); t += 7_000) {
      days.add(fresh(t, "Africa/Monrovia"));
      if (dayOf(t, "Africa/Monrovia") !== fresh(t, "Africa/Monrovia")) wrong.push(new Date(t).toISOString());
    }
    expect(days.size).toBe(2);
    expect(wrong).toEqual([]);
  });

  it("day bounds and the next day across the spring DST change are the calendar's", () => {
    expect(dayBounds("2026-03-29", "Europe/Amsterdam")).toEqual({ start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) });
    expect(dayBounds("2026-03-29", "Europe/Amsterdam")).toEqual({ start: Date.UTC(2026, 2, 28, 23), end: Date.UTC(2026, 2, 29, 22) });
    expect(addDay("2026-03-29", 1, "Europe/Amsterdam")).toBe("2026-03-30");
    expect(() => dayBounds("2026-02-30", "UTC")).toThrow(RangeError);
  });
});
