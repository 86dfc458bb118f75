"use client";
/**
 * Text widths in the browser, for tiles that shorten text rather than overflow
 * (lib/wall/tile.ts): canvas measureText with the page's own font, no layout, cached.
 */
import type { Measure } from "@/lib/wall/tile";

let ctx: CanvasRenderingContext2D | null | undefined;
let family = "";
const cache = new Map<string, number>();
/** Canvas ignores kerning differences and sub-pixel rounding of the layout: a small margin. */
const SAFETY = 1.03;

/** A measure (text → px) for `weight` and `sizePx` in the page font; null outside a browser. */
export function textMeasure(weight: number, sizePx: number): Measure | null {
  if (typeof document === "undefined") return null;
  if (ctx === undefined) {
    ctx = document.createElement("canvas").getContext("2d");
    family = getComputedStyle(document.body).fontFamily;
  }
  const c = ctx;
  if (!c) return null;
  const font = `${weight} ${sizePx}px ${family}`;
  return (text: string) => {
    const key = `${font}\u0000${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      if (cache.size > 50_000) cache.clear();
      c.font = font;
      w = c.measureText(text).width * SAFETY + 1;
      cache.set(key, w);
    }
    return w;
  };
}
