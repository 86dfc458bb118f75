/**
 * POST /api/history/refresh: brings the history rollups up to date now (what the periodic job
 * does every minute) and answers what it did: `{ run, agentDays, queueRanges, complete, ms }`.
 *
 * Admins only (403 `admin role required` otherwise; CSRF-checked by the gate): a run can take
 * long on a big backlog, and pages already catch up by themselves. Debounced: requests that
 * arrive while a requested run waits for the one in progress share it (same `run` number),
 * so a burst never queues more than one extra run.
 */
import { jsonError, principalFrom } from "@/lib/auth/request";
import { isAdmin } from "@/lib/auth/principal";
import { historyRollupFor } from "@/lib/history/rollup";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p || p.kind !== "user" || !isAdmin(p)) return jsonError(403, "admin role required");
  const result = await historyRollupFor(getRuntime().db).refresh();
  return Response.json(result);
}
