/**
 * GET /api/auth/me: who is signed in (`principal`) and the CSRF token to send as
 * `x-csrf-token` with state-changing requests.
 */
import { csrfFrom, jsonError, principalFrom } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

export function GET(request: Request): Response {
  const principal = principalFrom(request.headers);
  if (!principal) return jsonError(401, "sign in required");
  return Response.json({ principal, csrf: csrfFrom(request.headers) }, { headers: { "cache-control": "no-store" } });
}
