/**
 * POST /api/auth/logout: ends the session on the server (its cookie is refused from now on,
 * even if a copy of it is replayed) and clears the cookie. Needs the CSRF header like every
 * state-changing request.
 */
import { clearedSessionCookie } from "@/lib/auth/session";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const secure = new URL(request.url).protocol === "https:";
  const { auth } = getRuntime();
  const current = await auth.fromCookieHeader(request.headers.get("cookie") ?? undefined);
  if (current) await auth.signOut(current.session);
  return Response.json({ ok: true }, { headers: { "set-cookie": clearedSessionCookie(secure) } });
}
