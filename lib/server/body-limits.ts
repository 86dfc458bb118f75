/**
 * Request body bounds for everything the custom server hands to Next.js (issue 11 item 6).
 * Next's route handlers read a whole body into memory before any check of theirs runs, so
 * the bound is enforced here, from the Content-Length header, before Next sees the request:
 * an oversized body is answered 413 without being read, and a body without a length
 * (chunked) is refused with 411 — every browser sends a length for the forms and JSON bodies
 * the wallboard uses. The push endpoint has its own bound (PUSH_MAX_BODY_BYTES) and reads
 * its body itself.
 */
import type { IncomingMessage } from "node:http";

/** Bytes any body to a page or API may hold unless a route below allows more. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Routes that take larger bodies, by path prefix. */
export const ROUTE_BODY_LIMITS: readonly { prefix: string; bytes: number }[] = [
  // The roster CSV import (5 MiB of CSV, as JSON or a form: room for the encoding).
  { prefix: "/api/admin/roster/import", bytes: 6 * 1024 * 1024 },
];

/** The largest body `path` may receive, bytes. */
export function bodyLimitFor(path: string): number {
  return ROUTE_BODY_LIMITS.find((r) => path.startsWith(r.prefix))?.bytes ?? DEFAULT_BODY_LIMIT;
}

/** Null when the request's body may reach Next; else the status and one-line reason to answer. */
export function bodyRefusal(req: IncomingMessage, path: string): { status: 411 | 413; reason: string } | null {
  const limit = bodyLimitFor(path);
  const length = req.headers["content-length"];
  if (length === undefined) {
    return req.headers["transfer-encoding"] ? { status: 411, reason: "a body needs a Content-Length" } : null;
  }
  const bytes = Number(length);
  if (!Number.isFinite(bytes) || bytes < 0) return { status: 411, reason: "bad Content-Length" };
  return bytes > limit ? { status: 413, reason: `body larger than ${limit} bytes` } : null;
}
