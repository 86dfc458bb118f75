/**
 * POST /api/history/refresh: brings the history rollups up to date now (what the periodic
 * job does every minute) and answers what it did. Any signed-in user; CSRF-checked by the gate.
 */
import { jsonError, principalFrom } from "@/lib/auth/request";
import { historyRollupFor } from "@/lib/history/rollup";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p || p.kind !== "user") return jsonError(403, "sign in as a user");
  const result = await historyRollupFor(getRuntime().db).runOnce();
  return Response.json(result);
}
