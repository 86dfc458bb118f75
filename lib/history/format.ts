/** Display formats of the history pages (CSV exports keep raw numbers). */

/**
 * Seconds with their units, as the history tables and the timeline show them: `45 s`,
 * `12 min 05 s` under an hour, `2 h 05 min` from an hour (seconds no longer matter there);
 * `–` for no value. Rounded to the second.
 */
export function duration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return "–";
  const s = Math.max(0, Math.round(sec));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Seconds as h:mm:ss (or m:ss under an hour). */
export function hms(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return "–";
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(r).padStart(2, "0")}` : `${m}:${String(r).padStart(2, "0")}`;
}

/** A 0–1 ratio as a percentage with one decimal. */
export function pct(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? "–" : `${(ratio * 100).toFixed(1)} %`;
}

/** Rounds to 0.1. */
export function tenths(n: number): number {
  return Math.round(n * 10) / 10;
}
