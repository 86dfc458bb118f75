import { describe, expect, it } from "vitest";
import { fitGrid, MAX_TILE_FONT, rowsFor, TILE_SHAPES } from "../../lib/wall/layout";

const box = (groups: number[], width: number, height: number, headersHeight = 0, gap = 6) => fitGrid({ groups, width, height, gap, headersHeight });

/** The fitted tiles' total height (px). */
function usedHeight(groups: number[], fit: ReturnType<typeof fitGrid>, gap = 6): number {
  const rows = rowsFor(groups, fit.columns);
  return rows * fit.tileHeight + Math.max(0, rows - 1 + groups.filter((n) => n > 0).length - 1) * gap;
}

describe("fitGrid", () => {
  it("20 agents on a 1080p wall: full tiles, large type, no scrolling", () => {
    const f = box([20], 1900, 980);
    expect(f.variant).toBe("full");
    expect(f.fits).toBe(true);
    expect(f.fontSize).toBeGreaterThan(20);
    expect(usedHeight([20], f)).toBeLessThanOrEqual(980 + 0.001);
    expect(f.columns * Math.ceil(20 / f.columns)).toBeGreaterThanOrEqual(20);
  });

  it("type grows with the screen: 4K gets bigger tiles than 1080p, capped", () => {
    const hd = box([20], 1900, 980);
    const uhd = box([20], 3820, 2060);
    expect(uhd.fontSize).toBeGreaterThan(hd.fontSize * 1.8);
    expect(uhd.fontSize).toBeLessThanOrEqual(MAX_TILE_FONT);
  });

  it("500 agents: compact tiles that still fit 1080p at a readable size", () => {
    const f = box([500], 1900, 980, 0, 3);
    expect(f.variant).toBe("compact");
    expect(f.fits).toBe(true);
    expect(f.fontSize).toBeGreaterThanOrEqual(TILE_SHAPES.compact.minFont);
    expect(usedHeight([500], f, 3)).toBeLessThanOrEqual(980 + 0.001);
    expect(f.tileWidth).toBeGreaterThanOrEqual(TILE_SHAPES.compact.emW * f.fontSize - 0.001);
  });

  it("1,000 agents: minimal tiles", () => {
    // Dense walls use the wall's small gap (AgentGrid: 3 px from 500 agents).
    const f = box([1000], 1900, 980, 0, 3);
    expect(f.variant).toBe("minimal");
    expect(f.fits).toBe(true);
  });

  it("falls back to smaller tiles before scrolling, and scrolls only when nothing fits", () => {
    expect(box([200], 1900, 980).variant).toBe("compact");
    const tiny = box([1000], 600, 300);
    expect(tiny.fits).toBe(false);
    expect(tiny.fontSize).toBe(TILE_SHAPES.minimal.minFont);
    expect(tiny.columns).toBeGreaterThanOrEqual(1);
  });

  it("groups start on a new row and their headers take room", () => {
    expect(rowsFor([5, 3], 4)).toBe(3);
    const plain = box([30], 1900, 980);
    const grouped = box([10, 10, 10], 1900, 980, 3 * 34);
    expect(grouped.fontSize).toBeLessThanOrEqual(plain.fontSize);
    expect(usedHeight([10, 10, 10], grouped) + 3 * 34).toBeLessThanOrEqual(980 + 0.001);
  });

  it("the minimal tiles' legend takes room from minimal tiles only: the variant chosen at a height is the same with or without it", () => {
    // 500 agents on 1920 px, the 1080p legibility floor (18 px): compact where it meets the floor, minimal below.
    const fit = (height: number, minimalReserve: number) => fitGrid({ groups: [500], width: 1900, height, gap: 3, headersHeight: 0, minStateFontPx: 18, minimalReserve });
    let switchedAt = 0;
    for (let height = 700; height <= 1100; height += 2) {
      const without = fit(height, 0);
      const withLegend = fit(height, 40);
      expect(withLegend.variant).toBe(without.variant);
      if (withLegend.variant === "minimal") {
        // The minimal tiles fit the height left under the legend.
        expect(usedHeight([500], withLegend, 3)).toBeLessThanOrEqual(height - 40 + 0.001);
        switchedAt = height;
      }
    }
    // Both variants occur in the range, so the comparison above covered the switch between them.
    expect(switchedAt).toBeGreaterThan(700);
    expect(fit(1100, 40).variant).toBe("compact");
  });

  it("never divides by zero", () => {
    expect(box([], 1000, 800).fits).toBe(true);
    expect(box([10], 0, 0).fits).toBe(false);
  });
});
