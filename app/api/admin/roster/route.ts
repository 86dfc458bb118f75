/**
 * GET /api/admin/roster: every agent on the roster (user, full name, campaign, team,
 * extension).
 */
import { adminRoute } from "@/app/api/_lib/route";
import { listRoster } from "@/lib/queries/roster";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({ agents: await listRoster(runtime.db) }));
