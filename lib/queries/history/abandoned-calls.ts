/**
 * Report "abandoned": the abandoned queue calls (caller hung up before an answer), newest
 * first; short abandons (wait < SHORT_ABANDON_SEC) are left out as in the queue figures.
 * Served by the partial index call(ended_at) WHERE outcome = 'abandoned'.
 */
import type { Db } from "../../db/prisma";

export interface AbandonedCallRow {
  pbx: string;
  callId: string;
  queue: string;
  from: string;
  enteredAt: number;
  endedAt: number;
  waitSec: number;
}

export async function abandonedCalls(
  db: Db,
  q: { start: number; end: number; queues: string[] | null; shortAbandonSec: number; limit: number },
): Promise<{ rows: AbandonedCallRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.$queryRaw<{ pbx: string; call_id: string; queue: string; from: string; entered_ms: number; ended_ms: number }[]>`
      SELECT pbx, call_id, queue, "from", (extract(epoch FROM entered_at) * 1000)::float8 AS entered_ms, (extract(epoch FROM ended_at) * 1000)::float8 AS ended_ms
      FROM call
      WHERE outcome = 'abandoned' AND answered_at IS NULL AND queue IS NOT NULL
        AND ended_at >= to_timestamp(${q.start} / 1000.0) AND ended_at < to_timestamp(${q.end} / 1000.0)
        AND (${q.queues}::text[] IS NULL OR queue = ANY(${q.queues}::text[]))
        AND extract(epoch FROM ended_at - entered_at) >= ${q.shortAbandonSec}::float8
      ORDER BY ended_at DESC, call_id
      LIMIT ${q.limit}`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM call
      WHERE outcome = 'abandoned' AND answered_at IS NULL AND queue IS NOT NULL
        AND ended_at >= to_timestamp(${q.start} / 1000.0) AND ended_at < to_timestamp(${q.end} / 1000.0)
        AND (${q.queues}::text[] IS NULL OR queue = ANY(${q.queues}::text[]))
        AND extract(epoch FROM ended_at - entered_at) >= ${q.shortAbandonSec}::float8`,
  ]);
  return {
    rows: rows.map((r) => ({
      pbx: r.pbx,
      callId: r.call_id,
      queue: r.queue,
      from: r.from,
      enteredAt: Math.round(r.entered_ms),
      endedAt: Math.round(r.ended_ms),
      waitSec: Math.round((r.ended_ms - r.entered_ms) / 100) / 10,
    })),
    total: Number(count[0]?.n ?? 0),
  };
}
