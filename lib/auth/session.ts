/**
 * Session cookies sealed with iron-session (encrypted and signed; a well-kept library).
 * The cookie carries only ids: the user or wall token is looked up on use, so disabling a
 * user, changing a password or revoking a token takes effect on the next request or
 * connection.
 */
import { randomBytes } from "node:crypto";
import { parse as parseCookies } from "cookie";
import { sealData, unsealData } from "iron-session";

export const SESSION_COOKIE = "wb_session";
/** Session lifetime, seconds. */
export const SESSION_TTL_SEC = 12 * 3600;
/** Wall display sessions last a year: the URL with the token can always renew it. */
export const DISPLAY_TTL_SEC = 365 * 24 * 3600;

/**
 * What a sealed cookie holds. `sid` (random) names the session so that signing out can end it
 * on the server (cookies sealed before it existed have none and end only by expiry).
 */
export type SessionData =
  | { kind: "user"; userId: number; issuedAt: number; csrf: string; sid?: string }
  | { kind: "display"; tokenId: number; issuedAt: number; csrf: string; sid?: string };

export function newCsrfToken(): string {
  return randomBytes(18).toString("base64url");
}

export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/** When a session ends by itself, ms since epoch. */
export function sessionExpiry(data: SessionData): number {
  return data.issuedAt + (data.kind === "user" ? SESSION_TTL_SEC : DISPLAY_TTL_SEC) * 1000;
}

export function sealSession(data: SessionData, secret: string): Promise<string> {
  return sealData(data, { password: secret, ttl: data.kind === "user" ? SESSION_TTL_SEC : DISPLAY_TTL_SEC });
}

/** The session in a cookie value, or null when it is missing, forged or expired. */
export async function unsealSession(value: string | undefined, secret: string): Promise<SessionData | null> {
  if (!value) return null;
  try {
    const data = await unsealData<SessionData>(value, { password: secret, ttl: DISPLAY_TTL_SEC });
    if (data && (data.kind === "user" || data.kind === "display")) {
      const ttl = data.kind === "user" ? SESSION_TTL_SEC : DISPLAY_TTL_SEC;
      if (Date.now() - data.issuedAt > ttl * 1000) return null;
      return data;
    }
    return null;
  } catch {
    return null;
  }
}

/** The Set-Cookie header value. `secure` when the wallboard is served over https. */
export function sessionCookie(value: string, maxAgeSec: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${maxAgeSec}`, ...(secure ? ["Secure"] : [])].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", 0, secure);
}

/** Reads one cookie from a Cookie header (parsed by the `cookie` package). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  return header ? parseCookies(header)[name] : undefined;
}
