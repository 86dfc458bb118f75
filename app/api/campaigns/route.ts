/**
 * GET /api/campaigns: every campaign on the live board the caller may see, with its header
 * counters.
 */
import { signedInRoute } from "@/app/api/_lib/route";
import { canSeeCampaign } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({}, async ({ principal: p, runtime: { agents, now } }) => ({
  serverTime: now(),
  campaigns: agents.campaigns().filter((c) => canSeeCampaign(p, c.campaign)),
}));
