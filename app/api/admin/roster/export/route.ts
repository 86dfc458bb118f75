/**
 * GET /api/admin/roster/export: the roster as a CSV download with the header the import reads
 * (user,full_name,campaign,team,extension,xuc_agent_id,voipbin_agent_id), written by the product's one CSV writer
 * (lib/csv.ts: quoting and the spreadsheet formula guard; the import undoes the guard).
 */
import { adminRoute } from "@/app/api/_lib/route";
import { csvResponse, csvStream } from "@/lib/csv";
import { listRoster } from "@/lib/queries/roster";

export const dynamic = "force-dynamic";

const HEADER = ["user", "full_name", "campaign", "team", "extension", "xuc_agent_id", "voipbin_agent_id"];

export const GET = adminRoute({}, async ({ runtime }) => {
  const date = new Date(runtime.now()).toISOString().slice(0, 10);
  const roster = await listRoster(runtime.db);
  const rows = roster.map((e) => [e.user, e.fullName, e.campaign, e.team, e.extension, e.xucAgentId ?? null, e.voipbinAgentId ?? null]);
  return csvResponse(`roster-${date}.csv`, csvStream(HEADER, rows));
});
