/**
 * GET /api/campaigns: every campaign on the live board with its header counters.
 */
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export function GET(): Response {
  const { board, now } = getRuntime();
  return Response.json({ serverTime: now(), campaigns: board.campaigns() });
}
