/**
 * Formats a duration in whole seconds the way wallboards and VICIdial show it:
 * `m:ss` under an hour (`0:07`, `12:30`), `h:mm:ss` from an hour (`1:02:03`, `26:00:00`).
 * Fractions are truncated (a timer shows 0:59 until a full minute has passed); negative or
 * non-finite input shows `0:00`, so a clock offset that is not settled yet never shows `-0:01`.
 */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}
