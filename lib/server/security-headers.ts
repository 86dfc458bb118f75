/**
 * Security headers on every page and API answer (issue 11 item 14). The Content Security
 * Policy allows only this origin's scripts, styles, images and sockets; inline scripts and
 * styles stay allowed because Next.js streams its page data in inline scripts (a nonce would
 * force every page to render dynamically). Framing is refused (clickjacking); HSTS is sent
 * when the wallboard is served over https.
 */
import type { ServerResponse } from "node:http";

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "media-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Sets the headers on `res` (before it is written). `https`: the public URL is https. */
export function setSecurityHeaders(res: ServerResponse, https: boolean): void {
  res.setHeader("content-security-policy", CSP);
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
  res.setHeader("referrer-policy", "same-origin");
  if (https) res.setHeader("strict-transport-security", "max-age=31536000");
}
