/**
 * GET /api/queues[?campaign=<id>]: statistics of the queues the caller may see (same objects
 * as the Socket.IO `queue` deltas), of the campaign's queues when given, and the PBX links'
 * status. 403 for a campaign outside the caller's scope.
 */
import { z } from "zod";
import { getRuntime } from "@/lib/runtime";
import { parseRequest } from "@/lib/http/parse-request";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

const query = z.object({ campaign: z.string().optional() });

export async function GET(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { query: q, error } = await parseRequest(request, { query });
  if (error) return error();
  const { queues, pbxLinks, now } = getRuntime();
  const campaign = q.campaign ?? null;
  if (campaign !== null && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  const stats = queues
    .list(campaign === null ? undefined : queues.queuesOfCampaign(campaign))
    .filter((s) => seesAllCampaigns(p) || queues.campaignsOfQueue(s.queue).some((c) => canSeeCampaign(p, c)));
  return Response.json({ serverTime: now(), queues: stats, pbx: pbxLinks() });
}
