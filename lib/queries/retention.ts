/**
 * Queries of the retention job (lib/history/retention.ts): deleting old rows of the append-only
 * tables in bounded batches, and the horizon before which raw agent events may be gone (which
 * the history rollup must not re-derive: lib/history/rollup.ts).
 */
import type { Db } from "../db/prisma";
import { getSetting, setSetting } from "./settings";

/** The tables the retention job trims, with their time column. */
export type RetainedTable = "agent_event" | "audit_log" | "pbx_frame" | "dialer_sample";

/** Setting holding the time (ms) before which agent_event rows may have been deleted. */
const EVENTS_HORIZON_KEY = "retention.agent_event.before";

/**
 * Deletes one batch: at most `limit` rows of `table` older than `before` (ms, server clock),
 * oldest first, in one short statement (its own transaction, row locks on those rows only).
 * Returns how many were deleted.
 */
export async function deleteBatchOlderThan(db: Db, table: RetainedTable, before: number, limit: number): Promise<number> {
  const cutoff = new Date(before);
  switch (table) {
    case "agent_event":
      return db.$executeRaw`
        DELETE FROM agent_event WHERE id IN (SELECT id FROM agent_event WHERE received_at < ${cutoff} ORDER BY received_at LIMIT ${limit})`;
    case "pbx_frame":
      return db.$executeRaw`
        DELETE FROM pbx_frame WHERE id IN (SELECT id FROM pbx_frame WHERE received_at < ${cutoff} ORDER BY received_at LIMIT ${limit})`;
    case "audit_log":
      return db.$executeRaw`
        DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${cutoff} ORDER BY at LIMIT ${limit})`;
    case "dialer_sample":
      return db.$executeRaw`
        DELETE FROM dialer_sample WHERE ctid IN (SELECT ctid FROM dialer_sample WHERE minute < ${cutoff} ORDER BY minute LIMIT ${limit})`;
  }
}

/**
 * The start (ms) of the oldest agent range the history rollup has yet to re-derive (a dirty
 * row of kind agent or agent-open), or null when none: the events it needs must stay.
 */
export async function oldestDirtyAgentRange(db: Db): Promise<number | null> {
  const [row] = await db.$queryRaw<{ ms: number | null }[]>`
    SELECT (extract(epoch FROM min(from_at)) * 1000)::float8 AS ms FROM history_dirty WHERE kind <> 'queue'`;
  return row?.ms ?? null;
}

/** The time (ms) before which agent events may have been deleted, or null when never. */
export async function agentEventsHorizon(db: Db): Promise<number | null> {
  const v = await getSetting(db, EVENTS_HORIZON_KEY);
  const ms = v === null ? NaN : Number(v);
  return Number.isFinite(ms) ? ms : null;
}

/** Records `before` as the horizon (never moves it back). */
export async function raiseAgentEventsHorizon(db: Db, before: number): Promise<void> {
  const current = await agentEventsHorizon(db);
  if (current === null || before > current) await setSetting(db, EVENTS_HORIZON_KEY, String(Math.floor(before)));
}
