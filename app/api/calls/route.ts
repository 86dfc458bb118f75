/**
 * GET /api/calls[?queue=<id>]: the calls in progress the caller may see (same objects as the
 * Socket.IO `call` deltas), oldest first, with the server time (ms). A scoped caller sees the
 * calls of its campaigns' queues and of its agents' phones.
 */
import { z } from "zod";
import { getRuntime } from "@/lib/runtime";
import { parseRequest } from "@/lib/http/parse-request";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";
import { extensionOf } from "@/lib/sources/pbx/frames";

export const dynamic = "force-dynamic";

const query = z.object({ queue: z.string().optional() });

export async function GET(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { query: q, error } = await parseRequest(request, { query });
  if (error) return error();
  const { activeCalls, queues, board, now } = getRuntime();
  const queue = q.queue ?? null;
  const mine = (c: { queue: string | null; agentExtension: string | null; from: string }) =>
    seesAllCampaigns(p) ||
    (c.queue !== null && queues.campaignsOfQueue(c.queue).some((x) => canSeeCampaign(p, x))) ||
    [c.agentExtension, extensionOf(c.from)].some((e) => {
      const campaign = e ? board.campaignOfExtension(e) : undefined;
      return campaign !== undefined && canSeeCampaign(p, campaign);
    });
  const calls = activeCalls().filter((c) => (queue === null || c.queue === queue) && mine(c));
  return Response.json({ serverTime: now(), calls });
}
