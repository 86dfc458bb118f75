/**
 * GET /api/admin/audit[?limit=N]: the latest configuration changes (who, when, what), newest
 * first (default 200, at most 1000).
 */
import { adminRoute } from "@/lib/server/admin-route";
import { recentAudit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  adminRoute(request, async ({ runtime }) => {
    const limit = Math.min(1000, Math.max(1, Number(new URL(request.url).searchParams.get("limit")) || 200));
    return { entries: await recentAudit(runtime.db, limit) };
  });
