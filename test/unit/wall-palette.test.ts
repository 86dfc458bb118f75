import { describe, expect, it } from "vitest";
import type { AgentStatus } from "../../lib/agents/status";
import { FIGURE_LEVEL, PALETTE, paletteCss, STATUS_FAMILY, statusHue } from "../../lib/wall/palette";
import { rampOf } from "../../lib/wall/ramps";

const STATUSES = Object.keys(STATUS_FAMILY) as AgentStatus[];

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

describe("one palette for live and history", () => {
  it("a status has the same hue on a live tile (its ramp family) and on a history segment", () => {
    for (const s of STATUSES) expect(statusHue(s)).toBe(PALETTE[rampOf(s, 400).family].hue);
  });

  it("states a supervisor tells apart have different hues (INCALL, PARK, 3-WAY; PAUSED, DISPO; READY, DIAL)", () => {
    const hues = (...s: AgentStatus[]) => new Set(s.map(statusHue)).size;
    expect(hues("INCALL", "PARK", "3-WAY")).toBe(3);
    expect(hues("PAUSED", "DISPO", "DEAD")).toBe(3);
    expect(hues("READY", "DIAL")).toBe(2);
  });

  it("every tile shade and figure level reads (WCAG AA, 4.5:1)", () => {
    for (const c of Object.values(PALETTE)) {
      for (const s of [...Object.values(c.levels), c.light0]) expect(contrast(s.fg, s.bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c.onHue, c.hue)).toBeGreaterThanOrEqual(4.5);
    }
    for (const s of Object.values(FIGURE_LEVEL)) expect(contrast(s.fg, s.bg)).toBeGreaterThanOrEqual(4.5);
  });

  it("the generated CSS styles every ramp key and every segment status", () => {
    const css = paletteCss();
    for (const s of STATUSES) {
      for (const level of [0, 1, 2, 3]) expect(css).toContain(`[data-ramp="${STATUS_FAMILY[s]}-${level}"]`);
      expect(css).toContain(`.history-seg[data-state="${s}"]`);
      expect(css).toContain(`.timeline-segment[data-status="${s}"]`);
    }
  });
});
