"use client";
/** A ticking server clock for timers and the header clock. */
import { useEffect, useRef, useState } from "react";
import { msToNextSecond } from "@/lib/wall/clock";

/**
 * Server time now (ms, server clock) = Date.now() + `offsetMs`, re-rendered on each whole
 * server second so every timer on the wall flips together. Null until mounted in the browser:
 * rendering a time on the server would never match the browser's first render.
 */
export function useServerNow(offsetMs: number): number | null {
  const [browserNow, setBrowserNow] = useState<number | null>(null);
  const offset = useRef(offsetMs);

  useEffect(() => {
    offset.current = offsetMs;
    setBrowserNow(Date.now());
  }, [offsetMs]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const now = Date.now();
      setBrowserNow(now);
      // A few ms late on purpose: a timer that fires early would show the old second again.
      timer = setTimeout(tick, msToNextSecond(now + offset.current) + 5);
    };
    tick();
    return () => clearTimeout(timer);
  }, []);

  return browserNow === null ? null : browserNow + offsetMs;
}
