/**
 * Queries on `call`: the upsert of changed calls and the load at start.
 */
import type { Db } from "../db/prisma";
import type { CallOutcome, CallState, CallView } from "../calls/types";

/** Inserts or updates calls in one statement (the last version of each call wins). */
export async function upsertCalls(db: Db, calls: readonly CallView[]): Promise<void> {
  const last = new Map(calls.map((c) => [`${c.pbx}\u0000${c.id}`, c]));
  const rows = [...last.values()];
  const col = <T>(f: (c: CallView) => T) => rows.map(f);
  await db.$executeRaw`
    INSERT INTO call (pbx, call_id, "from", "to", queue, agent_extension, state, entered_at, answered_at, ended_at, end_known, outcome, wait_sec, talk_sec)
    SELECT pbx, call_id, "from", "to", queue, agent_extension, state, to_timestamp(entered_ms / 1000.0),
           to_timestamp(answered_ms / 1000.0), to_timestamp(ended_ms / 1000.0), end_known, outcome, wait_sec, talk_sec
    FROM unnest(
      ${col((c) => c.pbx)}::text[], ${col((c) => c.id)}::text[], ${col((c) => c.from)}::text[], ${col((c) => c.to)}::text[],
      ${col((c) => c.queue)}::text[], ${col((c) => c.agentExtension)}::text[], ${col((c) => c.state)}::text[],
      ${col((c) => c.enteredAt)}::float8[], ${col((c) => c.answeredAt)}::float8[], ${col((c) => c.endedAt)}::float8[],
      ${col((c) => c.endKnown)}::bool[], ${col((c) => c.outcome)}::text[], ${col((c) => c.waitSec)}::float8[], ${col((c) => c.talkSec)}::float8[]
    ) AS t(pbx, call_id, "from", "to", queue, agent_extension, state, entered_ms, answered_ms, ended_ms, end_known, outcome, wait_sec, talk_sec)
    ON CONFLICT (pbx, call_id) DO UPDATE SET
      "from" = EXCLUDED."from", "to" = EXCLUDED."to", queue = EXCLUDED.queue, agent_extension = EXCLUDED.agent_extension,
      state = EXCLUDED.state, answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at, end_known = EXCLUDED.end_known,
      outcome = EXCLUDED.outcome, wait_sec = EXCLUDED.wait_sec, talk_sec = EXCLUDED.talk_sec`;
}

/** Calls not ended, and calls that entered at or after `since` (ms, server clock). */
export async function loadCalls(db: Db, since: number): Promise<CallView[]> {
  const rows = await db.call.findMany({ where: { OR: [{ state: { not: "ended" } }, { enteredAt: { gte: new Date(since) } }] } });
  return rows.map((r) => ({
    id: r.callId,
    pbx: r.pbx,
    from: r.from,
    to: r.to,
    queue: r.queue,
    agentExtension: r.agentExtension,
    state: r.state as CallState,
    enteredAt: r.enteredAt.getTime(),
    answeredAt: r.answeredAt?.getTime() ?? null,
    endedAt: r.endedAt?.getTime() ?? null,
    endKnown: r.endKnown,
    outcome: r.outcome as CallOutcome | null,
    waitSec: r.waitSec,
    talkSec: r.talkSec,
  }));
}
