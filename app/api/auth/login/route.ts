/**
 * POST /api/auth/login with `{ username, password }` (JSON or form): sets the session cookie
 * (HttpOnly, SameSite=Lax, Secure on https) and answers `{ ok, role }`; 401 for wrong
 * credentials, 429 after too many attempts from one address. Form posts are redirected to
 * `next` (same-site paths only) on success and back to /login?error=1 on failure.
 */
import { RateLimiterMemory } from "rate-limiter-flexible";
import { getRuntime } from "@/lib/runtime";
import { jsonError } from "@/lib/auth/request";

export const dynamic = "force-dynamic";

// Ten tries per address per five minutes: enough for typos, too few for guessing.
const attempts = new RateLimiterMemory({ points: 10, duration: 300 });

export async function POST(request: Request): Promise<Response> {
  const isForm = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const body = isForm ? Object.fromEntries(new URLSearchParams(await request.text())) : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
  const username = typeof body["username"] === "string" ? body["username"].trim() : "";
  const password = typeof body["password"] === "string" ? body["password"] : "";
  const next = typeof body["next"] === "string" && body["next"].startsWith("/") && !body["next"].startsWith("//") ? body["next"] : "/";
  const address = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "local";
  try {
    await attempts.consume(address);
  } catch {
    return jsonError(429, "too many sign-in attempts, wait a few minutes");
  }
  if (!username || !password) return isForm ? redirect("/login?error=1") : jsonError(400, "username and password required");
  const result = await getRuntime().auth.login(username, password);
  if (!result) return isForm ? redirect(`/login?error=1&next=${encodeURIComponent(next)}`) : jsonError(401, "wrong user name or password");
  await attempts.delete(address);
  const role = result.principal.kind === "user" ? result.principal.role : null;
  if (isForm) return redirect(next, result.cookie);
  return Response.json({ ok: true, role }, { headers: { "set-cookie": result.cookie } });
}

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location });
  if (cookie) headers.set("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
