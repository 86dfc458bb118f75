/**
 * GET /api/admin/queues: every queue with its service-level threshold and campaigns.
 * PUT `{ id, name?, serviceLevelSec, campaigns }`: creates or updates a queue and replaces the
 * campaigns that take calls from it; the statistics use it at once.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { id, idList, optionalText, wholeSeconds } from "../_lib/fields";
import { audit } from "@/lib/queries/audit";
import { listQueueConfigs } from "@/lib/queries/queues";
import { queueExists, saveQueue } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({ queues: await listQueueConfigs(runtime.db) }));

const body = z.object({
  id: id("queue id"),
  name: optionalText("name", 100),
  serviceLevelSec: wholeSeconds("service-level threshold", 1, 3600),
  campaigns: idList("campaigns"),
});

export const PUT = adminRoute({ body }, async ({ actor, runtime, body }) => {
  const q = { ...body, name: body.name ?? body.id };
  const existed = await queueExists(runtime.db, q.id);
  await saveQueue(runtime.db, q);
  await runtime.reload.queues();
  await audit(runtime.db, actor, existed ? "queue.update" : "queue.create", q.id, { name: q.name, serviceLevelSec: q.serviceLevelSec, campaigns: q.campaigns });
  return { ok: true, queue: q };
});
