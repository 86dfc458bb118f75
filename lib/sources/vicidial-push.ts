/**
 * Source: VICIdial Agent Events Push over HTTP (README "Ingest").
 *
 * VICIdial's agent screen (agc/vicidial.php `agent_events`) and its relay extras/get2post.php
 * POST the fields as an application/x-www-form-urlencoded body, one request per event, never
 * retrying and ignoring the answer. Tools and manual tests may use GET with a query string.
 * Query-string fields fill in what the body lacks (an admin may put `token` or `campaign` in
 * either part).
 *
 * Answers: 200 "OK stored" / "OK duplicate" only after the event is committed ("OK spooled"
 * when PostgreSQL is down and the event is fsynced to the local spool); 400 bad fields or an
 * event the database refused; 401 missing or wrong token; 403 an address PUSH_ALLOW_FROM does
 * not list; 405 other methods; 413 body too large; 415 not form data; 503 nothing stored
 * (spool full, ingest busy). Every error body is one line of text.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { IncomingAgentEvent } from "../events/types";
import { AgentEventSource, DeliveryError, type AgentEventSink } from "./source";
import type { IngestLog } from "./ingest-log";
import { sameSecret } from "../auth/same-secret";
import { toIncomingEvent, type EpochWindow } from "./vicidial/push-fields";

export const PUSH_PATH = "/api/push/vicidial";

export interface VicidialPushOptions {
  /** Returns the current push token (it can be rotated at run time). */
  token: () => string;
  maxBodyBytes: number;
  /** How far an epoch may be from the server clock (push-fields.ts). */
  epochWindow?: EpochWindow;
  /** Whether the client may push at all (PUSH_ALLOW_FROM); absent: everyone with the token. */
  allowFrom?: (req: IncomingMessage) => { allowed: boolean; address: string };
  now: () => number;
  onError?: (err: Error) => void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class VicidialPushSource extends AgentEventSource {
  readonly kind = "vicidial-push" as const;

  constructor(
    sink: AgentEventSink,
    private readonly options: VicidialPushOptions,
    log?: IngestLog,
  ) {
    super(sink, log);
  }

  /** Node HTTP handler for PUSH_PATH. Never throws; always answers. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = this.options.now();
    try {
      const event = await this.readEvent(req, receivedAt);
      const outcome = await this.deliver(event);
      reply(res, 200, `OK ${outcome}`);
    } catch (err) {
      if (err instanceof DeliveryError) {
        // Counted by deliver(); a 503 is ours to log, a 400 is the sender's problem.
        if (err.status === 503) this.options.onError?.((err.cause as Error | undefined) ?? err);
        reply(res, err.status, err.message);
        return;
      }
      const e = err instanceof HttpError ? err : new HttpError(500, "internal error");
      if (!(err instanceof HttpError)) this.options.onError?.(err as Error);
      if (e.status !== 500) this.rejected(e.status, e.message, receivedAt);
      if (e.status === 405) res.setHeader("Allow", "GET, POST");
      if (!req.complete) {
        // Don't keep reading a body we refused; close once the answer is out.
        res.setHeader("connection", "close");
        res.on("finish", () => req.destroy());
      }
      reply(res, e.status, e.message);
    }
  }

  private async readEvent(req: IncomingMessage, receivedAt: number): Promise<IncomingAgentEvent> {
    const from = this.options.allowFrom?.(req);
    if (from && !from.allowed) throw new HttpError(403, `address ${from.address} may not push (PUSH_ALLOW_FROM)`);
    if (req.method !== "GET" && req.method !== "POST") throw new HttpError(405, `method ${req.method} not allowed, use POST or GET`);
    // The query string as `new URL` would read it, without building a URL for every push.
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const query = q < 0 ? null : new URLSearchParams(url.slice(q + 1).split("#")[0]);
    // No prototype: a field named "constructor" or "__proto__" is an ordinary unknown field.
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    if (req.method === "POST") {
      const type = (req.headers["content-type"] ?? "application/x-www-form-urlencoded").split(";")[0]!.trim().toLowerCase();
      if (type !== "application/x-www-form-urlencoded" && type !== "text/plain") {
        throw new HttpError(415, `content type ${type} not supported, send application/x-www-form-urlencoded`);
      }
      const body = await readBody(req, this.options.maxBodyBytes);
      for (const [k, v] of new URLSearchParams(body)) if (!Object.hasOwn(fields, k)) fields[k] = v;
    }
    if (query) for (const [k, v] of query) if (!Object.hasOwn(fields, k)) fields[k] = v;

    const headerToken = req.headers["x-push-token"];
    const token = fields["token"] ?? (typeof headerToken === "string" ? headerToken : undefined);
    if (!token) throw new HttpError(401, "missing push token");
    if (!sameSecret(token, this.options.token())) throw new HttpError(401, "wrong push token");
    delete fields["token"];

    const built = toIncomingEvent(this.kind, receivedAt, fields, this.options.epochWindow);
    if (!built.ok) throw new HttpError(400, built.reason);
    return built.event;
  }
}


function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  if (declared > limit) return Promise.reject(new HttpError(413, `body larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        reject(new HttpError(413, `body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => reject(new HttpError(400, "request body could not be read")));
  });
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(`${text}\n`);
}
