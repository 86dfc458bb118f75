/**
 * GET /api/queues[?campaign=<id>]: statistics of the queues the caller may see (same objects
 * as the Socket.IO `queue` deltas), of the campaign's queues when given, and the PBX links'
 * status. 403 for a campaign outside the caller's scope.
 */
import { z } from "zod";
import { signedInRoute } from "@/app/api/_lib/route";
import { jsonError } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

const query = z.object({ campaign: z.string().optional() });

export const GET = signedInRoute({ query }, async ({ principal: p, runtime: { queues, pbxLinks, now }, query: { campaign } }) => {
  if (campaign !== undefined && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  const stats = queues
    .list(campaign === undefined ? undefined : queues.queuesOfCampaign(campaign))
    .filter((s) => seesAllCampaigns(p) || queues.campaignsOfQueue(s.queue).some((c) => canSeeCampaign(p, c)));
  return { serverTime: now(), queues: stats, pbx: pbxLinks() };
});
