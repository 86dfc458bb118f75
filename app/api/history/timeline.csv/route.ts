/** GET /api/history/timeline.csv?agent=USER&from=DAY: an agent's day as state segments. */
import { jsonError } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";
import { csvResponse, csvStream } from "@/lib/csv";
import { timelineTable } from "@/lib/history/reports";
import { historyRequest } from "@/app/history/_request";
import { agentDayDetail } from "@/lib/history/agent-day-detail";
import { scopeAgentDay } from "@/lib/history/agent-day";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request, { catchUp: false, requireAgent: true });
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  const agent = ctx.filters.agent!; // requireAgent: never null here
  const full = await agentDayDetail(ctx.db, { user: agent, day: ctx.filters.from, timeZone: ctx.config.timeZone, staleAfterSec: ctx.config.staleAfterSec, now: ctx.now });
  const d = scopeAgentDay(full, (c) => canSeeCampaign(ctx.principal, c));
  if (!d) return jsonError(403, `agent ${agent} is not in your campaigns`);
  const t = timelineTable(d, ctx.config.timeZone);
  return csvResponse(`timeline-${agent}-${ctx.filters.from}.csv`, csvStream(t.header, t.rows));
}
