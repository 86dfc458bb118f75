/**
 * GET /api/campaigns: every campaign on the live board the caller may see, with its header
 * counters.
 */
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { board, now } = getRuntime();
  return Response.json({ serverTime: now(), campaigns: board.campaigns().filter((c) => canSeeCampaign(p, c.campaign)) });
}
