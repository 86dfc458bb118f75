/**
 * Dense walls: how big the tiles are so that 20 to 1,000 agents fit the screen without
 * scrolling where possible, and which tile shows how much. Pure; sizes are CSS pixels.
 *
 * Each tile variant has a shape in ems (its content at font size 1): the fit tries every
 * column count and keeps the one giving the largest font size. A full tile comes with 5 to 1
 * optional lines (lib/wall/tile.ts); the fit prefers the most content whose state word and
 * timer still meet the legibility floor (`minStateFontPx`, e.g. 1/60 of the screen height, so
 * they read from 4 m), then a compact tile (name, state, time). When nothing meets the floor,
 * the first variant still at its smallest readable font is used; when nothing fits even the
 * smallest tile at its smallest font, the wall scrolls with tiles at that font.
 */
import { LINE_FONT_EM, OPTIONAL_LINES, tileHeightEm } from "./tile";

export type TileVariant = "full" | "compact" | "minimal";

interface VariantShape {
  /** Tile width and height at font size 1 (ems), content included. */
  emW: number;
  emH: number;
  /** Smallest readable font (px) for this variant. */
  minFont: number;
  /** Size of the state word and timer, ems of the tile font (for the legibility floor). */
  stateEm: number;
}

/** Full tiles are shown with every optional line; {@link fitGrid} also tries fewer. */
export const TILE_SHAPES: Readonly<Record<TileVariant, VariantShape>> = {
  full: { emW: 12.5, emH: tileHeightEm(OPTIONAL_LINES.length), minFont: 12, stateEm: LINE_FONT_EM.state },
  compact: { emW: 9.4, emH: 3.1, minFont: 10, stateEm: 1.05 },
  minimal: { emW: 6.2, emH: 2.75, minFont: 9, stateEm: 1.05 },
};

/** From this many tiles the compact tile is used at most, from {@link MINIMAL_FROM} the minimal one. */
export const COMPACT_FROM = 500;
export const MINIMAL_FROM = 1000;
/** Largest font on a tile (px): 20 agents on a 4K screen should not get poster-size type. */
export const MAX_TILE_FONT = 64;

export interface FitInput {
  /** Tiles per group, in order (one group when not grouped); empty groups are ignored. */
  groups: readonly number[];
  /** The container (CSS px). */
  width: number;
  height: number;
  /** Gap between tiles (px). */
  gap: number;
  /** Total height of the groups' headers (px); 0 when not grouped. */
  headersHeight: number;
  /**
   * Legibility floor: the smallest size (px) for the state word and timer. The fit gives up
   * optional lines to meet it. 0 or absent: no floor.
   */
  minStateFontPx?: number;
  /**
   * Height (px) the minimal variant must leave above the tiles for its code legend (AgentGrid
   * shows one with minimal tiles). The other variants are fitted to the whole height, so which
   * variant is chosen never depends on whether the legend is showing: measured inside the
   * legend's own effect, a wall that once fell to minimal tiles (a transient small box) kept
   * them for good, the legend taking the height compact tiles needed. 0 or absent: none.
   */
  minimalReserve?: number;
}

export interface GridFit {
  variant: TileVariant;
  columns: number;
  /** Tile size (px), gaps excluded. */
  tileWidth: number;
  tileHeight: number;
  /** Font size of a tile (px). */
  fontSize: number;
  /** False when even the smallest tile at its smallest font does not fit: the grid scrolls. */
  fits: boolean;
  /** Optional lines the fit planned for on full tiles (0–5); 0 for the other variants. */
  optionalLines: number;
  /** Whether the state word and timer meet `minStateFontPx`. */
  legible: boolean;
}

function variantsFor(count: number): TileVariant[] {
  if (count >= MINIMAL_FROM) return ["minimal"];
  if (count >= COMPACT_FROM) return ["compact", "minimal"];
  return ["full", "compact", "minimal"];
}

/** Rows needed for `groups` with `columns` per row. */
export function rowsFor(groups: readonly number[], columns: number): number {
  let rows = 0;
  for (const n of groups) if (n > 0) rows += Math.ceil(n / columns);
  return rows;
}

