/**
 * GET /api/auth/me: who is signed in (`principal`) and the CSRF token to send as
 * `x-csrf-token` with state-changing requests.
 */
import { signedInRoute } from "@/app/api/_lib/route";
import { csrfFrom } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

export const GET = signedInRoute({}, async ({ principal, request }) =>
  Response.json({ principal, csrf: csrfFrom(request.headers) }, { headers: { "cache-control": "no-store" } }),
);
