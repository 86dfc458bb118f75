/** GET /api/history/agents.csv?from&to&campaign&team&agent: the per agent and day table. */
import { jsonError } from "@/lib/auth/request";
import { csvResponse } from "@/lib/csv";
import { agentsTable } from "@/lib/history/reports";
import { historyRequest } from "@/lib/history/request";
import { agentDayRows } from "@/lib/queries/history/agent-days";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request.headers, new URL(request.url).searchParams);
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  const { rows } = await agentDayRows(ctx.db, { filters: ctx.filters, campaigns: ctx.campaigns, limit: 1_000_000 });
  const t = agentsTable(rows);
  return csvResponse(`agents-${ctx.filters.from}_${ctx.filters.to}.csv`, t.header, t.rows);
}
