/** GET /api/history/abandoned.csv?from&to&campaign&queue: the abandoned calls. */
import { jsonError } from "@/lib/auth/request";
import { csvResponse, csvStream } from "@/lib/csv";
import { abandonedTable } from "@/lib/history/reports";
import { historyRequest } from "@/app/history/_request";
import { abandonedCalls } from "@/lib/queries/history/abandoned-calls";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request, { catchUp: false });
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  const { rows } = await abandonedCalls(ctx.db, { start: ctx.start, end: ctx.end, queues: ctx.queues, shortAbandonSec: ctx.config.shortAbandonSec, limit: 200_000 });
  const t = abandonedTable(rows, ctx.config.timeZone);
  return csvResponse(`abandoned-${ctx.filters.from}_${ctx.filters.to}.csv`, csvStream(t.header, t.rows));
}
