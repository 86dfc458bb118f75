/**
 * What an agent tile shows, line by line, and how much of it a tile of a given size can show
 * whole. Pure: sizes are CSS px and ems of the tile's font; text widths come from a `measure`
 * function the browser supplies (canvas measureText), so the rules are tested without one.
 *
 * A tile shows whole lines or leaves them out, never half a line: the name line and the state
 * line (state word and time in state, same place on every tile) always; then, as height
 * allows and in this order, the detail (pause code or disposition, phone mismatch, notice in
 * words), the phone, the figures (calls today, lead) and the last event. A line wider than
 * the tile drops its least important parts, or shortens its text with an ellipsis, rather
 * than overflow.
 */
import type { AgentView } from "../agents/view";
import { formatDuration } from "../format/duration";
import { eventWords, noticeWords } from "./event-words";
import { correctionText, mismatchOf, recentNotice, stateLabel } from "./labels";
import { phoneParts } from "./phone";

export type TileLineKind = "head" | "state" | "detail" | "phone" | "figures" | "lead" | "last";

/** Height of each line in ems of the tile's font (font size × line height, see globals.css). */
export const LINE_EM: Readonly<Record<TileLineKind, number>> = {
  head: 1.2, //    1em × 1.2
  state: 1.55, //  1.35em × 1.15
  detail: 1.1, //  0.88em × 1.25
  phone: 1.1,
  figures: 1.1,
  lead: 1.1,
  last: 1.1,
};
/** Font size of each line's text, ems of the tile's font. */
export const LINE_FONT_EM: Readonly<Record<TileLineKind, number>> = { head: 1, state: 1.35, detail: 0.88, phone: 0.88, figures: 0.88, lead: 0.88, last: 0.88 };
/** Padding (each side), border and the gap between lines, ems. */
export const TILE_PAD_X_EM = 0.45;
export const TILE_PAD_Y_EM = 0.22;
export const TILE_BORDER_EM = 0.14;
export const LINE_GAP_EM = 0.06;
/** The optional lines, most important first (also their order on the tile). */
export const OPTIONAL_LINES: readonly TileLineKind[] = ["detail", "phone", "figures", "lead", "last"];

/** Height in ems of a tile showing the head, the state and `optional` more lines. */
export function tileHeightEm(optional: number): number {
  const lines = LINE_EM.head + LINE_EM.state + optional * LINE_EM.detail;
  return lines + (1 + optional) * LINE_GAP_EM + 2 * (TILE_PAD_Y_EM + TILE_BORDER_EM);
}

/**
 * Which optional lines fit a tile `heightPx` tall at `fontPx`, among those that have something
 * to say (`present`), most important first. 1 px is kept spare for sub-pixel rounding.
 */
export function linesThatFit(heightPx: number, fontPx: number, present: readonly TileLineKind[]): TileLineKind[] {
  if (!(fontPx > 0)) return [];
  const room = (heightPx - 1) / fontPx;
  const out: TileLineKind[] = [];
  for (const kind of OPTIONAL_LINES) {
    if (!present.includes(kind)) continue;
    if (tileHeightEm(out.length + 1) > room) break;
    out.push(kind);
  }
  return out;
}

/** One piece of a line; parts with a higher `drop` are dropped first when the line is too wide. */
export interface TilePart {
  text: string;
  /** 0: never dropped (shortened instead). */
  drop: number;
  tone?: "alert" | "active" | "dim";
  /** The whole text when `text` was shortened to fit (for screen readers and copy). */
  full?: string;
  /** Where the text came from, shown on hover (a pause code's source: lib/wall/labels.ts). */
  title?: string;
}

export interface TileContent {
  detail: TilePart[];
  phone: TilePart[];
  figures: TilePart[];
  lead: TilePart[];
  last: TilePart[];
}

export interface TileContext {
  /** ms, server clock; null before the clock is known. */
  serverNow: number | null;
  /** Calls the agent handled today (GET /api/leaderboard); undefined while unknown. */
  callsToday?: number;
}

/** The optional lines' parts for an agent (empty arrays: nothing to say). */
export function tileContent(agent: AgentView, ctx: TileContext): TileContent {
  const label = stateLabel(agent);
  const detail: TilePart[] = [];
  if (mismatchOf(agent)) detail.push({ text: `⚠ ${mismatchOf(agent)}`, drop: 0, tone: "alert" });
  if (label.detail) detail.push({ text: label.detail, drop: mismatchOf(agent) ? 1 : 0, ...(label.detailSource ? { title: label.detailSource } : {}) });
  const corrected = correctionText(agent);
  if (corrected) detail.push({ text: corrected, drop: detail.length > 0 ? 1 : 0, tone: "active", title: "vicidial_live_agents disagreed with the pushes for more than 5 s (a push was lost): the state shown is VICIdial's database's until the next push" });
  const notice = ctx.serverNow === null ? null : recentNotice(agent.notice, ctx.serverNow);
  if (notice) detail.push({ text: noticeWords(notice), drop: 2 });

  const phone: TilePart[] = [];
  if (agent.extension) {
    phone.push({ text: `☎ ${agent.extension}`, drop: 0 });
    for (const p of phoneParts(agent)) {
      if (p.tone === "ok") continue; // "registered" is the normal case: said only by its absence
      phone.push({ text: p.text, drop: p.tone === "alert" ? 1 : 2, tone: p.tone === "alert" ? "alert" : p.tone === "active" ? "active" : "dim" });
    }
  }

  const figures: TilePart[] = [];
  if (ctx.callsToday !== undefined) figures.push({ text: `${ctx.callsToday} ${ctx.callsToday === 1 ? "call" : "calls"} today`, drop: 0 });
  const lead: TilePart[] = agent.leadId ? [{ text: `lead ${agent.leadId}`, drop: 0 }] : [];

  const last: TilePart[] = [];
  // The latest notice already says what the last event was.
  if (agent.lastEvent && !(notice && notice.event === agent.lastEvent)) {
    last.push({ text: eventWords(agent.lastEvent), drop: 0, tone: "dim" });
    if (ctx.serverNow !== null) last.push({ text: `${formatDuration(Math.max(0, (ctx.serverNow - agent.lastEventAt) / 1000))} ago`, drop: 1, tone: "dim" });
  }
  return { detail, phone, figures, lead, last };
}