/** The best column count and font for one variant: the largest font whose tiles fit. */
function bestFor(shape: VariantShape, input: FitInput, count: number, height: number): { columns: number; font: number; tileW: number; tileH: number } {
  const groups = input.groups.filter((n) => n > 0);
  let best = { columns: 1, font: 0, tileW: 0, tileH: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = rowsFor(groups, columns);
    const tileW = (input.width - (columns - 1) * input.gap) / columns;
    const tileH = (height - input.headersHeight - Math.max(0, rows - 1 + groups.length - 1) * input.gap) / rows;
    if (tileW <= 0) break;
    if (tileH <= 0) continue;
    const font = Math.min(tileW / shape.emW, tileH / shape.emH);
    if (font > best.font) best = { columns, font, tileW, tileH };
  }
  return best;
}

/**
 * Columns, tile size, font and variant for the groups' tiles in a `width` × `height` box.
 * Tries full tiles with 5 down to 1 optional lines, then compact, then minimal (as the count
 * allows), and takes the first whose state text meets the floor and whose font meets its
 * minimum; without a floor that is the fullest one whose font stays readable. Font capped at
 * {@link MAX_TILE_FONT} (the tiles then keep their cell size, type does not grow further).
 */
export function fitGrid(input: FitInput): GridFit {
  const count = input.groups.reduce((s, n) => s + Math.max(0, n), 0);
  const variants = variantsFor(count);
  if (count === 0 || input.width <= 0 || input.height <= 0) {
    const variant = variants[0]!;
    return { variant, columns: 1, tileWidth: Math.max(0, input.width), tileHeight: 0, fontSize: TILE_SHAPES[variant].minFont, fits: count === 0, optionalLines: 0, legible: false };
  }
  const floor = Math.max(0, input.minStateFontPx ?? 0);
  const candidates: { variant: TileVariant; optional: number; shape: VariantShape }[] = [];
  for (const variant of variants) {
    if (variant === "full") for (let optional = OPTIONAL_LINES.length; optional >= 1; optional--) candidates.push({ variant, optional, shape: { ...TILE_SHAPES.full, emH: tileHeightEm(optional) } });
    else candidates.push({ variant, optional: 0, shape: TILE_SHAPES[variant] });
  }
  const heightFor = (variant: TileVariant) => (variant === "minimal" ? Math.max(0, input.height - Math.max(0, input.minimalReserve ?? 0)) : input.height);
  const fitted = candidates.map((c) => ({ ...c, best: bestFor(c.shape, input, count, heightFor(c.variant)) }));
  const readable = fitted.filter((c) => c.best.font >= c.shape.minFont);
  const legible = readable.find((c) => Math.min(MAX_TILE_FONT, c.best.font) * c.shape.stateEm >= floor);
  // No floor met: the fullest readable full tile only when it is not smaller than a compact one.
  const chosen = legible ?? readable.find((c) => c.variant !== "full" || c.optional <= 1);
  if (chosen) {
    const font = Math.min(MAX_TILE_FONT, Math.floor(chosen.best.font * 10) / 10);
    return { variant: chosen.variant, columns: chosen.best.columns, tileWidth: chosen.best.tileW, tileHeight: chosen.best.tileH, fontSize: font, fits: true, optionalLines: chosen.optional, legible: font * chosen.shape.stateEm >= floor };
  }
  // Nothing fits: the smallest variant at its smallest font, as many columns as the width takes.
  const variant = variants[variants.length - 1]!;
  const shape = TILE_SHAPES[variant];
  const font = shape.minFont;
  const columns = Math.max(1, Math.min(count, Math.floor((input.width + input.gap) / (shape.emW * font + input.gap))));
  const tileWidth = (input.width - (columns - 1) * input.gap) / columns;
  return { variant, columns, tileWidth, tileHeight: shape.emH * font, fontSize: font, fits: false, optionalLines: 0, legible: font * shape.stateEm >= floor };
}
