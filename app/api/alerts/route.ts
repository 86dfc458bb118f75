/**
 * GET /api/alerts: the alerts active now that the caller may see (same objects as the
 * Socket.IO `alert` messages), oldest first.
 */
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { alerts, now } = getRuntime();
  return Response.json({ serverTime: now(), alerts: alerts().filter((a) => a.campaigns.length === 0 || a.campaigns.some((c) => canSeeCampaign(p, c))) });
}
