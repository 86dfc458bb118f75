/**
 * What every history page and CSV route does first: who asks, which filters, which campaigns
 * and queues they may see (403 outside their scope), and the rollups brought up to date.
 */
import { principalFrom } from "../auth/request";
import { seesAllCampaigns, type Principal } from "../auth/principal";
import { getRuntime } from "../runtime";
import type { Db } from "../db/prisma";
import { historyConfig, type HistoryConfig } from "./config";
import { dayBounds, dayOf } from "./days";
import { campaignScope, parseFilters, type HistoryFilters, type SearchParams } from "./filters";
import { catchUpHistory } from "./rollup";
import { queuesOfScope } from "../queries/history/options";

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

export async function historyRequest(headers: Headers, params: SearchParams, options: { defaultDays?: number; catchUp?: boolean } = {}): Promise<HistoryRequest> {
  const principal = principalFrom(headers);
  if (!principal) return { ok: false, status: 401, error: "sign in required" };
  const config = historyConfig();
  const { db, now: clock } = getRuntime();
  const now = clock();
  const today = dayOf(now, config.timeZone);
  const parsed = parseFilters(params, today, config.timeZone, options.defaultDays ?? 1);
  if (!parsed.ok) return parsed;
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

/** Plain-object search params of a Next.js page. */
export type PageSearchParams = Promise<Record<string, string | string[] | undefined>>;
