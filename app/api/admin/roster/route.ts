/**
 * GET /api/admin/roster: every agent on the roster (user, full name, campaign, team,
 * extension).
 */
import { adminRoute } from "@/lib/server/admin-route";
import { listRoster } from "@/lib/queries/roster";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => adminRoute(request, async ({ runtime }) => ({ agents: await listRoster(runtime.db) }));
