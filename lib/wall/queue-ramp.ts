/**
 * The calls-waiting colour ramp of VICIdial's real-time report (AST_timeonVDADall.php): the
 * cell changes at more than 0, 4, 9 and 14 calls waiting. Each level also has words and a
 * bar count, so the ramp reads without colour.
 */

/** 0 = nobody waiting, 4 = the report's strongest shade (15 or more calls). */
export type WaitingLevel = 0 | 1 | 2 | 3 | 4;

/** A level starts when calls waiting exceeds its threshold: > 0, > 4, > 9, > 14. */
export const WAITING_RAMP_THRESHOLDS = [0, 4, 9, 14] as const;

export interface WaitingRamp {
  level: WaitingLevel;
  /** The level in words, e.g. `10+` (10 or more waiting), shown by the count: never colour alone. */
  label: string;
}

const LABELS: Readonly<Record<WaitingLevel, string>> = {
  0: "none",
  1: "1+",
  2: "5+",
  3: "10+",
  4: "15+",
};

/** The ramp for `waiting` calls (a count); negative or non-finite counts as 0. */
export function waitingRamp(waiting: number): WaitingRamp {
  const n = Number.isFinite(waiting) ? waiting : 0;
  const level = WAITING_RAMP_THRESHOLDS.filter((t) => n > t).length as WaitingLevel;
  return { level, label: LABELS[level] };
}
