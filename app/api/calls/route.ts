/**
 * GET /api/calls[?queue=<id>]: the calls in progress (same objects as the Socket.IO `call`
 * deltas), oldest first, with the server time (ms).
 */
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const { activeCalls, now } = getRuntime();
  const queue = new URL(request.url).searchParams.get("queue");
  const calls = activeCalls().filter((c) => queue === null || c.queue === queue);
  return Response.json({ serverTime: now(), calls });
}
