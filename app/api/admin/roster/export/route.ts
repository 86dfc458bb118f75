/**
 * GET /api/admin/roster/export: the roster as a CSV download with the header the import reads
 * (user,full_name,campaign,team,extension).
 */
import { adminRoute } from "@/lib/server/admin-route";
import { listRoster } from "@/lib/queries/roster";
import { rosterToCsv } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  adminRoute(request, async ({ runtime }) => {
    const date = new Date(runtime.now()).toISOString().slice(0, 10);
    return new Response(rosterToCsv(await listRoster(runtime.db)), {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="roster-${date}.csv"`, "cache-control": "no-store" },
    });
  });
