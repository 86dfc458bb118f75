/**
 * POST /api/history/refresh: brings the history rollups up to date now (what the periodic job
 * does every minute) and answers what it did: `{ run, agentDays, queueRanges, complete, ms }`.
 *
 * Admins only (403 `admin role required` otherwise; CSRF-checked by the gate): a run can take
 * long on a big backlog, and pages already catch up by themselves. Debounced: requests that
 * arrive while a requested run waits for the one in progress share it (same `run` number),
 * so a burst never queues more than one extra run.
 */
import { adminRoute } from "@/app/api/_lib/route";
import { historyRollupFor } from "@/lib/history/rollup";

export const dynamic = "force-dynamic";

export const POST = adminRoute({}, async ({ runtime }) => historyRollupFor(runtime.db).refresh());