export type Measure = (text: string) => number;

/**
 * The tile's accessible name (and tooltip): everything the tile says, shortened or not, so a
 * screen reader and a hover get the whole text. `time` is the timer as shown (`m:ss`).
 */
export function tileDescription(
  agent: Pick<AgentView, "name" | "campaign" | "phoneMismatch" | "sourceMismatch" | "correction">,
  label: { status: string; detail: string | null },
  time: string,
  options: { showCampaign?: boolean; noticeWords?: string | null; alert?: string },
): string {
  // The phone's disagreement first (the tile's warning line shows the same one), then the systems'.
  const mismatch = agent.phoneMismatch ? `phone mismatch: ${agent.phoneMismatch}` : agent.sourceMismatch ? `systems disagree: ${agent.sourceMismatch}` : null;
  const correction = correctionText(agent);
  return `${agent.name}: ${label.status}${label.detail ? ` ${label.detail}` : ""}, ${time} (min:s) in state${options.showCampaign ? `, campaign ${agent.campaign}` : ""}${
    mismatch ? `, ${mismatch}` : ""
  }${correction ? `, ${correction.replace(/^↻ /, "")}` : ""}${options.noticeWords ? `, ${options.noticeWords}` : ""}${options.alert ? `, ${options.alert} alert` : ""}`;
}

/** Padding (em of the line's type) on each side of a part in the alert tone: app/globals.css `.tile-part[data-tone="alert"]`. */
export const ALERT_PART_PAD_EM = 0.3;

/**
 * How a part in the alert tone is drawn (app/globals.css `.tile-part[data-tone="alert"]`): its
 * own weight (`measure`, 800 against the line's 700) and `padding` (px, both sides together).
 */
export interface AlertPartStyle {
  measure: Measure;
  padding: number;
}

/**
 * The parts of a line that fit `width` (px) when joined by `separator`: the least important
 * are dropped first; when the most important alone is too wide it is shortened with "…".
 * `measure` is the line's text; parts in the alert tone are measured with `alert` when given
 * (heavier type and a padded box: measured as line text, a shortened alert overflowed its
 * line by a few px).
 */
export function fitParts(parts: readonly TilePart[], width: number, measure: Measure, separator = " · ", alert?: AlertPartStyle): TilePart[] {
  let kept = [...parts];
  const styled = (p: TilePart) => (alert && p.tone === "alert" ? alert : null);
  const partWidth = (p: TilePart, text = p.text) => {
    const a = styled(p);
    return a ? a.measure(text) + a.padding : measure(text);
  };
  const widthOf = (ps: readonly TilePart[]) =>
    alert ? ps.reduce((w, p, i) => w + partWidth(p) + (i > 0 ? measure(separator) : 0), 0) : measure(ps.map((p) => p.text).join(separator));
  while (kept.length > 1 && widthOf(kept) > width) {
    const worst = kept.reduce((w, p, i) => (p.drop > kept[w]!.drop || (p.drop === kept[w]!.drop && i > w) ? i : w), 0);
    kept = kept.filter((_, i) => i !== worst);
  }
  if (kept.length === 1 && widthOf(kept) > width) {
    const only = kept[0]!;
    const a = styled(only);
    kept = [{ ...only, text: shorten(only.text, width - (a?.padding ?? 0), a?.measure ?? measure), full: only.text }];
  }
  return kept;
}

/** `text` cut at a word or character boundary with "…" so that it fits `width`. */
export function shorten(text: string, width: number, measure: Measure): string {
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid).trimEnd()}…`) <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? "" : `${text.slice(0, lo).trimEnd()}…`;
}

/**
 * Ways to write a name, longest first: `Maria Fernanda Lopez`, `Maria F. Lopez`, `Maria L.`,
 * `M. Lopez`, `Maria`, `ML`. The tile shows the first that fits.
 */
export function nameVariants(name: string): string[] {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return [name.trim()];
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const middle = words.slice(1, -1);
  const out = [
    words.join(" "),
    middle.length > 0 ? `${first} ${middle.map((w) => `${w[0]}.`).join(" ")} ${last}` : null,
    `${first} ${last[0]}.`,
    `${first[0]}. ${last}`,
    first,
    `${first[0]}${last[0]}`,
  ];
  return [...new Set(out.filter((v): v is string => v !== null))];
}

/** The longest variant of `name` that fits `width` (px); the shortest, shortened, otherwise. */
export function fitName(name: string, width: number, measure: Measure): string {
  const variants = nameVariants(name);
  for (const v of variants) if (measure(v) <= width) return v;
  return shorten(variants[variants.length - 1]!, width, measure);
}

/**
 * The scale (≤ 1, ≥ `min`) of the state word so that it, a gap and the time in state fit
 * `width`: 1 on a tile sized for it; below 1 only for an unusually long word ("LOGGED OUT"
 * on a narrow tile). The timer is never scaled: it is what a supervisor reads from afar.
 */
export function stateLineScale(stateWidth: number, timeWidth: number, gap: number, width: number, min = 0.6): number {
  if (stateWidth + gap + timeWidth <= width) return 1;
  return Math.max(min, Math.floor(((width - gap - timeWidth) / stateWidth) * 100) / 100);
}
