/**
 * The one palette of every page: live tiles, header counters, the agent detail's timeline, the
 * history timeline and legends, the queue chart. Each state family has one hue (Okabe–Ito,
 * colour-blind safe) and four tile shades by time in state (lib/wall/ramps.ts levels 0–3);
 * states are always written too, so colour is never the only cue.
 *
 * The CSS is generated from these tables ({@link paletteCss}, injected once by app/layout.tsx),
 * so no stylesheet holds a state colour of its own. Pure.
 */
import type { AgentStatus } from "../agents/status";
import type { RampFamily, RampLevel } from "./ramps";

export interface Shade {
  bg: string;
  fg: string;
  border: string;
}

export interface FamilyColours {
  /** The family's hue: timeline segments, legends, counter accents. */
  hue: string;
  /** Text on the hue (segment labels). */
  onHue: string;
  /** Tile shades by ramp level, dark theme: 0 outlined on dark (fresh), 1–3 filled, deeper with time. */
  levels: Readonly<Record<RampLevel, Shade>>;
  /** Level 0 on the light TV theme (levels 1–3 are filled and read on both). */
  light0: Shade;
}

const same = (s: Shade): Readonly<Record<RampLevel, Shade>> => ({ 0: s, 1: s, 2: s, 3: s });

/** Every text/background pair below is at least WCAG AA (4.5:1). */
export const PALETTE: Readonly<Record<RampFamily, FamilyColours>> = {
  ready: {
    hue: "#56b4e9",
    onHue: "#07131d",
    levels: {
      0: { bg: "#a6d6f3", fg: "#07131d", border: "#a6d6f3" },
      1: { bg: "#a6d6f3", fg: "#07131d", border: "#a6d6f3" },
      2: { bg: "#56b4e9", fg: "#07131d", border: "#56b4e9" },
      3: { bg: "#0072b2", fg: "#ffffff", border: "#56b4e9" },
    },
    light0: { bg: "#a6d6f3", fg: "#07131d", border: "#0072b2" },
  },
  dial: {
    hue: "#6fa7b9",
    onHue: "#07131d",
    levels: same({ bg: "#15232c", fg: "#cfe6ee", border: "#6fa7b9" }),
    light0: { bg: "#e3eff3", fg: "#12313c", border: "#4f8799" },
  },
  incall: {
    hue: "#cc79a7",
    onHue: "#1a0b14",
    levels: {
      0: { bg: "#2a1a24", fg: "#f0c8de", border: "#cc79a7" },
      1: { bg: "#e8bdd5", fg: "#1a0b14", border: "#e8bdd5" },
      2: { bg: "#cc79a7", fg: "#1a0b14", border: "#cc79a7" },
      3: { bg: "#873867", fg: "#ffffff", border: "#cc79a7" },
    },
    light0: { bg: "#f7e6ef", fg: "#4a1d36", border: "#cc79a7" },
  },
  park: {
    hue: "#a283d6",
    onHue: "#140b22",
    levels: {
      0: { bg: "#1f1829", fg: "#dccbf0", border: "#a283d6" },
      1: { bg: "#d9c8ee", fg: "#150c22", border: "#d9c8ee" },
      2: { bg: "#a283d6", fg: "#140b22", border: "#a283d6" },
      3: { bg: "#5b3a85", fg: "#ffffff", border: "#a283d6" },
    },
    light0: { bg: "#efe8f8", fg: "#3a2560", border: "#7d5cb3" },
  },
  threeway: {
    hue: "#009e73",
    onHue: "#00140e",
    levels: {
      0: { bg: "#0b2620", fg: "#a8e5cf", border: "#009e73" },
      1: { bg: "#009e73", fg: "#00140e", border: "#009e73" },
      2: { bg: "#009e73", fg: "#00140e", border: "#009e73" },
      3: { bg: "#009e73", fg: "#00140e", border: "#009e73" },
    },
    light0: { bg: "#ddf3ea", fg: "#00402e", border: "#009e73" },
  },
  dead: {
    hue: "#d55e00",
    onHue: "#140600",
    levels: {
      0: { bg: "#2b160b", fg: "#f4b48c", border: "#d55e00" },
      1: { bg: "#d55e00", fg: "#140600", border: "#ffb27a" },
      2: { bg: "#d55e00", fg: "#140600", border: "#ffb27a" },
      3: { bg: "#d55e00", fg: "#140600", border: "#ffb27a" },
    },
    light0: { bg: "#fbe3d3", fg: "#5a2300", border: "#d55e00" },
  },
  dispo: {
    hue: "#e69f00",
    onHue: "#1f1300",
    levels: {
      0: { bg: "#2b1f08", fg: "#f7d08a", border: "#e69f00" },
      1: { bg: "#f3cf80", fg: "#1f1300", border: "#f3cf80" },
      2: { bg: "#e69f00", fg: "#1f1300", border: "#e69f00" },
      3: { bg: "#8f5400", fg: "#ffffff", border: "#e69f00" },
    },
    light0: { bg: "#fbefd5", fg: "#4a2e00", border: "#e69f00" },
  },
  paused: {
    hue: "#f0e442",
    onHue: "#1d1b00",
    levels: {
      0: { bg: "#2a2810", fg: "#f5ee9a", border: "#f0e442" },
      1: { bg: "#f6f09a", fg: "#1d1b00", border: "#f6f09a" },
      2: { bg: "#f0e442", fg: "#1d1b00", border: "#f0e442" },
      3: { bg: "#6e6500", fg: "#ffffff", border: "#f0e442" },
    },
    light0: { bg: "#fbf7cf", fg: "#3d3800", border: "#b3a800" },
  },
  loggedout: {
    hue: "#98a2b3",
    onHue: "#0b0f17",
    levels: same({ bg: "#151a23", fg: "#9aa3b2", border: "#2a3140" }),
    light0: { bg: "#eceff3", fg: "#414b5a", border: "#b9c1cc" },
  },
};

