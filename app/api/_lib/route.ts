/**
 * The frames of the route handlers under app/api. Each checks who calls (the HTTP gate has
 * already refused others; this is the second lock), then reads the input with parseRequest
 * (400 with the reason), then runs the handler with the parsed parts. What the handler
 * returns is sent as JSON (a Response as is); an AdminError becomes `{ error }` with its
 * status.
 *
 *     export const GET = signedInRoute({ query }, async ({ principal, runtime, query }) => { ... });
 *     export const PUT = adminRoute({ body }, async ({ actor, runtime, body }) => { ... });
 */
import type { z } from "zod";
import { isAdmin, type Principal } from "@/lib/auth/principal";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { parseRequest, type RequestSchemas, type RouteContext } from "@/lib/http/parse-request";
import { getRuntime, type WallboardRuntime } from "@/lib/runtime";
import { AdminError } from "@/lib/server/admin-actions";

type Part<S extends RequestSchemas, K extends keyof RequestSchemas> = S[K] extends z.ZodType ? z.output<S[K]> : undefined;

/** What every handler gets: the parsed parts, the runtime and the request itself. */
export interface RouteInput<S extends RequestSchemas> {
  runtime: WallboardRuntime;
  params: Part<S, "params">;
  query: Part<S, "query">;
  body: Part<S, "body">;
  request: Request;
}

type Handler = (request: Request, context: RouteContext) => Promise<Response>;

/** Any signed-in caller (a user or a wall display); 401 `sign in required` otherwise. */
export function signedInRoute<S extends RequestSchemas>(schemas: S, handle: (input: RouteInput<S> & { principal: Principal }) => Promise<unknown>): Handler {
  return frame(schemas, (p) => (p ? { principal: p } : jsonError(401, "sign in required")), handle);
}

/** A signed-in admin user, `actor` being their user name (for the audit log); 403 `admin role required` otherwise. */
export function adminRoute<S extends RequestSchemas>(schemas: S, handle: (input: RouteInput<S> & { actor: string }) => Promise<unknown>): Handler {
  return frame(schemas, (p) => (p && isAdmin(p) && p.kind === "user" ? { actor: p.username } : jsonError(403, "admin role required")), handle);
}

function frame<S extends RequestSchemas, W extends object>(schemas: S, who: (p: Principal | null) => W | Response, handle: (input: RouteInput<S> & W) => Promise<unknown>): Handler {
  return async (request, context) => {
    const caller = who(principalFrom(request.headers));
    if (caller instanceof Response) return caller;
    const parsed = await parseRequest(request, schemas, context);
    if (parsed.error) return parsed.error();
    try {
      const out = await handle({ ...caller, runtime: getRuntime(), params: parsed.params, query: parsed.query, body: parsed.body, request });
      return out instanceof Response ? out : Response.json(out);
    } catch (err) {
      if (AdminError.is(err)) return jsonError(err.status, err.message);
      throw err;
    }
  };
}
