import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { statsWindows } from "../../lib/queues/windows";

const utc = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();

// Independent check through Intl (not date-fns): local "YYYY-MM-DD HH:mm" of an instant.
function local(ms: number, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(ms).map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe("statsWindows", () => {
  it("15m and 1h are fixed offsets from now", () => {
    const now = utc("2026-06-15T10:07:31.250Z");
    const w = statsWindows(now, "UTC");
    expect(w["15m"]).toBe(now - 900_000);
    expect(w["1h"]).toBe(now - 3_600_000);
    expect(iso(w.today)).toBe("2026-06-15T00:00:00.000Z");
  });

  it("Europe/Berlin in summer: midnight CEST is 22:00 UTC the day before", () => {
    expect(iso(statsWindows(utc("2026-06-15T10:00:00Z"), "Europe/Berlin").today)).toBe("2026-06-14T22:00:00.000Z");
  });

  it("Europe/Berlin spring-forward day 2026-03-29 (23 h): midnight was still CET, UTC+1", () => {
    // 14:00 CEST; the day began at 00:00 CET = 23:00 UTC, 13 h of elapsed time earlier (clock says 14 h).
    const now = utc("2026-03-29T12:00:00Z");
    const w = statsWindows(now, "Europe/Berlin");
    expect(iso(w.today)).toBe("2026-03-28T23:00:00.000Z");
    expect(now - w.today).toBe(13 * 3_600_000);
    // Just after the 02:00 → 03:00 jump
    expect(iso(statsWindows(utc("2026-03-29T01:00:00Z"), "Europe/Berlin").today)).toBe("2026-03-28T23:00:00.000Z");
  });

  it("Europe/Berlin fall-back day 2026-10-25 (25 h): midnight was still CEST, UTC+2", () => {
    // 13:00 CET; the day began at 00:00 CEST = 22:00 UTC, 14 h of elapsed time earlier (clock says 13 h).
    const now = utc("2026-10-25T12:00:00Z");
    const w = statsWindows(now, "Europe/Berlin");
    expect(iso(w.today)).toBe("2026-10-24T22:00:00.000Z");
    expect(now - w.today).toBe(14 * 3_600_000);
    // Last minute of that 25-hour day
    expect(iso(statsWindows(utc("2026-10-25T22:59:59Z"), "Europe/Berlin").today)).toBe("2026-10-24T22:00:00.000Z");
    // First instant of the next day
    expect(iso(statsWindows(utc("2026-10-25T23:00:00Z"), "Europe/Berlin").today)).toBe("2026-10-25T23:00:00.000Z");
  });

  it("America/New_York DST days: 2026-03-08 (midnight EST, UTC−5) and 2026-11-01 (midnight EDT, UTC−4)", () => {
    expect(iso(statsWindows(utc("2026-03-08T15:00:00Z"), "America/New_York").today)).toBe("2026-03-08T05:00:00.000Z");
    expect(iso(statsWindows(utc("2026-11-01T12:00:00Z"), "America/New_York").today)).toBe("2026-11-01T04:00:00.000Z");
  });

  it("west of UTC: early UTC morning is still the previous local day", () => {
    // 02:00 UTC on 16 June = 22:00 EDT on 15 June
    expect(iso(statsWindows(utc("2026-06-16T02:00:00Z"), "America/New_York").today)).toBe("2026-06-15T04:00:00.000Z");
  });

  it("east of UTC: local midnight falls on the previous UTC day", () => {
    // 01:00 JST on 15 June = 16:00 UTC on 14 June; the local day began 15:00 UTC on 14 June.
    expect(iso(statsWindows(utc("2026-06-14T16:00:00Z"), "Asia/Tokyo").today)).toBe("2026-06-14T15:00:00.000Z");
    // UTC+5:45
    expect(iso(statsWindows(utc("2026-06-14T19:00:00Z"), "Asia/Kathmandu").today)).toBe("2026-06-14T18:15:00.000Z");
  });

  it("exactly at local midnight the window starts now", () => {
    const midnight = utc("2026-06-14T22:00:00Z"); // 00:00 CEST
    expect(statsWindows(midnight, "Europe/Berlin").today).toBe(midnight);
    expect(iso(statsWindows(midnight - 1, "Europe/Berlin").today)).toBe("2026-06-13T22:00:00.000Z");
  });

  it("a day whose 00:00 does not exist starts at its first local instant", () => {
    // America/Santiago moves 00:00 → 01:00 on 2026-09-06, so that day begins at 01:00 −03 = 04:00 UTC.
    const w = statsWindows(utc("2026-09-06T12:00:00Z"), "America/Santiago");
    expect(local(w.today, "America/Santiago")).toBe("2026-09-06 01:00");
    expect(local(w.today - 1, "America/Santiago")).toBe("2026-09-05 23:59");
  });

  it("rejects an unknown time zone and a non-finite now", () => {
    expect(() => statsWindows(0, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => statsWindows(Number.NaN, "UTC")).toThrow(RangeError);
  });

  it("today is the first instant of now's local date, in any zone", () => {
    const zones = ["UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Santiago", "Asia/Tokyo",
      "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Pago_Pago"];
    fc.assert(
      fc.property(
        fc.integer({ min: utc("2020-01-01T00:00:00Z"), max: utc("2035-12-31T00:00:00Z") }),
        fc.constantFrom(...zones),
        (now, tz) => {
          const { today } = statsWindows(now, tz);
          expect(today).toBeLessThanOrEqual(now);
          expect(now - today).toBeLessThan(25 * 3_600_000);
          expect(local(today, tz).slice(0, 10)).toBe(local(now, tz).slice(0, 10));
          expect(local(today - 1, tz).slice(0, 10)).not.toBe(local(now, tz).slice(0, 10));
        },
      ),
      { numRuns: 500 },
    );
  });
});
