/**
 * Queries on `agent_event`: the batched upsert of the ingest hot path (plain `pg`, its own
 * pool and a prepared statement: issue 14) and the reads that rebuild the live board (plain
 * `pg` too: thousands of rows at each start).
 */
import type pg from "pg";
import { replayedEventOf, type ReplayedAgentEventRow } from "./agent-event-rows";
import type { EventSourceKind, IncomingAgentEvent, ReplayedAgentEvent, StoredAgentEvent } from "../events/types";

/** What the upsert tells about one (unique) dedup key. */
export type UpsertResult =
  | { kind: "inserted"; id: number }
  /** A stored copy was improved (lib/events/dedup.ts mergeCopies); `stored` is the row after the update. */
  | { kind: "merged"; id: number; stored: StoredAgentEvent };

/**
 * An event ready for {@link upsertAgentEvents}: its dedup key (lib/events/dedup.ts) and its
 * row as JSON text, made when the event arrives (the event store prepares it while the
 * previous batch is being written), so a batch's parameter is only these texts joined.
 */
export interface PreparedAgentEvent {
  event: IncomingAgentEvent;
  key: string;
  /** `{"received_ms":…,"source":…,…,"raw":{…},"dedup_key":…}`: one element of the batch's json_to_recordset input. */
  row: string;
}

/** Prepares `event` (whose dedup key is `key`) for {@link upsertAgentEvents}. */
export function prepareAgentEvent(event: IncomingAgentEvent, key: string): PreparedAgentEvent {
  const row = JSON.stringify({
    received_ms: event.receivedAt,
    source: event.source,
    agent_user: event.user,
    event: event.event,
    message: event.message,
    lead_id: event.leadId,
    epoch: event.epoch,
    agent_log_id: event.agentLogId,
    counter: event.counter,
    campaign: event.campaign,
    raw: event.raw,
    dedup_key: key,
  });
  return { event, key, row };
}

/**
 * The ingest hot path: inserts events in one statement (one round trip, one commit) through
 * the ingest pool. An event whose dedup key is already stored is not inserted again; instead
 * the stored copy takes what this copy improves (the hook's exact message over a push's, a
 * campaign or lead it lacked: the SQL form of lib/events/dedup.ts `mergeCopies`). Also upserts
 * the `agent` rows of the users (first/last seen). Keys must be unique within one call (ON
 * CONFLICT cannot touch a row twice; the event store merges copies within a batch first). Keys
 * absent from the result were duplicates that brought nothing.
 *
 * The batch goes as one `json` parameter read by json_to_recordset (issue 14): the rows were
 * serialised when their events arrived, so building the parameter is a join, and PostgreSQL
 * parses one document instead of twelve arrays. A prepared statement (`name`), so PostgreSQL
 * plans it once per connection. Throws what PostgreSQL throws (timeouts included,
 * lib/db/pg-pool.ts); a NUL character in a field is refused (SQLSTATE 22P05, a data error).
 */
