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
 * Env: DATABASE_URL (migrations already applied), PORT, PUSH_TOKEN. Prints
 * "baseline ready on <port>" once listening; exits on SIGTERM.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import { dedupKey } from "../lib/events/dedup";
import type { IncomingAgentEvent } from "../lib/events/types";

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
        for (const b of batch) {
          const fresh = stored.delete(b.row.key);
          answer(b.res, 200, fresh ? "OK stored" : "OK duplicate");
        }
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

const server = createServer(handle);
server.keepAliveTimeout = 5_000;
server.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  console.log(`baseline ready on ${typeof addr === "object" && addr ? addr.port : port}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => void db.end().finally(() => process.exit(0)));
});
