/**
 * POST /api/auth/login with `{ username, password }` (JSON or form): sets the session cookie
 * (HttpOnly, SameSite=Lax, Secure on https) and answers `{ ok, role }`; 401 for wrong
 * credentials, 429 after too many attempts. Form posts are redirected to `next` (same-site
 * paths only, lib/auth/safe-redirect.ts) on success and back to /login?error=1 on failure.
 *
 * Throttling (issue 11 item 7), checked before the body is read and before any scrypt:
 * - per client address (resolved by the custom server from the socket, or from
 *   X-Forwarded-For only when the peer is in TRUSTED_PROXIES): 10 attempts per 5 minutes;
 *   one attacker therefore cannot make more than 10 guesses, nor lock out anyone else;
 * - per user name, failures only, from any address: 30 per 15 minutes — a distributed
 *   guesser is slowed down; the real user's own address keeps its 10 tries meanwhile only if
 *   the name is not locked, which takes at least three attacking addresses.
 */
import { RateLimiterMemory } from "rate-limiter-flexible";
import { z } from "zod";
import { getRuntime } from "@/lib/runtime";
import { jsonError } from "@/lib/auth/request";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/principal";
import { sameSitePath } from "@/lib/auth/safe-redirect";
import { parseRequest } from "@/lib/http/parse-request";

export const dynamic = "force-dynamic";

const perAddress = new RateLimiterMemory({ keyPrefix: "login-address", points: 10, duration: 300 });
const perUserFailures = new RateLimiterMemory({ keyPrefix: "login-user", points: 30, duration: 900 });

/** `{ username, password, next? }` (JSON or a form); text beyond 100 / 1024 characters is cut. */
const credentials = z
  .object({
    username: z.string().catch("").transform((v) => v.trim().slice(0, 100)),
    password: z.string().catch("").transform((v) => v.slice(0, 1024)),
    /** Where a form post goes after sign-in: a same-site path, else `/`. */
    next: z.unknown().optional().transform((v) => sameSitePath(v)),
  })
  .refine((c) => c.username !== "" && c.password !== "", "username and password required");

export async function POST(request: Request): Promise<Response> {
  const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
  try {
    await perAddress.consume(address);
  } catch {
    return jsonError(429, "too many sign-in attempts from this address, wait a few minutes");
  }
  const isForm = (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
  const { body, error } = await parseRequest(request, { body: credentials });
  if (error) return isForm ? redirect("/login?error=1") : error();
  const { username, password, next } = body;
  const userKey = username.toLowerCase();
  if ((await perUserFailures.get(userKey))?.remainingPoints === 0) return jsonError(429, "too many failed sign-ins for this user, wait a few minutes");
  const result = await getRuntime().auth.login(username, password);
  if (!result) {
    await perUserFailures.consume(userKey).catch(() => {});
    return isForm ? redirect(`/login?error=1&next=${encodeURIComponent(next)}`) : jsonError(401, "wrong user name or password");
  }
  await perAddress.delete(address);
  await perUserFailures.delete(userKey);
  const role = result.principal.kind === "user" ? result.principal.role : null;
  if (isForm) return redirect(next, result.cookie);
  return Response.json({ ok: true, role }, { headers: { "set-cookie": result.cookie } });
}

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location });
  if (cookie) headers.set("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
