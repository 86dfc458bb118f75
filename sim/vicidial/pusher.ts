/**
 * Sends simulated agent events to the wallboard the way a VICIdial agent screen does through
 * extras/get2post.php (DOMAIN.md §1): a form-encoded POST per event, one new connection each,
 * User-Agent `VICIdial get2post`, no retry.
 */
import http from "node:http";
import https from "node:https";
import type { SimEvent } from "./call-centre";

/** Characters VICIdial's agent screen deletes from the whole Agent Push URL before sending. */
export const VICIDIAL_DELETED_CHARACTERS = "`:;#\"{}^$";

/** The ingest path of the wallboard server. */
export const PUSH_PATH = "/api/push/vicidial";

const DELETED = /[`:;#"{}^$]/g;
const WHITESPACE = /[ \t\r\n]/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const utf8 = new TextEncoder();

/** A field value as substituted into the URL; null/undefined become an empty value. */
export type PushFieldValue = string | number | null | undefined;

export interface EncodeOptions {
  /**
   * true: do exactly what the agent screen does and nothing more — after deleting characters
   * and turning whitespace into `+`, values go out raw, so a `&`, `=`, `%` or `+` in a message
   * corrupts the fields just as in production (use it to test the receiver's tolerance).
   * false (default): additionally percent-encode everything but letters, digits and `-._~`, so
   * every value round-trips, minus the deleted characters and with whitespace as spaces.
   */
  verbatim?: boolean;
}

function percentEncode(text: string): string {
  let out = "";
  for (const ch of text) {
    if (WHITESPACE.test(ch)) out += "+";
    else if (UNRESERVED.test(ch)) out += ch;
    else for (const byte of utf8.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * Builds the `application/x-www-form-urlencoded` body VICIdial would send for these fields, in
 * their insertion order: the characters in {@link VICIDIAL_DELETED_CHARACTERS} are deleted
 * everywhere, spaces, tabs and newlines become `+` (a space on the wire), and (unless
 * `verbatim`) every other character outside `[A-Za-z0-9-._~]` is percent-encoded as UTF-8.
 */
export function encodeVicidialPush(fields: Readonly<Record<string, PushFieldValue>>, opts: EncodeOptions = {}): string {
  const pairs = Object.entries(fields).map(([name, value]) => [name.replace(DELETED, ""), String(value ?? "").replace(DELETED, "")] as const);
  if (opts.verbatim) return pairs.map(([name, value]) => `${name}=${value}`).join("&").replace(/[ \t\r\n]/g, "+");
  return pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join("&");
}

export interface PushFieldOptions {
  /** Add `campaign` (an extra URL parameter an admin can add; VICIdial has none). Default true. */
  includeCampaign?: boolean;
}

/**
 * The fields of one event in the order of the Agent Push URL the server prints
 * (lib/sources/vicidial/push-urls.ts): token, user, event, message, lead_id, epoch (Unix
 * seconds), agent_log_id, counter, then `campaign` if included.
 */
export function pushFields(ev: SimEvent, token: string, opts: PushFieldOptions = {}): Record<string, string> {
  const fields: Record<string, string> = {
    token,
    user: ev.user,
    event: ev.event,
    message: ev.message,
    lead_id: ev.leadId,
    epoch: String(ev.epoch),
    agent_log_id: ev.agentLogId,
    counter: String(ev.counter),
  };
  if (opts.includeCampaign ?? true) fields.campaign = ev.campaign;
  return fields;
}

/** `baseUrl` ("http://host:port") → the ingest URL; a URL that already has a path is kept. */
export function pushUrl(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (url.pathname === "/" || url.pathname === "") url.pathname = PUSH_PATH;
  return url;
}

export interface PushOptions extends PushFieldOptions, EncodeOptions {
  /** Reuse connections (not what get2post does). Default false: a new connection per event. */
  keepAlive?: boolean;
  /** Give up after this many ms without progress; default 10000. */
  timeoutMs?: number;
}

let keepAliveAgents: { http: http.Agent; https: https.Agent } | null = null;

/** Closes the sockets kept open by `keepAlive: true` pushes (lets the process exit). */
export function closePushConnections(): void {
  keepAliveAgents?.http.destroy();
  keepAliveAgents?.https.destroy();
  keepAliveAgents = null;
}

/**
 * POSTs one event to the wallboard like get2post.php. Resolves with the HTTP status once the
 * response is fully read (200 after the server committed the event; 401 wrong token; 400/413
 * bad input). Rejects on network errors and timeouts; never retries (neither does VICIdial).
 * `baseUrl` is e.g. "http://localhost:3000"; `token` is the server's PUSH_TOKEN.
 */
export function pushEvent(baseUrl: string, token: string, ev: SimEvent, opts: PushOptions = {}): Promise<number> {
  const url = pushUrl(baseUrl);
  const body = Buffer.from(encodeVicidialPush(pushFields(ev, token, opts), opts), "utf8");
  const secure = url.protocol === "https:";
  let agent: http.Agent | false = false;
  if (opts.keepAlive) {
    keepAliveAgents ??= { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    agent = secure ? keepAliveAgents.https : keepAliveAgents.http;
  }
  const request = secure ? https.request : http.request;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  return new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        // agent: false = a fresh socket closed after the response, as get2post.php's curl does.
        agent,
        headers: {
          "User-Agent": "VICIdial get2post",
          Accept: "*/*",
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": body.length,
        },
        timeout: timeoutMs,
      },
      (res) => {
        res.on("error", reject);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on("timeout", () => req.destroy(new Error(`push to ${url.host} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(body);
  });
}
