/** GET /api/history/queues.csv?from&to&campaign&queue&bucket: queue figures per period. */
import { jsonError } from "@/lib/auth/request";
import { csvResponse, csvStream } from "@/lib/csv";
import { queuesTable } from "@/lib/history/reports";
import { historyRequest } from "@/app/history/_request";
import { queueHistory } from "@/lib/queries/history/queue-intervals";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request);
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  const rows = await queueHistory(ctx.db, { start: ctx.start, end: ctx.end, queues: ctx.queues, bucket: ctx.filters.bucket, timeZone: ctx.config.timeZone });
  const t = queuesTable(rows, ctx.config.timeZone);
  return csvResponse(`queues-${ctx.filters.bucket}-${ctx.filters.from}_${ctx.filters.to}.csv`, csvStream(t.header, t.rows));
}
