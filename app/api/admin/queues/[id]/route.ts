/**
 * DELETE /api/admin/queues/<id>: removes a queue and its campaign links; its statistics leave
 * the walls at once. (A queue listed in CAMPAIGN_QUEUES comes back at the next start.)
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { deleteQueue } from "@/lib/queries/admin-config";
import { segment } from "../../_lib/validate";

export const dynamic = "force-dynamic";

export const DELETE = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  adminRoute(request, async ({ actor, runtime }) => {
    const id = segment((await params).id);
    if (!(await deleteQueue(runtime.db, id))) throw new AdminError(404, `no queue ${id}`);
    await runtime.reload.queues();
    await audit(runtime.db, actor, "queue.delete", id);
    return { ok: true };
  });
