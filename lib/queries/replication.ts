/**
 * Queries of the replication between instances (lib/replication/follower.ts): rows of the
 * replicated tables written by other processes, in transaction order, below the horizon of
 * transactions still in progress (see prisma/migrations/20261130000000_replication).
 */
import type pg from "pg";
import type { StoredAgentEvent } from "../events/types";
import { storedEventOf, type StoredAgentEventRow } from "./agent-event-rows";
import type { CallOutcome, CallState, CallView } from "../calls/types";

/** Where a follower is: after transaction `tx` (xid8 as text), row `id` of it. */
export interface Cursor {
  tx: string;
  id: string;
}

/** The horizon now: every transaction below it has finished (committed or not). */
export async function replicationHorizon(client: pg.Pool | pg.Client): Promise<string> {
  const { rows } = await client.query<{ horizon: string }>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon");
  return rows[0]!.horizon;
}

/**
 * Committed agent events at or after `cursor` (keyset (tx_id, id)), not written by `writer`,
 * oldest transaction first, at most `limit` — including rows of transactions above the
 * horizon (committed while an older one is still open). Returns the horizon of the same
 * snapshot: every transaction below it has finished.
 */
export async function agentEventsAfter(client: pg.Pool, cursor: Cursor, writer: string, limit: number): Promise<{ horizon: string; events: (StoredAgentEvent & { txId: string })[] }> {
  // A row with a null id: no event after the cursor (the horizon alone).
  const { rows } = await client.query<{ horizon: string; tx_id: string; id: string | null } & Omit<StoredAgentEventRow, "id">>({
    name: "replication_agent_events",
    text: `
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon)
    SELECT h.horizon::text AS horizon, e.*
    FROM h LEFT JOIN LATERAL (
      SELECT id::text, tx_id::text, (extract(epoch FROM received_at) * 1000)::float8 AS received_ms, source, agent_user, event,
             message, lead_id, epoch::text, agent_log_id, counter, campaign, raw
      FROM agent_event
      WHERE tx_id IS NOT NULL AND (tx_id, id) > ($1::xid8, $2::bigint) AND writer IS DISTINCT FROM $3
      ORDER BY tx_id, id LIMIT $4
    ) e ON true`,
    values: [cursor.tx, cursor.id, writer, limit],
  });
  const horizon = rows[0]!.horizon;
  const events = rows.flatMap(({ id, ...r }) => (id === null ? [] : [{ ...storedEventOf({ ...r, id }), txId: r.tx_id }]));
  return { horizon, events };
}

/** Calls written in transactions in [fromTx, horizon) by another process. */
export async function callsBetween(client: pg.Pool, fromTx: string, writer: string): Promise<{ horizon: string; calls: CallView[] }> {
  const { rows } = await client.query<{
    horizon: string;
    pbx: string | null;
    call_id: string;
    from: string;
    to: string;
    queue: string | null;
    agent_extension: string | null;
    state: string;
    entered_ms: number;
    answered_ms: number | null;
    ended_ms: number | null;
    end_known: boolean;
    outcome: string | null;
    wait_sec: number | null;
    talk_sec: number | null;
  }>({
    name: "replication_calls",
    text: `
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon)
    SELECT h.horizon::text AS horizon, c.*
    FROM h LEFT JOIN LATERAL (
      SELECT pbx, call_id, "from", "to", queue, agent_extension, state,
             (extract(epoch FROM entered_at) * 1000)::float8 AS entered_ms, (extract(epoch FROM answered_at) * 1000)::float8 AS answered_ms,
             (extract(epoch FROM ended_at) * 1000)::float8 AS ended_ms, end_known, outcome, wait_sec, talk_sec
      FROM call WHERE tx_id IS NOT NULL AND tx_id >= $1::xid8 AND tx_id < h.horizon AND writer IS DISTINCT FROM $2
      ORDER BY tx_id
    ) c ON true`,
    values: [fromTx, writer],
  });
  const calls = rows
    .filter((r) => r.pbx !== null)
    .map((r) => ({
      id: r.call_id,
      pbx: r.pbx!,
      from: r.from,
      to: r.to,
      queue: r.queue,
      agentExtension: r.agent_extension,
      state: r.state as CallState,
      enteredAt: Math.round(r.entered_ms),
      answeredAt: r.answered_ms === null ? null : Math.round(r.answered_ms),
      endedAt: r.ended_ms === null ? null : Math.round(r.ended_ms),
      endKnown: r.end_known,
      outcome: r.outcome as CallOutcome | null,
      waitSec: r.wait_sec,
      talkSec: r.talk_sec,
    }));
  return { horizon: rows[0]!.horizon, calls };
}

export interface AccountRow {
  pbx: string;
  extension: string;
  registered: boolean | null;
  dnd: boolean | null;
}

/** PBX accounts (registration, DND) written in [fromTx, horizon) by another process. */
export async function accountsBetween(client: pg.Pool, fromTx: string, writer: string): Promise<{ horizon: string; accounts: AccountRow[] }> {
  const { rows } = await client.query<{ horizon: string } & { pbx: string | null; extension: string; registered: boolean | null; dnd: boolean | null }>({
    name: "replication_accounts",
    text: `
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon)
    SELECT h.horizon::text AS horizon, a.*
    FROM h LEFT JOIN LATERAL (
      SELECT pbx, extension, registered, dnd FROM pbx_account
      WHERE tx_id IS NOT NULL AND tx_id >= $1::xid8 AND tx_id < h.horizon AND writer IS DISTINCT FROM $2
    ) a ON true`,
    values: [fromTx, writer],
  });
  return { horizon: rows[0]!.horizon, accounts: rows.filter((r) => r.pbx !== null).map((r) => ({ pbx: r.pbx!, extension: r.extension, registered: r.registered, dnd: r.dnd })) };
}

/** Source statuses written in [fromTx, horizon) by another process. */
export async function sourceStatusesBetween<S>(client: pg.Pool, fromTx: string, writer: string): Promise<{ horizon: string; statuses: { name: string; status: S }[] }> {
  const { rows } = await client.query<{ horizon: string; name: string | null; status: S }>({
    name: "replication_source_status",
    text: `
    WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon)
    SELECT h.horizon::text AS horizon, s.*
    FROM h LEFT JOIN LATERAL (
      SELECT name, status FROM source_status
      WHERE tx_id IS NOT NULL AND tx_id >= $1::xid8 AND tx_id < h.horizon AND writer IS DISTINCT FROM $2
    ) s ON true`,
    values: [fromTx, writer],
  });
  return { horizon: rows[0]!.horizon, statuses: rows.filter((r) => r.name !== null).map((r) => ({ name: r.name!, status: r.status })) };
}

/** The whole current PBX state (accounts and link statuses), for an instance starting up. */
export async function currentPbxState<S>(client: pg.Pool): Promise<{ accounts: AccountRow[]; statuses: { name: string; status: S }[] }> {
  const accounts = await client.query<AccountRow>("SELECT pbx, extension, registered, dnd FROM pbx_account");
  const statuses = await client.query<{ name: string; status: S }>("SELECT name, status FROM source_status");
  return { accounts: accounts.rows, statuses: statuses.rows };
}
