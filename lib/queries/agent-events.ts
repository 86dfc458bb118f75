/**
 * Queries on `agent_event`: the batched insert of the ingest hot path and the reads that
 * rebuild the live board. Raw SQL through the Prisma client where one statement must do the
 * work of many rows.
 */
import type { Db } from "../db/prisma";
import type { EventSourceKind, IncomingAgentEvent, StoredAgentEvent } from "../events/types";

/**
 * Inserts events in one statement (one commit), skipping those whose dedup key (same index
 * in `dedupKeys`) is already stored, and upserts the `agent` rows of their users (first/last seen). Returns the new
 * rows' ids by dedup key; absent keys were duplicates.
 */
export async function insertAgentEvents(db: Db, events: readonly IncomingAgentEvent[], dedupKeys: readonly string[]): Promise<Map<string, number>> {
  const col = <T>(f: (e: IncomingAgentEvent) => T) => events.map(f);
  const inserted = await db.$queryRaw<{ id: bigint; dedup_key: string }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((e) => e.receivedAt)}::float8[], ${col((e) => e.source)}::text[], ${col((e) => e.user)}::text[],
        ${col((e) => e.event)}::text[], ${col((e) => e.message)}::text[], ${col((e) => e.leadId)}::text[],
        ${col((e) => e.epoch)}::int8[], ${col((e) => e.agentLogId)}::text[], ${col((e) => e.counter)}::int4[],
        ${col((e) => e.campaign)}::text[], ${col((e) => JSON.stringify(e.raw))}::text[], ${[...dedupKeys]}::text[]
      ) AS t(received_ms, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
    ), ins AS (
      INSERT INTO agent_event (received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
      SELECT to_timestamp(received_ms / 1000.0), source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw::jsonb, dedup_key
      FROM input
      ON CONFLICT (dedup_key) DO NOTHING
      RETURNING id, dedup_key
    ), seen AS (
      INSERT INTO agent ("user", first_seen_at, last_event_at)
      SELECT agent_user, to_timestamp(min(received_ms) / 1000.0), to_timestamp(max(received_ms) / 1000.0)
      FROM input GROUP BY agent_user
      ON CONFLICT ("user") DO UPDATE SET last_event_at = GREATEST(agent.last_event_at, EXCLUDED.last_event_at)
    )
    SELECT id, dedup_key FROM ins`;
  return new Map(inserted.map((r) => [r.dedup_key, Number(r.id)]));
}

/**
 * The newest `perAgent` events of every agent seen since `since` (ms, server clock), in
 * ascending id order per agent: what the live board replays at start.
 */
export async function recentEventsByAgent(db: Db, since: number, perAgent: number): Promise<StoredAgentEvent[]> {
  const rows = await db.$queryRaw<
    {
      id: bigint;
      received_ms: number;
      source: string;
      agent_user: string;
      event: string;
      message: string | null;
      lead_id: string | null;
      epoch: bigint | null;
      agent_log_id: string | null;
      counter: number | null;
      campaign: string | null;
      raw: Record<string, string>;
    }[]
  >`
    SELECT e.id, (extract(epoch FROM e.received_at) * 1000)::float8 AS received_ms, e.source, e.agent_user, e.event,
           e.message, e.lead_id, e.epoch, e.agent_log_id, e.counter, e.campaign, e.raw
    FROM agent a
    CROSS JOIN LATERAL (
      SELECT * FROM agent_event ev WHERE ev.agent_user = a."user" ORDER BY ev.id DESC LIMIT ${perAgent}
    ) e
    WHERE a.last_event_at >= to_timestamp(${since} / 1000.0)
    ORDER BY e.agent_user, e.id`;
  return rows.map((r) => ({
    id: Number(r.id),
    receivedAt: Math.round(r.received_ms),
    source: r.source as EventSourceKind,
    user: r.agent_user,
    event: r.event,
    message: r.message,
    leadId: r.lead_id,
    epoch: r.epoch === null ? null : Number(r.epoch),
    agentLogId: r.agent_log_id,
    counter: r.counter,
    campaign: r.campaign,
    raw: r.raw,
  }));
}
