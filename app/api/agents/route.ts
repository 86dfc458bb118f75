/**
 * GET /api/agents[?campaign=<id>]: the live agent objects (same shape as the Socket.IO
 * deltas) the caller may see, sorted by user, with the server time they were read at (ms,
 * server clock). 403 for a campaign outside the caller's scope.
 */
import { z } from "zod";
import { signedInRoute } from "@/app/api/_lib/route";
import { jsonError, visible } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

const query = z.object({ campaign: z.string().optional() });

export const GET = signedInRoute({ query }, async ({ principal: p, runtime: { agents, now }, query: { campaign } }) => {
  if (campaign !== undefined && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  return { serverTime: now(), agents: visible(p, agents.list(campaign)) };
});
