/**
 * GET /api/history/agents.csv?from&to&campaign&team&agent: the per agent and day table.
 *
 * Streamed (lib/history/agents-export.ts): the request is checked first (401/403/400 as JSON),
 * then the response and the CSV header leave at once; the rollups are brought up to date and
 * the rows follow as pages of a few days are read, so months of data never sit in memory,
 * and a paused download holds no database connection.
 * A database error midway aborts the response (the client sees a failed download, never a
 * silently truncated file).
 */
import { jsonError } from "@/lib/auth/request";
import { csvResponse } from "@/lib/csv";
import { historyRequest } from "@/app/history/_request";
import { agentsCsvStream } from "@/lib/history/agents-export";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request, { catchUp: false });
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  const body = agentsCsvStream(ctx.db, getRuntime().exportPool, { filters: ctx.filters, campaigns: ctx.campaigns }, (err) =>
    console.error(`agents.csv export failed midway: ${err.message.split("\n")[0]}`),
  );
  return csvResponse(`agents-${ctx.filters.from}_${ctx.filters.to}.csv`, body);
}
