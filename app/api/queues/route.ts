/**
 * GET /api/queues[?campaign=<id>]: statistics of the queues the caller may see (same objects
 * as the Socket.IO `queue` deltas), of the campaign's queues when given, and the PBX links'
 * status. 403 for a campaign outside the caller's scope.
 */
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { queues, pbxLinks, now } = getRuntime();
  const campaign = new URL(request.url).searchParams.get("campaign");
  if (campaign !== null && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  const stats = queues
    .list(campaign === null ? undefined : queues.queuesOfCampaign(campaign))
    .filter((s) => seesAllCampaigns(p) || queues.campaignsOfQueue(s.queue).some((c) => canSeeCampaign(p, c)));
  return Response.json({ serverTime: now(), queues: stats, pbx: pbxLinks() });
}
