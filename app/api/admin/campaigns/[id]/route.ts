/**
 * DELETE /api/admin/campaigns/<id>: forgets a campaign's settings (name, stale timeout,
 * colour thresholds: back to the defaults) and its queue links.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { AdminError } from "@/lib/server/admin-actions";
import { routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";
import { deleteCampaignSettings, setCampaignQueues } from "@/lib/queries/admin-config";
import { countCampaignQueues } from "@/lib/queries/campaigns";

export const dynamic = "force-dynamic";

export const DELETE = adminRoute({ params: z.object({ id: routeSegment }) }, async ({ actor, runtime, params: { id } }) => {
  const links = await countCampaignQueues(runtime.db, id);
  const had = await deleteCampaignSettings(runtime.db, id);
  if (!had && links === 0) throw new AdminError(404, `campaign ${id} has no settings`);
  await setCampaignQueues(runtime.db, id, []);
  await runtime.reload.campaigns();
  await runtime.reload.queues();
  await audit(runtime.db, actor, "campaign.reset", id);
  return { ok: true };
});