export async function upsertAgentEvents(pool: pg.Pool, batch: readonly PreparedAgentEvent[]): Promise<Map<string, UpsertResult>> {
  let input = "[";
  for (let i = 0; i < batch.length; i++) input += i === 0 ? batch[i]!.row : `,${batch[i]!.row}`;
  input += "]";
  const { rows } = await pool.query<{
    id: string;
    dedup_key: string;
    inserted: boolean;
    received_ms: number | null;
    source: string | null;
    agent_user: string | null;
    message: string | null;
    lead_id: string | null;
    campaign: string | null;
    raw: Record<string, string> | null;
  }>({
    name: "upsert_agent_events_json",
    text: `
    WITH input AS (
      SELECT * FROM json_to_recordset($1::json)
        AS t(received_ms float8, source text, agent_user text, event text, message text, lead_id text, epoch int8, agent_log_id text, counter int4, campaign text, raw jsonb, dedup_key text)
    ), ins AS (
      INSERT INTO agent_event AS s (received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
      SELECT to_timestamp(received_ms / 1000.0), source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key
      FROM input
      ON CONFLICT (dedup_key) DO UPDATE SET
        message = CASE WHEN EXCLUDED.source = 'vicidial-hook' AND s.source <> 'vicidial-hook' THEN EXCLUDED.message ELSE s.message END,
        campaign = COALESCE(s.campaign, EXCLUDED.campaign),
        lead_id = COALESCE(s.lead_id, EXCLUDED.lead_id)
      WHERE (EXCLUDED.source = 'vicidial-hook' AND s.source <> 'vicidial-hook' AND s.message IS DISTINCT FROM EXCLUDED.message)
         OR (s.campaign IS NULL AND EXCLUDED.campaign IS NOT NULL)
         OR (s.lead_id IS NULL AND EXCLUDED.lead_id IS NOT NULL)
      RETURNING s.id, s.dedup_key, (s.xmax = 0) AS inserted, s.received_at, s.source, s.agent_user, s.message, s.lead_id, s.campaign, s.raw
    ), seen AS (
      INSERT INTO agent ("user", first_seen_at, last_event_at)
      SELECT agent_user, to_timestamp(min(received_ms) / 1000.0), to_timestamp(max(received_ms) / 1000.0)
      FROM input GROUP BY agent_user
      ON CONFLICT ("user") DO UPDATE SET last_event_at = GREATEST(agent.last_event_at, EXCLUDED.last_event_at)
    )
    SELECT id::text, dedup_key, inserted,
           CASE WHEN inserted THEN NULL ELSE (extract(epoch FROM received_at) * 1000)::float8 END AS received_ms,
           CASE WHEN inserted THEN NULL ELSE source END AS source,
           CASE WHEN inserted THEN NULL ELSE agent_user END AS agent_user,
           CASE WHEN inserted THEN NULL ELSE message END AS message,
           CASE WHEN inserted THEN NULL ELSE lead_id END AS lead_id,
           CASE WHEN inserted THEN NULL ELSE campaign END AS campaign,
           CASE WHEN inserted THEN NULL ELSE raw END AS raw
    FROM ins`,
    values: [input],
  });
  let byKey: Map<string, IncomingAgentEvent> | null = null;
  const out = new Map<string, UpsertResult>();
  for (const r of rows) {
    const id = Number(r.id);
    if (r.inserted) {
      out.set(r.dedup_key, { kind: "inserted", id });
      continue;
    }
    byKey ??= new Map(batch.map((p) => [p.key, p.event]));
    const incoming = byKey.get(r.dedup_key)!;
    out.set(r.dedup_key, {
      kind: "merged",
      id,
      stored: {
        ...incoming,
        id,
        receivedAt: Math.round(r.received_ms!),
        source: r.source as EventSourceKind,
        user: r.agent_user!,
        message: r.message,
        leadId: r.lead_id,
        campaign: r.campaign,
        raw: r.raw!,
      },
    });
  }
  return out;
}

/**
 * The newest `perAgent` stored events of each of `users` (any age), without their raw fields:
 * what a rebuild of the live board replays (AgentBook.load at start, AgentBook.reload for an
 * agent whose event came too late). Ascending id within each agent, agents in the order of
 * `users`. One statement, the (agent_user, id) index and one LIMIT per agent; through `pg`,
 * not the Prisma client, and without `raw`: with both, 1,000 agents × 256 events took
 * 3.8–5.4 s to read instead of 0.8–1.3 s (issue 14; measured in-process, and the whole
 * rebuild by `npm run bench` scenario 6). Ordered by the
 * agents' place in `users` rather than by name: PostgreSQL then sorts each agent's rows alone
 * (an incremental sort) instead of the whole result, which spilled to disk.
 */
export async function replayEventsOfAgents(pool: pg.Pool, users: readonly string[], perAgent: number): Promise<ReplayedAgentEvent[]> {
  if (users.length === 0) return [];
  const { rows } = await pool.query<ReplayedAgentEventRow>({
    text: `
    SELECT e.id, (extract(epoch FROM e.received_at) * 1000)::float8 AS received_ms, e.source, e.agent_user, e.event,
           e.message, e.lead_id, e.epoch, e.agent_log_id, e.counter, e.campaign
    FROM unnest($1::text[]) WITH ORDINALITY AS u(agent_user, n)
    CROSS JOIN LATERAL (
      SELECT id, received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign
      FROM agent_event ev WHERE ev.agent_user = u.agent_user ORDER BY ev.id DESC LIMIT $2
    ) e
    ORDER BY u.n, e.id`,
    values: [users, perAgent],
  });
  return rows.map(replayedEventOf);
}

/** Agents with an event received since `since` (ms, server clock): the ones a rebuild at start replays. */
export async function agentsSeenSince(pool: pg.Pool, since: number): Promise<string[]> {
  const { rows } = await pool.query<{ user: string }>(`SELECT "user" FROM agent WHERE last_event_at >= to_timestamp($1 / 1000.0) ORDER BY "user"`, [since]);
  return rows.map((r) => r.user);
}
