/**
 * Shared frame of the admin route handlers: the caller must be an admin (the HTTP gate
 * already refuses others; this is the second lock), errors become `{ error }` with a status.
 */
import { principalFrom, jsonError } from "../auth/request";
import { isAdmin } from "../auth/principal";
import { getRuntime, type WallboardRuntime } from "../runtime";
import { AdminError } from "./admin-actions";

export async function adminRoute(request: Request, handle: (ctx: { actor: string; runtime: WallboardRuntime; body: Record<string, unknown> }) => Promise<Response | unknown>): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p || !isAdmin(p) || p.kind !== "user") return jsonError(403, "admin role required");
  const body = request.method === "GET" || request.method === "DELETE" ? {} : ((await request.json().catch(() => ({}))) as Record<string, unknown>);
  try {
    const out = await handle({ actor: p.username, runtime: getRuntime(), body });
    return out instanceof Response ? out : Response.json(out);
  } catch (err) {
    if (AdminError.is(err)) return jsonError(err.status, err.message);
    throw err;
  }
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const strList = (v: unknown): string[] | undefined => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()) : undefined);
