/**
 * GET /api/queues[?campaign=<id>]: queue statistics (same objects as the Socket.IO `queue`
 * deltas), of the campaign's queues when given, and the PBX links' status.
 */
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const { queues, pbxLinks, now } = getRuntime();
  const campaign = new URL(request.url).searchParams.get("campaign");
  const stats = queues.list(campaign === null ? undefined : queues.queuesOfCampaign(campaign));
  return Response.json({ serverTime: now(), queues: stats, pbx: pbxLinks() });
}
