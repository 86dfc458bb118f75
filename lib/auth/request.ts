/**
 * Reading the principal inside Next.js (route handlers, server components). The custom
 * server's gate (http-gate.ts) has already authenticated the request and put the principal in
 * a request header that clients cannot set.
 */
import { canSeeCampaign, CSRF_HEADER, PRINCIPAL_HEADER, type Principal } from "./principal";

export function principalFrom(headers: Headers): Principal | null {
  const raw = headers.get(PRINCIPAL_HEADER);
  if (!raw) return null;
  try {
    return JSON.parse(decodeURIComponent(raw)) as Principal;
  } catch {
    return null;
  }
}

export function csrfFrom(headers: Headers): string | null {
  return headers.get(CSRF_HEADER);
}

/** A JSON error response with a one-line reason. */
export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

/** Keeps only the items whose campaign the principal may see. */
export function visible<T extends { campaign: string }>(p: Principal, items: readonly T[]): T[] {
  return items.filter((i) => canSeeCampaign(p, i.campaign));
}
