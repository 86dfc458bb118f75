/**
 * GET /api/alerts: the alerts active now that the caller may see (same objects as the
 * Socket.IO `alert` messages), oldest first.
 */
import { signedInRoute } from "@/app/api/_lib/route";
import { canSeeCampaign } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({}, async ({ principal: p, runtime: { alerts, now } }) => ({
  serverTime: now(),
  alerts: alerts().filter((a) => a.campaigns.length === 0 || a.campaigns.some((c) => canSeeCampaign(p, c))),
}));
