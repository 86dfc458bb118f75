/**
 * GET /api/agents[?campaign=<id>]: the live agent objects (same shape as the Socket.IO
 * deltas), sorted by user, with the server time they were read at (ms, server clock).
 */
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const { board, now } = getRuntime();
  const campaign = new URL(request.url).searchParams.get("campaign") ?? undefined;
  return Response.json({ serverTime: now(), agents: board.list(campaign) });
}
