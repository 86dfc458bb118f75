/**
 * The agent detail dialog: today's state segments as a bar (percent positions), and the
 * day's totals by state and pause code. Pure. Times are ms, server clock.
 */
import type { DaySegment } from "../api/agent-day";
import type { SegmentStatus } from "../history/agent-day";

export interface BarSegment extends DaySegment {
  /** Position and width on the bar, percent of [start, end]. */
  left: number;
  width: number;
}

/** Segments placed on a bar spanning [start, end]; cut to it, empty ones dropped. */
export function timelineBar(segments: readonly DaySegment[], start: number, end: number): BarSegment[] {
  const span = end - start;
  if (!(span > 0)) return [];
  const out: BarSegment[] = [];
  for (const s of segments) {
    const a = Math.max(start, s.start);
    const b = Math.min(end, s.end);
    if (!(b > a)) continue;
    out.push({ ...s, start: a, end: b, left: ((a - start) / span) * 100, width: ((b - a) / span) * 100 });
  }
  return out;
}

/** Seconds per state (and per pause code for PAUSED), largest first. UNKNOWN is kept apart. */
export function dayTotals(segments: readonly DaySegment[]): {
  states: { status: SegmentStatus; seconds: number }[];
  pauses: { code: string; seconds: number; count: number }[];
} {
  const states = new Map<SegmentStatus, number>();
  const pauses = new Map<string, { seconds: number; count: number }>();
  let prev: DaySegment | null = null;
  for (const s of segments) {
    const sec = Math.max(0, (s.end - s.start) / 1000);
    states.set(s.status, (states.get(s.status) ?? 0) + sec);
    if (s.status === "PAUSED") {
      const code = s.pauseCode?.trim() || "(no code)";
      const p = pauses.get(code) ?? { seconds: 0, count: 0 };
      p.seconds += sec;
      // A pause continuing across a split segment is one pause.
      if (!(prev && prev.status === "PAUSED" && prev.end === s.start && (prev.pauseCode ?? "") === (s.pauseCode ?? ""))) p.count++;
      pauses.set(code, p);
    }
    prev = s;
  }
  return {
    states: [...states].map(([status, seconds]) => ({ status, seconds })).sort((a, b) => b.seconds - a.seconds),
    pauses: [...pauses].map(([code, p]) => ({ code, ...p })).sort((a, b) => b.seconds - a.seconds),
  };
}

/** Disposition codes and how many of each, most first. */
export function dispositionCounts(dispositions: readonly { code: string }[]): { code: string; count: number }[] {
  const m = new Map<string, number>();
  for (const d of dispositions) m.set(d.code, (m.get(d.code) ?? 0) + 1);
  return [...m].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** A time range on a timeline, ms (server clock). */
export interface TimeRange {
  start: number;
  end: number;
}

const MIN = 60_000;
const floorTo = (t: number, step: number) => Math.floor(t / step) * step;
const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;

/**
 * The range that fits an agent's shift: from the first segment's start to the last one's
 * end, widened to whole quarter hours plus a quarter hour either side, within `bounds` (the
 * day). The whole day when there is no segment. (Quarter hours are counted from the epoch,
 * which is a local quarter hour in every zone with a whole or half-hour offset.)
 */
export function shiftRange(segments: readonly { start: number; end: number }[], bounds: TimeRange): TimeRange {
  if (segments.length === 0) return bounds;
  const first = Math.min(...segments.map((s) => s.start));
  const last = Math.max(...segments.map((s) => s.end));
  const q = 15 * MIN;
  return { start: Math.max(bounds.start, floorTo(first, q) - q), end: Math.min(bounds.end, ceilTo(last, q) + q) };
}

/** Shortest range a timeline zooms to (ms). */
export const MIN_ZOOM_MS = 15 * MIN;

/** `range` zoomed by `factor` (< 1 in, > 1 out) around its middle, kept within `bounds`. */
export function zoomRange(range: TimeRange, factor: number, bounds: TimeRange): TimeRange {
  const span = Math.min(bounds.end - bounds.start, Math.max(MIN_ZOOM_MS, (range.end - range.start) * factor));
  const mid = (range.start + range.end) / 2;
  return clampRange({ start: mid - span / 2, end: mid + span / 2 }, bounds);
}

/** `range` moved by `fraction` of its width (negative: earlier), kept within `bounds`. */
export function panRange(range: TimeRange, fraction: number, bounds: TimeRange): TimeRange {
  const d = (range.end - range.start) * fraction;
  return clampRange({ start: range.start + d, end: range.end + d }, bounds);
}

function clampRange(r: TimeRange, bounds: TimeRange): TimeRange {
  const span = Math.min(r.end - r.start, bounds.end - bounds.start);
  let start = Math.max(bounds.start, r.start);
  if (start + span > bounds.end) start = bounds.end - span;
  return { start, end: start + span };
}

/** Tick steps a timeline may use (minutes). */
const TICK_STEPS_MIN = [5, 10, 15, 30, 60, 120, 180, 240];

/** Tick times (ms) on whole steps inside `range`, the smallest step giving at most `max` ticks. */
export function timelineTicks(range: TimeRange, max = 12, offsetMs = 0): number[] {
  const span = range.end - range.start;
  const stepMin = TICK_STEPS_MIN.find((m) => span / (m * MIN) <= max) ?? TICK_STEPS_MIN[TICK_STEPS_MIN.length - 1]!;
  const step = stepMin * MIN;
  const out: number[] = [];
  // `offsetMs`: the zone's UTC offset, so ticks fall on local whole hours.
  for (let t = ceilTo(range.start + offsetMs, step) - offsetMs; t <= range.end; t += step) out.push(t);
  return out;
}
