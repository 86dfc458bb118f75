/**
 * DELETE /api/admin/wall-tokens/<id>: revokes a wall display token; screens using it are
 * refused from their next connection on.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { numericId } from "../../_lib/fields";

export const dynamic = "force-dynamic";

export const DELETE = adminRoute({ params: z.object({ id: numericId }) }, async ({ actor, runtime, params: { id } }) => {
  await runtime.admin.revokeWallToken(actor, id);
  return { ok: true };
});
