/**
 * Source: the VICIdial agent-screen WebSocket hook (README "Agent-screen hook").
 *
 * VICIdial's agc/options.php can inject JavaScript into the agent screen ($INSERT_head_js,
 * $INSERT_agent_events; VICIdial WEBSOCKETS_SUPPORT.txt). Our script
 * (public/vicidial/agent-events.js) keeps one WebSocket to HOOK_PATH per agent screen and
 * forwards every `agent_events(event_type, event_msg, event_counter)` call with the screen's
 * `user`, `campaign`, `agent_log_id`, lead id and `UnixTime` (the epoch VICIdial's own push
 * uses).
 *
 * Protocol (JSON text frames):
 * - client → server: `{ "id": <number>, "user", "event", "message", "lead_id", "epoch",
 *   "agent_log_id", "counter", "campaign" }` (the HTTP push fields; numbers or strings);
 * - server → client, once the event is committed: `{ "ack": id, "outcome": "stored" |
 *   "duplicate" }`; when it is refused: `{ "nack": id, "status": 400, "reason": "..." }`;
 *   when the database is down: `{ "nack": id, "status": 503, ... }` (the script retries those).
 * The handshake carries the push token as `?token=`; a wrong or missing one is answered
 * `401` and the connection is not opened; an address PUSH_ALLOW_FROM does not list gets 403.
 * The Origin is not checked: the agent screen is on VICIdial's origin, and the handshake
 * carries no ambient credential (cookie) a foreign page could borrow, only the token.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { AgentEventSource, DeliveryError, type AgentEventSink } from "./source";
import type { IngestLog } from "./ingest-log";
import { sameSecret } from "../auth/same-secret";
import { toIncomingEvent, type EpochWindow } from "./vicidial/push-fields";

export const HOOK_PATH = "/vicidial/hook";
/** Largest accepted frame, bytes. */
const MAX_FRAME_BYTES = 16_384;
/** Ping interval; a screen that misses one is dropped (its script reconnects). */
const HEARTBEAT_MS = 30_000;

const FIELDS = ["user", "event", "message", "lead_id", "epoch", "agent_log_id", "counter", "campaign"] as const;

export interface VicidialHookOptions {
  token: () => string;
  /** How far an epoch may be from the server clock (push-fields.ts). */
  epochWindow?: EpochWindow;
  /** Whether the client may connect at all (PUSH_ALLOW_FROM); absent: everyone with the token. */
  allowFrom?: (req: IncomingMessage) => { allowed: boolean; address: string };
  now: () => number;
  onError?: (err: Error) => void;
}

type Reply = { ack: unknown; outcome: string } | { nack: unknown; status: number; reason: string };

export class VicidialHookSource extends AgentEventSource {
  readonly kind = "vicidial-hook" as const;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly alive = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    sink: AgentEventSink,
    private readonly options: VicidialHookOptions,
    log?: IngestLog,
  ) {
    super(sink, log);
    this.wss.on("connection", (ws) => this.accept(ws));
    this.heartbeat = setInterval(() => this.ping(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** True when an HTTP upgrade request is for this source. */
  matches(req: IncomingMessage): boolean {
    return new URL(req.url ?? "/", "http://localhost").pathname === HOOK_PATH;
  }

  /** Handles an HTTP upgrade for HOOK_PATH: checks the token, then opens the WebSocket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const from = this.options.allowFrom?.(req);
    if (from && !from.allowed) {
      this.rejected(403, `address ${from.address} may not connect (PUSH_ALLOW_FROM)`, this.options.now());
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\naddress not allowed\n`);
      return;
    }
    const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token");
    if (!token || !sameSecret(token, this.options.token())) {
      this.rejected(401, token ? "wrong push token" : "missing push token", this.options.now());
      socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${token ? "wrong" : "missing"} push token\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit("connection", ws, req));
  }

  /** Number of agent screens connected now. */
  get connections(): number {
    return this.wss.clients.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    this.alive.add(ws);
    ws.on("pong", () => this.alive.add(ws));
    ws.on("error", () => ws.terminate());
    ws.on("message", (data, isBinary) => {
      if (isBinary) return send(ws, { nack: null, status: 400, reason: "binary frames not supported, send JSON text" });
      void this.receive(ws, data.toString());
    });
  }

  private async receive(ws: WebSocket, text: string): Promise<void> {
    const receivedAt = this.options.now();
    let frame: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      frame = parsed as Record<string, unknown>;
    } catch {
      this.rejected(400, "frame is not a JSON object", receivedAt);
      return send(ws, { nack: null, status: 400, reason: "frame is not a JSON object" });
    }
    const id = frame["id"] ?? null;
    const fields: Record<string, string> = {};
    for (const name of FIELDS) {
      const v = frame[name];
      if (typeof v === "string") fields[name] = v;
      else if (typeof v === "number" && Number.isFinite(v)) fields[name] = String(v);
    }
    const built = toIncomingEvent(this.kind, receivedAt, fields, this.options.epochWindow);
    if (!built.ok) {
      this.rejected(400, built.reason, receivedAt);
      return send(ws, { nack: id, status: 400, reason: built.reason });
    }
    try {
      const outcome = await this.deliver(built.event);
      send(ws, { ack: id, outcome });
    } catch (err) {
      const e = err as DeliveryError;
      if (e.status === 503) this.options.onError?.((e.cause as Error | undefined) ?? e);
      // 400 is final (the script drops the event); 503 is retried on the next connection.
      send(ws, { nack: id, status: e.status, reason: e.message });
    }
  }

  private ping(): void {
    for (const ws of this.wss.clients) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      ws.ping();
    }
  }
}

function send(ws: WebSocket, reply: Reply): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
}

