/**
 * GET /api/history/dialer.csv?from&to&campaign: VICIdial's dialer and in-groups, one row per
 * campaign or in-group and minute (dialer_sample), in the caller's scope, times local.
 */
import { jsonError } from "@/lib/auth/request";
import { csvResponse, csvStream } from "@/lib/csv";
import { localTime } from "@/lib/history/reports";
import { historyRequest } from "@/app/history/_request";
import { listDialerSamples } from "@/lib/queries/dialer-samples";
import { DIALER_CSV_HEADER, dialerCsvRow, visibleSamples } from "@/lib/dialer/history";
import { campaignsOfInGroup } from "@/lib/dialer/figures";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const req = await historyRequest(request, { catchUp: false });
  if (!req.ok) return jsonError(req.status, req.error);
  const { ctx } = req;
  const scope = ctx.filters.campaign ? [ctx.filters.campaign] : ctx.campaigns;
  const live = getRuntime().dialer();
  const samples = visibleSamples(await listDialerSamples(ctx.db, { from: ctx.start, to: ctx.end }), scope, (g) => campaignsOfInGroup(live, g));
  const tz = ctx.config.timeZone;
  const rows = samples.map((s) => dialerCsvRow(s, (ms) => localTime(ms, tz, "yyyy-MM-dd HH:mm")));
  return csvResponse(`dialer-${ctx.filters.from}_${ctx.filters.to}.csv`, csvStream(DIALER_CSV_HEADER, rows));
}
