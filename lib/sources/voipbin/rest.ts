/**
 * VoIPBin's REST API as the link uses it: sign-in and the paged lists that rebuild the picture.
 *
 * - Sign-in `POST <base>/auth/login` `{"username","password"}` → `{username, token}` (a JWT;
 *   bin-api-manager/lib/service/auth.go PostLogin; 400 on bad credentials). The token lasts
 *   7 days (pkg/servicehandler/main.go TokenExpiration); we read its `exp` claim to renew it.
 *   An access key needs no sign-in: it goes as `?accesskey=` (lib/middleware/authenticate.go
 *   getAccesskey reads the cookie or the query; a token is read from the cookie, `?token=`, or
 *   `Authorization: Bearer`). We send tokens in the Authorization header on REST (no secret in
 *   URLs) and as `?token=` on the WebSocket, as the docs show.
 * - Lists `GET <base>/v1.0/{agents|queues|queuecalls}?page_size=N&page_token=T` →
 *   `{result, next_page_token}`; page_size ≤ 100 (server/queuecalls.go clamps to 100). The
 *   next token is the last item's tm_create and is sent even on the last page
 *   (GenerateListResponse), so paging stops on a short or empty page, on a token that does not
 *   move, or at `maxPages`.
 */
import { isObject } from "../link/json-object";
import { fetchWithTimeout, readBody } from "../link/link-base";
import { httpUrl } from "../link/redact";
import { parsePage, type VbResource } from "./wire";

export type VoipbinAuth = { kind: "token"; token: string } | { kind: "accesskey"; key: string };

export interface RestOptions {
  baseUrl: string;
  fetchFn: typeof fetch;
  timeoutMs: number;
  /** Largest response body read, bytes. */
  maxBodyBytes: number;
}

export const PAGE_SIZE = 100;

export class VoipbinHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Signs in; resolves with the token and its expiry (ms since epoch, from the JWT), or throws. */
export async function voipbinSignIn(opts: RestOptions, username: string, password: string): Promise<{ token: string; expiresAt: number | null }> {
  let res: Response;
  try {
    res = await fetchWithTimeout(opts.fetchFn, httpUrl(opts.baseUrl, "auth/login"), { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ username, password }) }, opts.timeoutMs);
  } catch (err) {
    throw new Error(`sign-in failed: ${(err as Error).message}`);
  }
  const text = await readBody(res, 64 * 1024).catch(() => "");
  if (!res.ok) throw new VoipbinHttpError(res.status, `sign-in refused: HTTP ${res.status}`);
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  const token = isObject(body) && typeof body["token"] === "string" && body["token"] !== "" ? body["token"] : null;
  if (!token) throw new Error("sign-in answered without a token");
  return { token, expiresAt: jwtExpiry(token) };
}

/** The `exp` claim of a JWT as ms since the epoch; null when not a JWT or no exp. */
export function jwtExpiry(token: string): number | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    const exp = isObject(claims) ? Number(claims["exp"]) : NaN;
    return Number.isFinite(exp) && exp > 0 ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * Every item of a list, page by page, at most `maxPages` pages. `stopWhen(pageItems)` may end
 * paging early (e.g. once queue calls are older than anything still active).
 */
export async function listAll<R extends VbResource["resource"]>(
  opts: RestOptions,
  auth: VoipbinAuth,
  path: string,
  resource: R,
  maxPages: number,
  stopWhen?: (items: Extract<VbResource, { resource: R }>[]) => boolean,
): Promise<{ items: Extract<VbResource, { resource: R }>[]; dropped: number; pages: number }> {
  const items: Extract<VbResource, { resource: R }>[] = [];
  let dropped = 0;
  let token: string | null = null;
  let pages = 0;
  while (pages < maxPages) {
    const query: Record<string, string> = { page_size: String(PAGE_SIZE) };
    if (token) query["page_token"] = token;
    if (auth.kind === "accesskey") query["accesskey"] = auth.key;
    const url = httpUrl(opts.baseUrl, path, query);
    const headers: Record<string, string> = { accept: "application/json" };
    if (auth.kind === "token") headers["authorization"] = `Bearer ${auth.token}`;
    let res: Response;
    try {
      res = await fetchWithTimeout(opts.fetchFn, url, { headers }, opts.timeoutMs);
    } catch (err) {
      throw new Error(`GET ${path} failed: ${(err as Error).message}`);
    }
    const text = await readBody(res, opts.maxBodyBytes);
    if (!res.ok) throw new VoipbinHttpError(res.status, `GET ${path}: HTTP ${res.status}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`GET ${path}: answer is not JSON`);
    }
    const page = parsePage(body, resource, PAGE_SIZE * 10);
    if (!page) throw new Error(`GET ${path}: answer has no result list`);
    pages++;
    items.push(...page.items);
    dropped += page.dropped;
    if (page.received < PAGE_SIZE || page.nextPageToken === null || page.nextPageToken === token) break;
    if (stopWhen?.(page.items)) break;
    token = page.nextPageToken;
  }
  return { items, dropped, pages };
}
