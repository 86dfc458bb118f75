/**
 * The Agent Push URLs an admin pastes into VICIdial's System Settings (README "Connect
 * VICIdial"), in the two forms that survive what VICIdial does to the URL.
 *
 * What happens to the URL, read from VICIdial 2.14's code:
 * - admin.php deletes `\ ; ' CR LF` when the setting is saved (field maxlength 1000);
 * - agc/vicidial.php `agent_events()` substitutes the --A--name--B-- placeholders without
 *   URL-encoding them, turns whitespace into `+`, deletes `` ` : ; # " { } ^ $ `` from the
 *   whole URL — the `:` of `http://` included, so `http://host/...` becomes `http//host/...`,
 *   which the browser resolves relative to /agc/ and which 404s (issue 10 item 1) — then POSTs
 *   the part after the first `?` to the part before it, on the agent screen's own origin;
 * - extras/get2post.php re-joins the POST fields as it decoded them, removes `' " \`, prepends
 *   http:// (HTTPSURLTOPOST= for https://) to what follows HTTPURLTOPOST=, and keeps only the
 *   text between the first and the second `?` as the body it POSTs on.
 *
 * Hence the two forms: `relay` through get2post.php (host without a port: its `:` would be
 * deleted), and `path`, path-only, for a wallboard reverse-proxied under the VICIdial web
 * server's own origin. `message` is always last: a `?` or `&` in a message then cuts only the
 * message, never the fields that order the event (issue 10 item 2).
 */
const FIELDS = ["user", "event", "lead_id", "epoch", "agent_log_id", "counter", "message"] as const;

/** VICIdial's Agent Push URL field holds at most this many characters (admin.php maxlength). */
export const MAX_PUSH_URL_LENGTH = 1000;

/** The query string with VICIdial's --A--name--B-- placeholders and the token; message last. */
export function pushQuery(token: string): string {
  return [`token=${token}`, ...FIELDS.map((f) => `${f}=--A--${f}--B--`)].join("&");
}

export interface PushUrls {
  /** Through agc/get2post.php (the wallboard on another host). */
  relay: string;
  /** Path only, for a reverse proxy of the wallboard under the VICIdial web server's origin. */
  path: string;
  /** Set when a form cannot work as printed (a port in PUBLIC_URL, a URL over VICIdial's length limit). */
  warning: string | null;
}

/** Builds both forms for a wallboard reachable at `publicUrl` (e.g. https://wallboard.example). */
export function pushUrls(publicUrl: string, token: string, pushPath = "/api/push/vicidial"): PushUrls {
  const url = new URL(publicUrl);
  const base = `${url.pathname.replace(/\/$/, "")}${pushPath}`;
  const param = url.protocol === "https:" ? "HTTPSURLTOPOST" : "HTTPURLTOPOST";
  const relay = `get2post.php?uniqueid=--A--epoch--B--.--A--agent_log_id--B--&type=event&${param}=${url.hostname}${base}?${pushQuery(token)}`;
  const path = `${pushPath}?${pushQuery(token)}`;
  const warnings: string[] = [];
  if (url.port) {
    warnings.push(
      `VICIdial deletes ':' from push URLs, so port ${url.port} cannot be written in the get2post.php form: serve the wallboard on port ${url.protocol === "https:" ? 443 : 80} as seen from the VICIdial web server (a reverse proxy) and set PUBLIC_URL accordingly`,
    );
  }
  if (relay.length > MAX_PUSH_URL_LENGTH) warnings.push(`the get2post.php form is ${relay.length} characters, over VICIdial's ${MAX_PUSH_URL_LENGTH}: use a shorter PUBLIC_URL or push token`);
  return { relay, path, warning: warnings.length ? warnings.join("; ") : null };
}
