/**
 * GET /api/history/agents.csv?from&to&campaign&team&agent: the per agent and day table.
 *
 * Streamed: the request is checked first (401/403/400 as JSON), then the response and the CSV
 * header leave at once; the rollups are brought up to date (catch-up, at most 3 s) and the
 * rows follow as they are read, 1,000 per query (keyset paging), so months of data never sit
 * in memory and the download starts at once. A database error midway cuts the download short
 * (the client sees an incomplete transfer, never a silently truncated file).
 */
import { jsonError } from "@/lib/auth/request";
import { csvResponse, csvStream } from "@/lib/csv";
import { AGENTS_HEADER, agentsRow } from "@/lib/history/reports";
import { historyRequest } from "@/app/history/_request";
import { catchUpHistory } from "@/lib/history/rollup";
import { agentDayRowStream } from "@/lib/queries/history/agent-days";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request, { catchUp: false });
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  async function* rows() {
    await catchUpHistory(ctx.db);
    for await (const r of agentDayRowStream(ctx.db, { filters: ctx.filters, campaigns: ctx.campaigns })) yield agentsRow(r);
  }
  const body = csvStream(AGENTS_HEADER, rows(), (err) => console.error(`agents.csv export failed midway: ${err.message.split("\n")[0]}`));
  return csvResponse(`agents-${ctx.filters.from}_${ctx.filters.to}.csv`, body);
}
