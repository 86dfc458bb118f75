/**
 * The ingest baseline: this machine's limit for "HTTP push in, durable rows out" without the
 * wallboard's stack. A bare `node:http` server that reads the same form-encoded VICIdial push,
 * checks the token and the required fields, and writes the same rows to the same PostgreSQL
 * (the `agent_event` row with its sha256 dedup key and jsonb `raw`, skipping duplicates, plus
 * the `agent` first/last-seen upsert) with one INSERT … SELECT FROM unnest(…) per batch
 * through `pg` directly. Like the wallboard it answers `200 OK stored` only after the batch's
 * commit, with one batch in flight at a time (group commit, up to 2,000 rows).
 *
 * What it leaves out is exactly what the ratio measures: Next.js' request routing, the
 * Prisma client, field validation beyond presence, the live board, Socket.IO fan-out.
 *
 * With FANOUT set it is also the bare end-to-end baseline (scenario 2): a Socket.IO server on
 * the same port (in-memory adapter, no sign-in) where a client's `subscribe` to
 * `campaign:<id>` topics joins those rooms (ack, then an empty `snapshot`), and each batch's
 * new rows go out as `agents` messages carrying each row's fields (no state model):
 * - FANOUT=batch: right after the batch's commit and answers, one message per campaign room;
 * - FANOUT=paced: held and sent as the wallboard paces its agent messages (one per room at
 *   most every lib/realtime/flush-pacing.ts interval, an agent's newest row only).
 *
 * Env: DATABASE_URL (migrations already applied), PORT, PUSH_TOKEN, FANOUT. Prints
 * "baseline ready on <port>" once listening; exits on SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import { Server as IoServer } from "socket.io";
import { dedupKey } from "../lib/events/dedup";
import type { IncomingAgentEvent } from "../lib/events/types";
import { ChangeRate, agentFlushIntervalMs } from "../lib/realtime/flush-pacing";

/**
 * One `agent_event` row as the baseline writes it: the wallboard's own event fields (so a
 * field the wallboard renames or retypes fails here at compile time), with the receive time in
 * ms since the epoch, `raw` already JSON text and the dedup key computed.
 */
type Row = Pick<IncomingAgentEvent, "user" | "event" | "message" | "leadId" | "epoch" | "agentLogId" | "counter" | "campaign"> & {
  receivedMs: number;
  raw: string;
  key: string;
};

const MAX_BATCH = 2000;
const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 0);
const token = process.env.PUSH_TOKEN ?? "";
if (!url) throw new Error("DATABASE_URL is required");

const db = new pg.Client({ connectionString: url });
await db.connect();

const queue: { row: Row; res: ServerResponse }[] = [];
let flushing = false;

const SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::float8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[], $8::int4[], $9::text[], $10::text[], $11::text[])
      AS t(received_ms, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
  ), ins AS (
    INSERT INTO agent_event (received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
    SELECT to_timestamp(received_ms / 1000.0), 'vicidial-push', agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw::jsonb, dedup_key
    FROM input
    ON CONFLICT (dedup_key) DO NOTHING
    RETURNING dedup_key
  ), seen AS (
    INSERT INTO agent ("user", first_seen_at, last_event_at)
    SELECT agent_user, to_timestamp(min(received_ms) / 1000.0), to_timestamp(max(received_ms) / 1000.0)
    FROM input GROUP BY agent_user
    ON CONFLICT ("user") DO UPDATE SET last_event_at = GREATEST(agent.last_event_at, EXCLUDED.last_event_at)
  )
  SELECT dedup_key FROM ins`;

async function drain(): Promise<void> {
  flushing = true;
  try {
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      const col = <T>(f: (r: Row) => T) => batch.map((b) => f(b.row));
      try {
        const { rows } = await db.query<{ dedup_key: string }>(SQL, [
          col((r) => r.receivedMs),
          col((r) => r.user),
          col((r) => r.event),
          col((r) => r.message),
          col((r) => r.leadId),
          col((r) => r.epoch),
          col((r) => r.agentLogId),
          col((r) => r.counter),
          col((r) => r.campaign),
          col((r) => r.raw),
          col((r) => r.key),
        ]);
        const stored = new Set(rows.map((r) => r.dedup_key));
        const fresh = io ? batch.filter((b) => stored.has(b.row.key)).map((b) => b.row) : [];
        for (const b of batch) answer(b.res, 200, stored.delete(b.row.key) ? "OK stored" : "OK duplicate");
        // After the answers, as the wallboard sends after its own (at the next turn of the loop).
        if (fresh.length > 0) setImmediate(() => fanOut(fresh));
      } catch {
        for (const b of batch) answer(b.res, 503, "database unavailable, event not stored");
      }
    }
  } finally {
    flushing = false;
  }
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(`${text}\n`);
}

const intOrNull = (v: string | undefined) => (v === undefined || v === "" || !/^-?\d+$/.test(v) ? null : Number(v));

function handle(req: IncomingMessage, res: ServerResponse): void {
  const receivedMs = Date.now();
  if (req.method !== "POST") return answer(res, 405, "POST only");
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const fields: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString("utf8"))) if (!(k in fields)) fields[k] = v;
    if (fields.token !== token) return answer(res, 401, "wrong push token");
    delete fields.token;
    if (!fields.user || !fields.event) return answer(res, 400, "missing field");
    const row: Row = {
      receivedMs,
      user: fields.user,
      event: fields.event,
      message: fields.message ?? null,
      leadId: fields.lead_id ?? null,
      epoch: intOrNull(fields.epoch),
      agentLogId: fields.agent_log_id ?? null,
      counter: intOrNull(fields.counter),
      campaign: fields.campaign ?? null,
      raw: JSON.stringify(fields),
      key: "",
    };
    row.key = dedupKey({ user: row.user, epoch: row.epoch, agentLogId: row.agentLogId, counter: row.counter, event: row.event, message: row.message });
    queue.push({ row, res });
    if (!flushing) void drain();
  });
}

const fanoutMode = process.env.FANOUT === "batch" || process.env.FANOUT === "paced" ? process.env.FANOUT : null;
/** FANOUT=paced: rows held per room, an agent's newest only. */
const held = new Map<string, Map<string, object>>();
const changeRate = new ChangeRate();
let lastFlushAt = Number.NEGATIVE_INFINITY;
let flushTimer = false;

/** The batch's new rows to their campaign rooms: at once (batch) or at the next paced flush (paced). */
function fanOut(rows: Row[]): void {
  const byRoom = fanoutMode === "paced" ? held : new Map<string, Map<string, object>>();
  for (const r of rows) {
    const room = `campaign:${r.campaign ?? "UNASSIGNED"}`;
    let agents = byRoom.get(room);
    if (!agents) byRoom.set(room, (agents = new Map()));
    agents.set(fanoutMode === "paced" ? r.user : `${agents.size}`, { user: r.user, campaign: r.campaign, state: r.event, lastEvent: r.event, lastMessage: r.message, lastEventAt: r.receivedMs, leadId: r.leadId });
  }
  if (fanoutMode === "batch") return send(byRoom);
  changeRate.add(rows.length, performance.now());
  if (flushTimer) return;
  flushTimer = true;
  const wait = lastFlushAt + agentFlushIntervalMs(changeRate.perSecond(performance.now())) - performance.now();
  const flush = () => {
    flushTimer = false;
    lastFlushAt = performance.now();
    send(held);
    held.clear();
  };
  if (wait <= 0) setImmediate(flush);
  else setTimeout(flush, wait);
}

function send(byRoom: Map<string, Map<string, object>>): void {
  const serverTime = Date.now();
  for (const [topic, agents] of byRoom) io!.to(topic).emit("agents", { topic, agents: [...agents.values()], serverTime });
}

const server = createServer(handle);
const io = fanoutMode ? new IoServer(server, { serveClient: false }) : null;
io?.on("connection", (socket) => {
  socket.on("subscribe", (req: { topics?: unknown }, ack: (res: object) => void) => {
    const topics = Array.isArray(req?.topics) ? req.topics.filter((t): t is string => typeof t === "string" && t.startsWith("campaign:")) : [];
    for (const topic of topics) void socket.join(topic);
    ack({ ok: true, topics, denied: [] });
    for (const topic of topics) socket.emit("snapshot", { topic, agents: [], calls: [], queues: [], pbx: [], alerts: [], serverTime: Date.now() });
  });
});
server.keepAliveTimeout = 5_000;
server.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  console.log(`baseline ready on ${typeof addr === "object" && addr ? addr.port : port}`);
});
process.on("SIGTERM", () => {
  io?.disconnectSockets(true);
  server.closeAllConnections();
  server.close(() => void db.end().finally(() => process.exit(0)));
});
