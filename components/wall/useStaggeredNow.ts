"use client";
/** The wall's ticking clock handed to its tiles in slices, one animation frame apart. */
import { useEffect, useState } from "react";

/**
 * `slices` server clocks (ms; lib/wall/clock.ts tickSlices): slice 0 is `serverNow` itself,
 * slice k takes each new `serverNow` k animation frames later, so the tiles of one slice
 * re-render (and the browser restyles, lays out and repaints them) in a frame of their own
 * instead of every tile in one long frame. Null while `serverNow` is null.
 */
export function useStaggeredNow(serverNow: number | null, slices: number): readonly (number | null)[] {
  // What slices 1… show now (index 0 unused: slice 0 is always `serverNow`).
  const [held, setHeld] = useState<readonly (number | null)[]>(() => Array.from({ length: slices }, () => serverNow));

  useEffect(() => {
    if (slices <= 1) return;
    let frame = 0;
    let k = 1;
    const step = () => {
      const upTo = k;
      setHeld((h) => Array.from({ length: slices }, (_, i) => (i <= upTo ? serverNow : (h[i] ?? serverNow))));
      if (++k < slices) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [serverNow, slices]);

  // A slice not held yet (more slices than before) shows `serverNow`.
  return Array.from({ length: slices }, (_, i) => (i === 0 || held[i] === undefined ? serverNow : held[i]!));
}
