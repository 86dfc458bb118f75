/**
 * A platform's own queue figures (XiVO XuC `QueueStatistics`) as the wall shows them: in a
 * fixed order, labelled and defined in the platform's terms (issue 15 §2), formatted by unit.
 * Pure. Waiting calls and longest wait are not repeated here: the queue's main figures already
 * carry the platform's values (lib/queues/platform-figures.ts).
 */
import type { PlatformQueueFigures } from "../queues/types";
import { formatSeconds } from "../format/duration";
import { NO_VALUE } from "./queues";
import { linkKindLabel } from "../sources/link-kinds";

export interface PlatformFigureRow {
  /** The platform's counter name, e.g. "PercentageAnsweredBefore15". */
  name: string;
  /** Short label for a figure box ("SL 15 s"); the full one is in `definition`. */
  label: string;
  value: string;
  /** The platform's definition (or ours, marked "(inferred)"); null when it documents none. */
  definition: string | null;
}

/**
 * The counters a queue card shows, in this order, with a label short enough for a figure box
 * (XuC's own label and definition are in the box's title and the formula view). The others a
 * platform sends are listed in the formula view only.
 */
const CARD: readonly [string, string][] = [
  ["PercentageAnsweredBefore15", "SL 15 s"],
  ["TotalNumberCallsEntered", "Entered"],
  ["TotalNumberCallsAnswered", "Answered"],
  ["TotalNumberCallsAbandonned", "Abandoned"],
  ["EWT", "Est. wait"],
  ["AvailableAgents", "Available"],
  ["TalkingAgents", "Talking"],
  ["LoggedAgents", "Logged in"],
];
const ORDER = CARD.map(([n]) => n);
const SHORT = new Map(CARD);
/** Shown by the queue's main figures instead. */
const MAIN = new Set(["WaitingCalls", "LongestWaitTime", "LongestWaitingTime"]);

/** The platform's name as people read it ("XuC"). */
export const platformLabel = (platform: string): string => linkKindLabel(platform);

/**
 * The rows of a queue's platform figures, main figures left out: `card` only those a queue
 * card shows (short labels), else every counter (for the formula view).
 */
export function platformFigureRows(figures: PlatformQueueFigures, which: "card" | "all" = "card"): PlatformFigureRow[] {
  const names = Object.keys(figures.counters).filter((n) => !MAIN.has(n) && (which === "all" || SHORT.has(n)));
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return names.map((name) => {
    const d = figures.definitions[name];
    const v = figures.counters[name]!;
    let value: string;
    if (!Number.isFinite(v)) value = NO_VALUE;
    else if (d?.unit === "percent") value = `${Math.round(v * 10) / 10} %`;
    else if (d?.unit === "seconds") value = formatSeconds(v);
    else value = String(Math.round(v));
    return { name, label: (which === "card" ? SHORT.get(name) : undefined) ?? d?.label ?? name, value, definition: d ? `${d.label} (${platformLabel(figures.platform)} ${name}): ${d.definition}` : null };
  });
}
