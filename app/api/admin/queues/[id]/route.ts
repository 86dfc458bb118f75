/**
 * DELETE /api/admin/queues/<id>: removes a queue and its campaign links; its statistics leave
 * the walls at once. (A queue listed in CAMPAIGN_QUEUES comes back at the next start.)
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { AdminError } from "@/lib/server/admin-actions";
import { routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";
import { deleteQueue } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const DELETE = adminRoute({ params: z.object({ id: routeSegment }) }, async ({ actor, runtime, params: { id } }) => {
  if (!(await deleteQueue(runtime.db, id))) throw new AdminError(404, `no queue ${id}`);
  await runtime.reload.queues();
  await audit(runtime.db, actor, "queue.delete", id);
  return { ok: true };
});
