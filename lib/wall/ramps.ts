/**
 * Time-in-state colour ramps, after VICIdial's real-time report (AST_timeonVDADall.php):
 * the longer an agent stays in a status, the stronger its tile gets, so a supervisor sees
 * who has been waiting, talking or paused too long without reading the timers.
 */
import type { AgentStatus } from "../agents/status";
import type { RampThresholds } from "../campaigns/ramp-thresholds";
import { STATUS_FAMILY } from "./palette";

/** 0 = fresh (no emphasis yet), 3 = the report's strongest shade. */
export type RampLevel = 0 | 1 | 2 | 3;

/** Colour family of a status; statuses in one family share a hue and differ by level. */
export type RampFamily = "ready" | "dial" | "incall" | "park" | "threeway" | "dead" | "dispo" | "paused" | "loggedout";

/** A colour key such as `incall-2`: lib/wall/palette.ts maps it to colours. */
export type RampKey = `${RampFamily}-${RampLevel}`;

export interface Ramp {
  family: RampFamily;
  level: RampLevel;
  key: RampKey;
}

/**
 * Seconds in state at which each level starts: level = how many thresholds have been reached.
 * READY starts at 0 so a ready agent is always level 1 or more; DEAD and 3-WAY change once,
 * after 10 s. DIAL and LOGGED_OUT have no ramp in the report.
 */
export const RAMP_THRESHOLDS: Readonly<Record<AgentStatus, readonly number[]>> = {
  READY: [0, 60, 300],
  CLOSER: [0, 60, 300],
  INCALL: [10, 60, 300],
  PARK: [10, 60, 300],
  PAUSED: [10, 60, 300],
  DISPO: [10, 60, 300],
  DEAD: [10],
  "3-WAY": [10],
  DIAL: [],
  LOGGED_OUT: [],
};

const FAMILY = STATUS_FAMILY;

/**
 * The ramp of an agent `seconds` (whole or fractional seconds, server clock) into `state`,
 * with the campaign's `thresholds` where it sets them, else VICIdial's. Negative times (a
 * clock offset not yet settled) count as 0.
 */
export function rampOf(state: AgentStatus, seconds: number, thresholds?: RampThresholds): Ramp {
  const s = Math.max(0, seconds);
  const reached = (thresholds?.[state] ?? RAMP_THRESHOLDS[state]).filter((t) => s >= t).length;
  const level = Math.min(reached, 3) as RampLevel;
  const family = FAMILY[state];
  return { family, level, key: `${family}-${level}` };
}
