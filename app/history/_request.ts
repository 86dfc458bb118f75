/**
 * What every history page and CSV route does first: who asks, which filters (checked by
 * ./filters.ts's zod schema: 400 with the reason), which campaigns and queues they may see
 * (403 outside their scope), and the rollups brought up to date.
 */
import type { z } from "zod";
import { principalFrom } from "@/lib/auth/request";
import { seesAllCampaigns, type Principal } from "@/lib/auth/principal";
import { parseRequest } from "@/lib/http/parse-request";
import { getRuntime } from "@/lib/runtime";
import type { Db } from "@/lib/db/prisma";
import { parseInput, type Checked } from "@/lib/validation";
import { historyConfig, type HistoryConfig } from "@/lib/history/config";
import { dayBounds, dayOf } from "@/lib/history/days";
import { campaignScope, filtersSchema, type HistoryFilters } from "@/lib/history/filters";
import { catchUpHistory } from "@/lib/history/rollup";
import { queuesOfScope } from "@/lib/queries/history/options";

export interface HistoryContext {
  db: Db;
  principal: Principal;
  config: HistoryConfig;
  filters: HistoryFilters;
  /** Campaigns the queries may return (null: all). */
  campaigns: string[] | null;
  /** Every campaign the principal may see (null: all), for the filter's choices. */
  visibleCampaigns: string[] | null;
  /** Queues the queries may return (null: all). */
  queues: string[] | null;
  /** [start of from, end of to), ms. */
  start: number;
  end: number;
  today: string;
  now: number;
  /** False when the rollup had more to do than its time budget. */
  rollupComplete: boolean;
}

export type HistoryRequest = { ok: true; ctx: HistoryContext } | { ok: false; status: 400 | 401 | 403; error: string };

export interface HistoryOptions {
  /** Days the range covers when the request names none (default 1: today). */
  defaultDays?: number;
  /** Bring the rollups up to date first (default true). */
  catchUp?: boolean;
  /** The report is one agent's: `agent` must be given (400 `agent is required`). */
  requireAgent?: boolean;
}

/** Plain-object search params of a Next.js page. */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A CSV route's request: the filters are its query, read by parseRequest. */
export function historyRequest(request: Request, options: HistoryOptions = {}): Promise<HistoryRequest> {
  return resolve(request.headers, options, async (schema) => {
    const parsed = await parseRequest(request, { query: schema });
    return parsed.error ? { ok: false, reason: parsed.reason } : { ok: true, value: parsed.query };
  });
}

/** A history page's request: the filters are its search params. */
export function historyPageRequest(headers: Headers, searchParams: Awaited<PageSearchParams>, options: HistoryOptions = {}): Promise<HistoryRequest> {
  return resolve(headers, options, async (schema) => parseInput(schema, searchParams));
}

async function resolve(headers: Headers, options: HistoryOptions, readFilters: (schema: z.ZodType<HistoryFilters, unknown>) => Promise<Checked<HistoryFilters>>): Promise<HistoryRequest> {
  const principal = principalFrom(headers);
  if (!principal) return { ok: false, status: 401, error: "sign in required" };
  const config = historyConfig();
  const { db, now: clock } = getRuntime();
  const now = clock();
  const today = dayOf(now, config.timeZone);
  const schema = filtersSchema(today, config.timeZone, options.defaultDays ?? 1);
  const parsed = await readFilters(options.requireAgent ? schema.refine((f) => f.agent !== null, { error: "agent is required", when: (p) => p.issues.length === 0 }) : schema);
  if (!parsed.ok) return { ok: false, status: 400, error: parsed.reason };
  const filters = parsed.value;
  const scope = campaignScope(principal, filters);
  if (!scope.ok) return scope;
  let queues = await queuesOfScope(db, scope.value);
  if (filters.queue !== null) {
    if (queues !== null && !queues.includes(filters.queue)) return { ok: false, status: 403, error: `queue ${filters.queue} is not yours to see` };
    queues = [filters.queue];
  }
  const rollupComplete = options.catchUp === false ? true : (await catchUpHistory(db)).complete;
  return {
    ok: true,
    ctx: {
      db,
      principal,
      config,
      filters,
      campaigns: scope.value,
      visibleCampaigns: seesAllCampaigns(principal) ? null : [...principal.campaigns],
      queues,
      start: dayBounds(filters.from, config.timeZone).start,
      end: dayBounds(filters.to, config.timeZone).end,
      today,
      now,
      rollupComplete,
    },
  };
}
