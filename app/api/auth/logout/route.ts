/**
 * POST /api/auth/logout: clears the session cookie. Needs the CSRF header like every
 * state-changing request.
 */
import { clearedSessionCookie } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export function POST(request: Request): Response {
  const secure = new URL(request.url).protocol === "https:";
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie(secure) } });
}
