/**
 * DELETE /api/admin/wall-tokens/<id>: revokes a wall display token; screens using it are
 * refused from their next connection on.
 */
import { adminRoute } from "@/lib/server/admin-route";

export const dynamic = "force-dynamic";

export const DELETE = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  adminRoute(request, async ({ actor, runtime }) => {
    await runtime.admin.revokeWallToken(actor, Number((await params).id));
    return { ok: true };
  });
