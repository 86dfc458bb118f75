/**
 * URLs for status pages and logs: credentials, tokens and access keys removed.
 */

const SECRET_PARAMS = ["token", "accesskey", "access_key", "password", "session"];

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    for (const p of SECRET_PARAMS) if (u.searchParams.has(p)) u.searchParams.set(p, "redacted");
    return u.toString();
  } catch {
    return url.replace(/([?&](?:token|accesskey|access_key|password)=)[^&]*/gi, "$1redacted");
  }
}

/** http(s) base → ws(s) URL with `path` and `query`. */
export function wsUrl(base: string, path: string, query: Record<string, string>): string {
  const u = new URL(path, base.endsWith("/") ? base : `${base}/`);
  u.protocol = u.protocol === "https:" || u.protocol === "wss:" ? "wss:" : "ws:";
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}

/** `path` under the http(s) base URL. */
export function httpUrl(base: string, path: string, query: Record<string, string> = {}): string {
  const u = new URL(path, base.endsWith("/") ? base : `${base}/`);
  if (u.protocol === "ws:") u.protocol = "http:";
  if (u.protocol === "wss:") u.protocol = "https:";
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}
