/**
 * GET /api/admin/queues: every queue with its service-level threshold and campaigns.
 * PUT `{ id, name?, serviceLevelSec, campaigns }`: creates or updates a queue and replaces the
 * campaigns that take calls from it; the statistics use it at once.
 */
import { adminRoute } from "@/lib/server/admin-route";
import { audit } from "@/lib/queries/audit";
import { listQueueConfigs } from "@/lib/queries/queues";
import { queueExists, saveQueue } from "@/lib/queries/admin-config";
import { idList, intIn, optionalText, requireId } from "../_lib/validate";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => adminRoute(request, async ({ runtime }) => ({ queues: await listQueueConfigs(runtime.db) }));

export const PUT = (request: Request) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    const id = requireId(body["id"], "queue id");
    const q = {
      id,
      name: optionalText(body["name"], "name", 100) ?? id,
      serviceLevelSec: intIn(body["serviceLevelSec"], "service-level threshold", 1, 3600),
      campaigns: idList(body["campaigns"], "campaigns"),
    };
    const existed = await queueExists(runtime.db, id);
    await saveQueue(runtime.db, q);
    await runtime.reload.queues();
    await audit(runtime.db, actor, existed ? "queue.update" : "queue.create", id, { name: q.name, serviceLevelSec: q.serviceLevelSec, campaigns: q.campaigns });
    return { ok: true, queue: q };
  });
