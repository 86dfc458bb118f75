/**
 * The HTTP router of the custom server: which part of the wallboard answers a request.
 *
 * - the VICIdial push path → the push source (its own token, body bound and allowlist),
 *   from the moment the server listens (issue 12 §1);
 * - `/livez`, `/readyz`, `/healthz`, `/metrics` → the operator endpoints (./health.ts), also from start;
 * - while the instance is starting (board rebuilt, Next.js prepared): 503 with Retry-After;
 * - `/d/<token>` wall display URLs → a display session, then a same-site redirect;
 * - everything else → body bounds (./body-limits.ts), security headers, the auth gate
 *   (lib/auth/http-gate.ts), then Next.js.
 * It never throws: an error is logged (paths with a wall token redacted) and answered 500.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Authenticator } from "../auth/authenticator";
import { gate } from "../auth/http-gate";
import { sameSitePath } from "../auth/safe-redirect";
import type { Logger } from "../log";
import { bodyRefusal } from "./body-limits";
import { answerOperatorEndpoint, type HealthSources } from "./health";
import { setSecurityHeaders } from "./security-headers";

export interface RouterParts {
  pushPath: string;
  handlePush(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Null until the instance is ready (then pages and APIs are served). */
  app(): { auth: Authenticator; handleNext(req: IncomingMessage, res: ServerResponse): Promise<void> } | null;
  health: HealthSources;
  clientAddress(req: IncomingMessage): string;
  /** The public URL is https (HSTS). */
  https: boolean;
  log: Logger;
}

const DISPLAY_PATH = /^\/d\/([A-Za-z0-9_-]{16,})(?:\?(.*))?$/;

/** A request path safe to log: wall display tokens removed, query dropped. */
export function loggablePath(url: string | undefined): string {
  return (url ?? "").split("?")[0]!.replace(/^\/d\/[^/]+/, "/d/<token>");
}

/** The `request` listener of the HTTP server. */
export function createRequestHandler(parts: RouterParts): (req: IncomingMessage, res: ServerResponse) => void {
  const { log } = parts;

  /**
   * A wall display URL: opens a read-only session scoped to the token's campaigns, then shows
   * `to` (a same-site path, e.g. /tv?views=...) or the token's wall.
   */
  async function openDisplay(auth: Authenticator, token: string, to: string | null, res: ServerResponse): Promise<void> {
    const opened = await auth.openDisplay(token);
    if (!opened) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("unknown or revoked wall display URL\n");
      return;
    }
    const fallback = opened.campaigns.length === 1 ? `/wall/${encodeURIComponent(opened.campaigns[0]!)}` : "/";
    res.writeHead(302, { "set-cookie": opened.cookie, location: sameSitePath(to, fallback), "cache-control": "no-store" }).end();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (url === parts.pushPath || url.startsWith(`${parts.pushPath}?`)) return parts.handlePush(req, res);
    if (await answerOperatorEndpoint(req, res, parts.health)) return;
    setSecurityHeaders(res, parts.https);
    const app = parts.app();
    if (!app) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "retry-after": "2", "cache-control": "no-store" }).end("starting, try again in a moment\n");
      return;
    }
    const display = DISPLAY_PATH.exec(url);
    if (display) return openDisplay(app.auth, display[1]!, new URLSearchParams(display[2] ?? "").get("to"), res);
    const refusal = bodyRefusal(req, url.split("?")[0]!);
    if (refusal) {
      res.writeHead(refusal.status, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end(`${refusal.reason}\n`);
      // Never read what was refused: drop the connection once the answer is out.
      res.on("finish", () => req.destroy());
      return;
    }
    const verdict = await gate(req, res, app.auth, parts.clientAddress);
    if (verdict.pass) await app.handleNext(req, res);
  }

  return (req, res) => {
    route(req, res).catch((err: unknown) => {
      try {
        log.error({ err: err instanceof Error ? err.message : String(err), path: loggablePath(req.url) }, "request failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end("internal error\n");
        else res.destroy();
      } catch {
        /* an error handler must never throw */
      }
    });
  };
}
