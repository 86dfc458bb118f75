/**
 * The one place every HTTP request is authorised, in the custom server before Next.js:
 * - public paths pass (sign-in, static assets, the VICIdial endpoints with their own token,
 *   /healthz, wall-token URLs);
 * - without a session, pages redirect to /login and APIs answer 401;
 * - /admin and /api/admin need the admin role (403 otherwise); /history and /api/history a
 *   signed-in user (not a wall display);
 * - state-changing requests need the session's CSRF token in the `x-csrf-token` header and,
 *   when the browser sends one, an Origin of this host: 403 otherwise (the session cookie is
 *   also SameSite=Lax and HttpOnly);
 * - the principal, the CSRF token and the client address (resolved with TRUSTED_PROXIES) go
 *   to Next.js in the PRINCIPAL_HEADER, CSRF_HEADER and CLIENT_ADDRESS_HEADER request headers
 *   (any values a client sent in them are dropped first);
 * - an Origin that is not this host — `null` or unparsable included — is refused with 403.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator, Authenticated } from "./authenticator";
import { CLIENT_ADDRESS_HEADER, CSRF_HEADER, isAdmin, PRINCIPAL_HEADER } from "./principal";

const PUBLIC_PREFIXES = ["/_next/", "/login", "/api/auth/login", "/d/", "/healthz", "/vicidial/agent-events.js", "/favicon"];
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type GateResult = { pass: true; auth: Authenticated | null } | { pass: false };

export async function gate(req: IncomingMessage, res: ServerResponse, auth: Authenticator, clientAddress: (req: IncomingMessage) => string): Promise<GateResult> {
  delete req.headers[PRINCIPAL_HEADER];
  delete req.headers[CSRF_HEADER];
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req);
  const url = new URL(req.url ?? "/", "http://localhost");
  const path = url.pathname;
  const isApi = path.startsWith("/api/");
  const isPublic = PUBLIC_PREFIXES.some((p) => path === p.replace(/\/$/, "") || path.startsWith(p));
  let found: Authenticated | null;
  try {
    found = await auth.fromCookieHeader(req.headers.cookie);
  } catch {
    // PostgreSQL unreachable and nothing cached: public paths (health, sign-in) still answer.
    if (!isPublic) return deny(res, 503, "database unavailable, try again shortly", isApi);
    found = null;
  }
  if (found) {
    req.headers[PRINCIPAL_HEADER] = encodeURIComponent(JSON.stringify(found.principal));
    req.headers[CSRF_HEADER] = found.session.csrf;
  }

  if (isPublic) return { pass: true, auth: found };

  if (!found) {
    if (isApi) return deny(res, 401, "sign in required");
    res.writeHead(302, { location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` }).end();
    return { pass: false };
  }
  const p = found.principal;
  if ((path.startsWith("/admin") || path.startsWith("/api/admin/")) && !isAdmin(p)) return deny(res, 403, "admin role required", isApi);
  if ((path.startsWith("/history") || path.startsWith("/api/history/") || path.startsWith("/account")) && p.kind !== "user") return deny(res, 403, "sign in as a user", isApi);

  if (!SAFE_METHODS.has(req.method ?? "GET")) {
    const origin = req.headers.origin;
    if (origin !== undefined && !sameHost(origin, req.headers.host)) return deny(res, 403, "cross-site request refused", isApi);
    if (req.headers["x-csrf-token"] !== found.session.csrf) return deny(res, 403, "CSRF token missing or wrong", isApi);
  }
  return { pass: true, auth: found };
}

/** True when `origin` (a browser's Origin header) names this host; "null" and garbage do not. */
export function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function deny(res: ServerResponse, status: number, reason: string, json = true): GateResult {
  if (json) res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ error: reason }));
  else res.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(`${reason}\n`);
  return { pass: false };
}
