/**
 * The Agent Push URLs an admin pastes into VICIdial's System Settings (README "Connect
 * VICIdial"). Two forms, per VICIdial's AGENT_EVENTS_PUSH.txt:
 * - direct: the wallboard's own URL, for a wallboard served from the VICIdial web server's
 *   origin (reverse proxy) or for other senders;
 * - relay: through extras/get2post.php copied into agc/, which POSTs to another host.
 *   get2post prepends http:// (HTTPSURLTOPOST= for https://) to what follows the parameter.
 *
 * VICIdial deletes ` : ; # " { } ^ $ from the whole URL before sending, so a port written as
 * `host:3000` would arrive as `host3000`: the relay target must be on the default port.
 */
const FIELDS = ["user", "event", "message", "lead_id", "epoch", "agent_log_id", "counter"] as const;

/** The query string with VICIdial's --A--name--B-- placeholders and the token. */
export function pushQuery(token: string): string {
  return [`token=${token}`, ...FIELDS.map((f) => `${f}=--A--${f}--B--`)].join("&");
}

export interface PushUrls {
  direct: string;
  relay: string;
  /** Set when the public URL cannot survive VICIdial's character deletion. */
  warning: string | null;
}

/** Builds both forms for a wallboard reachable at `publicUrl` (e.g. http://wallboard.example). */
export function pushUrls(publicUrl: string, token: string, path = "/api/push/vicidial"): PushUrls {
  const url = new URL(publicUrl);
  const base = `${url.host}${url.pathname.replace(/\/$/, "")}${path}`;
  const param = url.protocol === "https:" ? "HTTPSURLTOPOST" : "HTTPURLTOPOST";
  return {
    direct: `${url.origin}${url.pathname.replace(/\/$/, "")}${path}?${pushQuery(token)}`,
    relay: `get2post.php?uniqueid=--A--epoch--B--.--A--agent_log_id--B--&type=event&${param}=${base}?${pushQuery(token)}`,
    warning: url.port
      ? `VICIdial deletes ':' from push URLs, so port ${url.port} cannot be reached through them: serve the wallboard on port ${url.protocol === "https:" ? 443 : 80} (e.g. behind a reverse proxy) and set PUBLIC_URL accordingly`
      : null,
  };
}