/** The colour family of each agent status (ramps, segments and legends alike). */
export const STATUS_FAMILY: Readonly<Record<AgentStatus, RampFamily>> = {
  READY: "ready",
  CLOSER: "ready",
  DIAL: "dial",
  INCALL: "incall",
  PARK: "park",
  "3-WAY": "threeway",
  DEAD: "dead",
  DISPO: "dispo",
  PAUSED: "paused",
  LOGGED_OUT: "loggedout",
};

/** A stretch of time whose state is unknown (the agent screen was silent): hatched grey. */
export const UNKNOWN_FILL = "repeating-linear-gradient(135deg, #3a4358 0 0.3em, #151a23 0.3em 0.6em)";

/** The hue of a status on timelines and legends; UNKNOWN gets {@link UNKNOWN_FILL}. */
export function statusHue(status: AgentStatus | "UNKNOWN"): string {
  return status === "UNKNOWN" ? UNKNOWN_FILL : PALETTE[STATUS_FAMILY[status]].hue;
}

/** Header counter families (components/wall/WallCounters.tsx) → their accent. */
export const COUNTER_ACCENT: Readonly<Record<string, string>> = {
  total: "var(--text)",
  ready: PALETTE.ready.hue,
  incall: PALETTE.incall.hue,
  paused: PALETTE.paused.hue,
  dispo: PALETTE.dispo.hue,
  dead: PALETTE.dead.hue,
  stale: "var(--text-dim)",
};

/** Queue chart series (history): answered, abandoned, service level. */
export const CHART = { answered: PALETTE.threeway.hue, abandoned: PALETTE.dead.hue, serviceLevel: PALETTE.ready.hue, text: "#e8ecf3", dim: "#98a2b3", grid: "#263044" } as const;

/** Green / amber / red of the queue figures (lib/queues/figure-colours.ts), with text that reads on each. */
export const FIGURE_LEVEL: Readonly<Record<"ok" | "warn" | "bad", Shade>> = {
  ok: { bg: "#0b2620", fg: "#a8e5cf", border: "#009e73" },
  warn: { bg: "#e69f00", fg: "#1f1300", border: "#e69f00" },
  bad: { bg: "#d55e00", fg: "#140600", border: "#ffb27a" },
};

const STATUSES = Object.keys(STATUS_FAMILY) as AgentStatus[];
const SEGMENT_SELECTORS = [".timeline-segment", ".timeline-swatch", ".history-seg", ".history-legend li", ".state-swatch"];

/**
 * The stylesheet of the palette: tile shades by `data-ramp` (dark, and level 0 on the light TV
 * theme), segment and legend hues by `data-status` / `data-state` (as `--seg`), counter
 * accents by `data-family`, queue figure levels by `data-figure-level`.
 */
export function paletteCss(): string {
  const out: string[] = [];
  const shade = (s: Shade) => `--tile-bg:${s.bg};--tile-fg:${s.fg};--tile-border:${s.border}`;
  for (const [family, c] of Object.entries(PALETTE) as [RampFamily, FamilyColours][]) {
    for (const level of [0, 1, 2, 3] as const) out.push(`:is(.agent-tile,.agent-chip)[data-ramp="${family}-${level}"]{${shade(c.levels[level])}}`);
    out.push(`.tv[data-theme="light"] .agent-tile[data-ramp="${family}-0"]{${shade(c.light0)}}`);
  }
  for (const status of [...STATUSES, "UNKNOWN" as const]) {
    const sel = SEGMENT_SELECTORS.flatMap((s) => [`${s}[data-status="${status}"]`, `${s}[data-state="${status}"]`]).join(",");
    const fg = status === "UNKNOWN" ? "var(--text-dim)" : PALETTE[STATUS_FAMILY[status]].onHue;
    out.push(`${sel}{--seg:${statusHue(status)};--seg-fg:${fg}}`);
  }
  for (const [family, accent] of Object.entries(COUNTER_ACCENT)) out.push(`.wall-counter[data-family="${family}"]{--counter-accent:${accent}}`);
  for (const [level, s] of Object.entries(FIGURE_LEVEL)) out.push(`[data-figure-level="${level}"]{--fig-bg:${s.bg};--fig-fg:${s.fg};--fig-border:${s.border}}`);
  return out.join("\n");
}
