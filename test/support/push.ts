/**
 * Sends Agent Events Push requests exactly as VICIdial's get2post.php relays them: a POST with
 * an application/x-www-form-urlencoded body, `+` for spaces, one new connection per request.
 */
import { request } from "node:http";
import { formBody, type PushFields } from "../../support/agent-push";
import { sessionFor } from "./session";

export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * Raw HTTP request; `agent: false` opens a new connection like get2post does. Signed in as the
 * test server's admin unless `anonymous` (the push endpoints ignore the cookie anyway).
 */
export function httpRequest(url: string, options: { method?: string; body?: string | Buffer; headers?: Record<string, string>; anonymous?: boolean } = {}): Promise<HttpAnswer> {
  const session = options.anonymous ? undefined : sessionFor(url);
  const auth: Record<string, string> = session ? { cookie: session.cookie, "x-csrf-token": session.csrf } : {};
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? "GET", agent: false, headers: { "user-agent": "VICIdial get2post", ...auth, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/**
 * A request to a JSON API (e.g. `/api/admin/...`) as the test server's admin: `body`, when
 * given, goes as JSON with its content type; without one, no body and no content type.
 */
export function jsonRequest(url: string, method = "GET", body?: unknown): Promise<HttpAnswer> {
  return httpRequest(url, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { "content-type": "application/json" } });
}

/** An answer's body parsed as JSON, typed as the caller expects. */
export function jsonOf<T>(a: HttpAnswer): T {
  return JSON.parse(a.body) as T;
}

/** POSTs one event in VICIdial's wire format to /api/push/vicidial. */
export function pushEvent(baseUrl: string, fields: PushFields): Promise<HttpAnswer> {
  return httpRequest(`${baseUrl}/api/push/vicidial`, {
    method: "POST",
    body: formBody(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
}
