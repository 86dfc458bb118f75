/**
 * parseRequest(request, schemas, context?): the one way a route handler under app/api reads
 * its input, after Umami's helper of the same name. Each part the handler takes — `params`
 * (the dynamic route segments), `query` (the URL's search parameters) and `body` — is
 * checked with its zod schema; the first part that fails answers 400 `{ error }` with a
 * one-line reason naming the field (lib/validation.ts). Parts without a schema are not read.
 *
 *     const { body, error } = await parseRequest(request, { body: z.object({ ... }) });
 *     if (error) return error();
 *
 * Input shapes handed to the schemas:
 * - `params`: Next's route params, each segment percent-decoded once more when Next left it
 *   encoded (see {@link routeSegment});
 * - `query`: an object of the search parameters, the first value of a repeated name;
 * - `body`: `{}` for an empty body (and for GET, HEAD and DELETE); a form post
 *   (`application/x-www-form-urlencoded`) as an object of its fields; `text/csv` as its text;
 *   anything else parsed as JSON — a body declared JSON that is not answers 400, another
 *   type (none, `text/plain` as fetch sends a string) that is not JSON is handed over as text.
 */
import { z } from "zod";
import { jsonError } from "../auth/request";
import { parseInput } from "../validation";

/** The schemas of the parts a handler takes. */
export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
}

/** The second argument Next.js passes to a route handler. */
export interface RouteContext {
  params: Promise<Record<string, string | string[]>>;
}

type Part<S extends RequestSchemas, K extends keyof RequestSchemas> = S[K] extends z.ZodType ? z.output<S[K]> : undefined;

/** The parsed parts, or `error()`: the 400 to answer, with its one-line `reason`. */
export type ParsedRequest<S extends RequestSchemas> =
  | { error: undefined; params: Part<S, "params">; query: Part<S, "query">; body: Part<S, "body"> }
  | { error: () => Response; reason: string; params?: undefined; query?: undefined; body?: undefined };

/** A body that could not be read as its content type says. */
const NOT_JSON = "the body is not valid JSON";

export async function parseRequest<S extends RequestSchemas>(request: Request, schemas: S, context?: RouteContext): Promise<ParsedRequest<S>> {
  const refuse = (reason: string): ParsedRequest<S> => ({ error: () => jsonError(400, reason), reason });
  const out: Record<"params" | "query" | "body", unknown> = { params: undefined, query: undefined, body: undefined };
  if (schemas.params) {
    const checked = parseInput(schemas.params, (await context?.params) ?? {});
    if (!checked.ok) return refuse(checked.reason);
    out.params = checked.value;
  }
  if (schemas.query) {
    const checked = parseInput(schemas.query, searchObject(new URL(request.url).searchParams));
    if (!checked.ok) return refuse(checked.reason);
    out.query = checked.value;
  }
  if (schemas.body) {
    const raw = await readBody(request);
    if (raw === NOT_READABLE) return refuse(NOT_JSON);
    const checked = parseInput(schemas.body, raw);
    if (!checked.ok) return refuse(checked.reason);
    out.body = checked.value;
  }
  return { error: undefined, ...out } as ParsedRequest<S>;
}

/** Search parameters as an object; the first value of a repeated name, as URLSearchParams.get. */
function searchObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (!Object.hasOwn(out, k)) out[k] = v;
  return out;
}

const NOT_READABLE = Symbol("not readable");

async function readBody(request: Request): Promise<unknown> {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "DELETE") return {};
  const text = await request.text();
  if (text.trim() === "") return {};
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.startsWith("text/csv")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Declared JSON must be JSON; another type (text/plain, as fetch sends a string) may be text.
    return type.includes("json") ? NOT_READABLE : text;
  }
}

/**
 * A dynamic route segment: Next may hand it over still percent-encoded, so it is decoded once
 * more (left as it is when that fails). For `z.preprocess(decodeSegment, schema)`.
 */
export function decodeSegment(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A dynamic route segment as text ({@link decodeSegment}). */
export const routeSegment = z.string().transform((v) => decodeSegment(v) as string);
