/**
 * History filters from URL search params (from, to, campaign, team, agent, queue, bucket,
 * page; checked by a zod schema) and the scope of the person asking: supervisors only ever see their campaigns; asking for a
 * campaign outside them is refused (403), not silently emptied.
 */
import { canSeeCampaign, seesAllCampaigns, type Principal } from "../auth/principal";
import { z } from "zod";
import { addDay, DAY_RE, dayBounds } from "./days";

export const BUCKETS = ["15m", "hour", "day"] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface HistoryFilters {
  /** Local days, inclusive. */
  from: string;
  to: string;
  campaign: string | null;
  team: string | null;
  agent: string | null;
  queue: string | null;
  bucket: Bucket;
  /** 0-based page of long tables. */
  page: number;
}

/** Longest range accepted, days. */
export const MAX_RANGE_DAYS = 370;

/** A filter parameter: trimmed text, the first of a repeated name, null when absent or blank. */
const param = z.preprocess((v) => {
  const s = Array.isArray(v) ? v[0] : v;
  return typeof s === "string" && s.trim() !== "" ? s.trim() : null;
}, z.string().nullable());

const isDay = (day: string, timeZone: string): boolean => {
  try {
    dayBounds(day, timeZone);
    return true;
  } catch {
    return false;
  }
};

/** Checks that compare fields run only when every field is valid (no "from is after to" about a malformed day). */
const fieldsValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/**
 * The filters from URL search params (an object of them: a page's `searchParams`, or the query
 * parseRequest hands over). Missing days default to `today` (to) and `defaultDays` − 1 days
 * before it (from); then both must be real local days in `timeZone`, from ≤ to, at most
 * {@link MAX_RANGE_DAYS} apart; bucket one of {@link BUCKETS} (default hour); a page that is
 * not a whole number ≥ 0 reads as 0.
 */
export function filtersSchema(today: string, timeZone: string, defaultDays = 1) {
  const day = (field: string) => z.string().regex(DAY_RE, { error: `${field} must be a day YYYY-MM-DD`, abort: true }).refine((d) => isDay(d, timeZone), `${field} is not a valid day`);
  return z
    .object({ from: param, to: param, campaign: param, team: param, agent: param, queue: param, bucket: param, page: param })
    .transform((p) => {
      const to = p.to ?? today;
      return { ...p, to, from: p.from ?? (p.to ? to : addDay(to, -(defaultDays - 1), timeZone)), bucket: p.bucket ?? "hour" };
    })
    .pipe(
      z
        .object({
          from: day("from"),
          to: day("to"),
          campaign: z.string().nullable(),
          team: z.string().nullable(),
          agent: z.string().nullable(),
          queue: z.string().nullable(),
          bucket: z.enum(BUCKETS, { error: "bucket must be 15m, hour or day" }),
          page: z
            .string()
            .nullable()
            .transform((v) => Number(v ?? "0"))
            .transform((n) => (Number.isInteger(n) && n >= 0 ? n : 0)),
        })
        .refine((f) => f.from <= f.to, { error: "from is after to", ...fieldsValid })
        .refine((f) => addDay(f.from, MAX_RANGE_DAYS, timeZone) > f.to, { error: `a range is at most ${MAX_RANGE_DAYS} days`, ...fieldsValid }),
    ) satisfies z.ZodType<HistoryFilters>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; status: 400 | 403; error: string };

/**
 * The campaigns a query may return: null = every campaign (managers and admins without a
 * campaign filter). A campaign filter the principal may not see is a 403.
 */
export function campaignScope(p: Principal | null, filters: Pick<HistoryFilters, "campaign">): Parsed<string[] | null> {
  if (!p || p.kind !== "user") return { ok: false, status: 403, error: "sign in as a user" };
  if (filters.campaign !== null) {
    if (!canSeeCampaign(p, filters.campaign)) return { ok: false, status: 403, error: `campaign ${filters.campaign} is not yours to see` };
    return { ok: true, value: [filters.campaign] };
  }
  return { ok: true, value: seesAllCampaigns(p) ? null : [...p.campaigns] };
}

/** The filters as a query string (for links and CSV downloads), without empty ones. */
export function filterQuery(f: Partial<HistoryFilters>, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const k of ["from", "to", "campaign", "team", "agent", "queue", "bucket"] as const) {
    const v = f[k];
    if (v) q.set(k, v);
  }
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}
