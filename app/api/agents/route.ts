/**
 * GET /api/agents[?campaign=<id>]: the live agent objects (same shape as the Socket.IO
 * deltas) the caller may see, sorted by user, with the server time they were read at (ms,
 * server clock). 403 for a campaign outside the caller's scope.
 */
import { z } from "zod";
import { getRuntime } from "@/lib/runtime";
import { parseRequest } from "@/lib/http/parse-request";
import { jsonError, principalFrom, visible } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

const query = z.object({ campaign: z.string().optional() });

export async function GET(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { query: q, error } = await parseRequest(request, { query });
  if (error) return error();
  const { board, now } = getRuntime();
  const campaign = q.campaign;
  if (campaign !== undefined && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  return Response.json({ serverTime: now(), agents: visible(p, board.list(campaign)) });
}
