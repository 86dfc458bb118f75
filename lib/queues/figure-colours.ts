/**
 * Green / amber / red of the queue figures on walls and TVs (README "Queue statistics"):
 * thresholds per figure, with defaults for every queue ("*") and overrides per queue id.
 * Units: calls (waiting, ringing), seconds (longest wait, ASA, AHT), percent (service level,
 * abandon rate). Service level is worse when lower; every other figure when higher. The level
 * is also written in words on the wall (never colour alone). Pure.
 */
import { z } from "zod";
import type { QueueStats, StatsWindowName } from "./types";

export const FIGURES = ["waiting", "longestWait", "serviceLevel", "asa", "abandonRate", "aht"] as const;
export type Figure = (typeof FIGURES)[number];

/** How each figure reads: its unit and which way is worse. */
export const FIGURE_INFO: Readonly<Record<Figure, { label: string; unit: string; worse: "higher" | "lower" }>> = {
  waiting: { label: "Calls waiting", unit: "calls", worse: "higher" },
  longestWait: { label: "Longest wait", unit: "s", worse: "higher" },
  serviceLevel: { label: "Service level", unit: "%", worse: "lower" },
  asa: { label: "ASA", unit: "s", worse: "higher" },
  abandonRate: { label: "Abandon rate", unit: "%", worse: "higher" },
  aht: { label: "AHT", unit: "s", worse: "higher" },
};

const band = z.object({
  /** Amber from this value on (null: never amber). */
  amber: z.number().min(0).nullable(),
  /** Red from this value on (null: never red). */
  red: z.number().min(0).nullable(),
});
export type Band = z.infer<typeof band>;

/** Defaults in force where nothing is set (VICIdial's calls-waiting ramp, the usual 80/20, 3 % abandons). */
export const FIGURE_DEFAULTS: Readonly<Record<Figure, Band>> = {
  waiting: { amber: 3, red: 6 },
  longestWait: { amber: 20, red: 60 },
  serviceLevel: { amber: 80, red: 70 },
  asa: { amber: 15, red: 30 },
  abandonRate: { amber: 3, red: 5 },
  aht: { amber: null, red: null },
};

const queueBands = z.object(Object.fromEntries(FIGURES.map((f) => [f, band.optional()])) as Record<Figure, z.ZodOptional<typeof band>>);

/** The stored configuration: `{ "*": {...}, "700": {...} }`, each figure optional. */
export const figureColoursSchema = z.record(z.string().min(1).max(64), queueBands).superRefine((cfg, ctx) => {
  for (const [queue, bands] of Object.entries(cfg)) {
    for (const f of FIGURES) {
      const b = bands[f];
      if (!b || b.amber === null || b.red === null) continue;
      const ordered = FIGURE_INFO[f].worse === "higher" ? b.red >= b.amber : b.red <= b.amber;
      if (!ordered) ctx.addIssue({ code: "custom", path: [queue, f], message: `${queue}.${f}: red must be ${FIGURE_INFO[f].worse === "higher" ? "at or above" : "at or below"} amber` });
    }
  }
});
export type FigureColours = z.infer<typeof figureColoursSchema>;

/** The bands in force for `queue`: the queue's own, else "*", else the defaults. */
export function bandsFor(config: FigureColours, queue: string): Record<Figure, Band> {
  const out = {} as Record<Figure, Band>;
  for (const f of FIGURES) out[f] = config[queue]?.[f] ?? config["*"]?.[f] ?? FIGURE_DEFAULTS[f];
  return out;
}

export type FigureLevel = "ok" | "warn" | "bad";

/** The level of `value` (in the figure's unit) for `b`; null when there is no value or no band. */
export function figureLevel(figure: Figure, value: number | null, b: Band): FigureLevel | null {
  if (value === null || !Number.isFinite(value) || (b.amber === null && b.red === null)) return null;
  const worse = FIGURE_INFO[figure].worse === "higher" ? (t: number) => value >= t : (t: number) => value <= t;
  if (b.red !== null && worse(b.red)) return "bad";
  if (b.amber !== null && worse(b.amber)) return "warn";
  return "ok";
}

/** The level in words, beside the colour: `OK`, `HIGH`, `VERY HIGH`, `LOW`, `VERY LOW`. */
export function levelWords(figure: Figure, level: FigureLevel): string {
  if (level === "ok") return "OK";
  const dir = FIGURE_INFO[figure].worse === "higher" ? "HIGH" : "LOW";
  return level === "bad" ? `VERY ${dir}` : dir;
}

/** A figure's value in its threshold unit (percent for ratios), from a queue's statistics. */
export function figureValue(figure: Figure, s: QueueStats, window: StatsWindowName, longestWaitSec: number): number | null {
  const w = s.windows[window];
  switch (figure) {
    case "waiting":
      return s.waiting;
    case "longestWait":
      return longestWaitSec;
    case "serviceLevel":
      return w.serviceLevel === null ? null : w.serviceLevel * 100;
    case "abandonRate":
      return w.abandonRate === null ? null : w.abandonRate * 100;
    case "asa":
      return w.asaSec;
    case "aht":
      return w.ahtSec;
  }
}
