/**
 * Applies the realtime `queue` feed to the wall's queue statistics and turns one queue's
 * statistics into what the queue strip shows: values with units and the formula behind each.
 * Pure. Times are ms since epoch, server clock; durations are seconds.
 */
import { withEntry } from "./immutable-map";
import type { QueueStats, StatsWindowName } from "../queues/types";
import { formatSeconds } from "../format/duration";
import { secondsSince } from "./clock";

/** Queue statistics by queue id. Treated as immutable: every change returns a new map. */
export type QueueMap = ReadonlyMap<string, QueueStats>;

/** A `snapshot` replaces all queues. */
export function applyQueuesSnapshot(queues: readonly QueueStats[]): QueueMap {
  return new Map(queues.map((q) => [q.queue, q]));
}

/**
 * A `queue` message replaces that queue's statistics. Statistics computed earlier
 * (`computedAt`, server clock) than the ones held are ignored, so a late message never
 * rolls the strip back; `current` itself is returned then.
 */
export function applyQueueDelta(current: QueueMap, stats: QueueStats): QueueMap {
  const held = current.get(stats.queue);
  if (held && held.computedAt > stats.computedAt) return current;
  return withEntry(current, stats.queue, stats);
}

/** Queues in strip order: by name, then id, so blocks never jump around between updates. */
export function sortQueues(queues: Iterable<QueueStats>): QueueStats[] {
  return [...queues].sort((a, b) => a.name.localeCompare(b.name) || (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0));
}

/**
 * Age in whole seconds of the oldest call waiting at `serverNow` (ms, server clock), ticking
 * from `oldestWaitingSince`; 0 when no call waits. Before the clock is known (`serverNow`
 * null) it is the server's `longestWaitSec` at `computedAt`.
 */
export function longestWaitSeconds(
  stats: Pick<QueueStats, "waiting" | "longestWaitSec" | "oldestWaitingSince">,
  serverNow: number | null,
): number {
  if (stats.oldestWaitingSince === null) return stats.waiting > 0 ? stats.longestWaitSec : 0;
  if (serverNow === null) return stats.longestWaitSec;
  return secondsSince(stats.oldestWaitingSince, serverNow);
}

/** The window toggle's order and labels. */
export const STATS_WINDOWS: readonly { window: StatsWindowName; label: string }[] = [
  { window: "15m", label: "15 min" },
  { window: "1h", label: "1 h" },
  { window: "today", label: "Today" },
];

/** Shown for a value that does not exist (e.g. service level with no call offered). */
export const NO_VALUE = "—";

/** A 0–1 ratio as a whole percentage with its unit (`83 %`); `—` for null. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return NO_VALUE;
  return `${Math.round(Math.min(1, Math.max(0, ratio)) * 100)} %`;
}

/** One number of the queue strip: the label, the value with its unit, and how it is computed. */
export interface QueueMetric {
  key: "sl" | "asa" | "abandon-rate" | "aht" | "counts";
  /** Test hook (`queue-sl`, …). */
  testId: string;
  label: string;
  value: string;
  /** The formula, shown as a tooltip and a caption so a supervisor can check the number. */
  formula: string;
}

/** The window's statistics of one queue as the strip shows them, each with its formula. */
export function queueMetrics(stats: QueueStats, window: StatsWindowName): QueueMetric[] {
  const w = stats.windows[window];
  const t = stats.serviceLevelSec;
  const offeredNote = "offered = answered + abandoned (short abandons excluded)";
  return [
    {
      key: "sl",
      testId: "queue-sl",
      label: `SL ${t} s`,
      value: formatPercent(w.serviceLevel),
      formula: `SL = answered ≤ ${t} s ÷ (answered + abandoned)`,
    },
    {
      key: "asa",
      testId: "queue-asa",
      label: "ASA",
      value: formatSeconds(w.asaSec),
      formula: "ASA = mean wait (queue entry → answer) of answered calls",
    },
    {
      key: "abandon-rate",
      testId: "queue-abandon-rate",
      label: "Abandoned",
      value: formatPercent(w.abandonRate),
      formula: "Abandon rate = abandoned ÷ (answered + abandoned)",
    },
    {
      key: "aht",
      testId: "queue-aht",
      label: "AHT",
      value: formatSeconds(w.ahtSec),
      formula: "AHT = mean talk time (answer → end, hold included) of answered calls ended in the window",
    },
    {
      key: "counts",
      testId: "queue-counts",
      label: "Calls",
      value: `${w.offered} offered · ${w.answered} answered · ${w.abandoned} abandoned`,
      formula: offeredNote,
    },
  ];
}

/**
 * Says what a window covers: `last 15 min`, `last 1 h`, `today since 00:00` (from the
 * window's `from`, ms server clock, shown in `timeZone` or the browser's zone).
 */
export function windowCaption(window: StatsWindowName, from: number, timeZone?: string): string {
  if (window === "15m") return "last 15 min";
  if (window === "1h") return "last 1 h";
  const since = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(from);
  return `today since ${since}`;
}
