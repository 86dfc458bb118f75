/** Display formats of the history pages (CSV exports keep raw numbers); `–` for no value. */
import { formatSeconds } from "../format/duration";

const NONE = "–";

/** Seconds with their units (`45 s`, `12 min 05 s`, `2 h 05 min`): lib/format/duration.ts with the pages' `–`. */
export function duration(sec: number | null | undefined): string {
  return formatSeconds(sec, NONE);
}

/** A 0–1 ratio as a percentage with one decimal. */
export function pct(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? NONE : `${(ratio * 100).toFixed(1)} %`;
}
