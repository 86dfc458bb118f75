/**
 * The frame of every admin route handler: the caller must be a signed-in admin user (the HTTP
 * gate already refuses others; this is the second lock: 403 `admin role required`), then the
 * input is checked by parseRequest (400 with the reason), then the handler runs with the
 * parsed parts, the acting admin's user name (for the audit log) and the runtime. What it
 * returns is sent as JSON (a Response as is); an AdminError becomes `{ error }` with its
 * status.
 *
 *     export const PUT = adminRoute({ body: queueBody }, async ({ actor, runtime, body }) => { ... });
 */
import { isAdmin } from "@/lib/auth/principal";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { parseRequest, type RequestSchemas, type RouteContext } from "@/lib/http/parse-request";
import { getRuntime, type WallboardRuntime } from "@/lib/runtime";
import { AdminError } from "@/lib/server/admin-actions";
import type { z } from "zod";

type Part<S extends RequestSchemas, K extends keyof RequestSchemas> = S[K] extends z.ZodType ? z.output<S[K]> : undefined;

/** What an admin handler gets. */
export interface AdminInput<S extends RequestSchemas> {
  /** The admin's user name. */
  actor: string;
  runtime: WallboardRuntime;
  params: Part<S, "params">;
  query: Part<S, "query">;
  body: Part<S, "body">;
  request: Request;
}

export function adminRoute<S extends RequestSchemas>(schemas: S, handle: (input: AdminInput<S>) => Promise<unknown>): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    const p = principalFrom(request.headers);
    if (!p || !isAdmin(p) || p.kind !== "user") return jsonError(403, "admin role required");
    const parsed = await parseRequest(request, schemas, context);
    if (parsed.error) return parsed.error();
    try {
      const out = await handle({ actor: p.username, runtime: getRuntime(), params: parsed.params, query: parsed.query, body: parsed.body, request });
      return out instanceof Response ? out : Response.json(out);
    } catch (err) {
      if (AdminError.is(err)) return jsonError(err.status, err.message);
      throw err;
    }
  };
}
