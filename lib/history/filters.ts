/**
 * History filters from URL search params (from, to, campaign, team, agent, queue, bucket) and
 * the scope of the person asking: supervisors only ever see their campaigns; asking for a
 * campaign outside them is refused (403), not silently emptied.
 */
import { canSeeCampaign, seesAllCampaigns, type Principal } from "../auth/principal";
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

export type SearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

function param(params: SearchParams, name: string): string | null {
  const v = params instanceof URLSearchParams ? params.get(name) : params[name];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; status: 400 | 403; error: string };

/** Parses filters; missing days default to `today` (to) and `defaultDays` − 1 days before (from). */
export function parseFilters(params: SearchParams, today: string, timeZone: string, defaultDays = 1): Parsed<HistoryFilters> {
  const to = param(params, "to") ?? today;
  const from = param(params, "from") ?? (param(params, "to") ? to : addDay(to, -(defaultDays - 1), timeZone));
  for (const [name, d] of [["from", from], ["to", to]] as const) {
    if (!DAY_RE.test(d)) return { ok: false, status: 400, error: `${name} must be a day YYYY-MM-DD` };
    try {
      dayBounds(d, timeZone);
    } catch {
      return { ok: false, status: 400, error: `${name} is not a valid day` };
    }
  }
  if (from > to) return { ok: false, status: 400, error: "from is after to" };
  if (addDay(from, MAX_RANGE_DAYS, timeZone) <= to) return { ok: false, status: 400, error: `a range is at most ${MAX_RANGE_DAYS} days` };
  const bucket = (param(params, "bucket") ?? "hour") as Bucket;
  if (!BUCKETS.includes(bucket)) return { ok: false, status: 400, error: "bucket must be 15m, hour or day" };
  const page = Number(param(params, "page") ?? "0");
  return {
    ok: true,
    value: {
      from,
      to,
      campaign: param(params, "campaign"),
      team: param(params, "team"),
      agent: param(params, "agent"),
      queue: param(params, "queue"),
      bucket,
      page: Number.isInteger(page) && page >= 0 ? page : 0,
    },
  };
}

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
