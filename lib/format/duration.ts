/**
 * Durations as the product shows them, on the wall (browser) and on the history pages (server
 * components) alike: the one place that turns seconds into text. Pure; no clock.
 */

/**
 * A timer: whole `seconds` as `m:ss` under an hour (`0:07`, `12:30`), `h:mm:ss` from an hour
 * (`1:02:03`, `26:00:00`), the way wallboards and VICIdial show time in state. Fractions are
 * truncated (a timer shows 0:59 until a full minute has passed); negative or non-finite input
 * shows `0:00`, so a clock offset that is not settled yet never shows `-0:01`.
 */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/**
 * A length of time (a statistic such as ASA or AHT, time in a state over a day) in seconds,
 * rounded to the second, with units: `42 s`, `3 min 05 s` under an hour, `1 h 02 min` from an
 * hour (seconds no longer matter there). `none` (default `—`) stands for null, undefined or a
 * non-finite value; negative values count as 0.
 */
export function formatSeconds(seconds: number | null | undefined, none = "—"): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return none;
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m} min ${String(s).padStart(2, "0")} s`;
}
