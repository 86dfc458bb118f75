/**
 * Report "queues": offered, answered, abandoned, SL, ASA, AHT per 15 minutes, hour or local
 * day, summed from the queue_interval rollup (definitions of lib/queues/stats.ts).
 */
import type { Db } from "../../db/prisma";
import type { Bucket } from "../../history/filters";

export interface QueuePeriodRow {
  /** Period start, ms. */
  start: number;
  offered: number;
  answered: number;
  abandoned: number;
  answeredWithinSl: number;
  /** 0–1, null when nothing offered. */
  serviceLevel: number | null;
  abandonRate: number | null;
  /** Seconds, 0.1 s; null when none answered / handled. */
  asaSec: number | null;
  ahtSec: number | null;
  handled: number;
}

export interface QueueHistoryQuery {
  /** ms, [start, end). */
  start: number;
  end: number;
  /** null: every queue. */
  queues: string[] | null;
  bucket: Bucket;
  timeZone: string;
}

type Raw = { period_ms: number; answered: bigint; within: bigint; abandoned: bigint; wait_ms: number; handled: bigint; talk_ms: number };

export async function queueHistory(db: Db, q: QueueHistoryQuery): Promise<QueuePeriodRow[]> {
  const unit = q.bucket === "15m" ? "15m" : q.bucket;
  const rows = await db.$queryRaw<Raw[]>`
    SELECT (extract(epoch FROM CASE WHEN ${unit} = '15m' THEN bucket
                                    ELSE date_trunc(${unit}, bucket AT TIME ZONE ${q.timeZone}) AT TIME ZONE ${q.timeZone} END) * 1000)::float8 AS period_ms,
           sum(answered)::int8 AS answered, sum(answered_within_sl)::int8 AS within, sum(abandoned)::int8 AS abandoned,
           sum(wait_ms_sum)::float8 AS wait_ms, sum(handled)::int8 AS handled, sum(talk_ms_sum)::float8 AS talk_ms
    FROM queue_interval
    WHERE bucket >= to_timestamp(${q.start} / 1000.0) AND bucket < to_timestamp(${q.end} / 1000.0)
      AND (${q.queues}::text[] IS NULL OR queue = ANY(${q.queues}::text[]))
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => periodRow(Math.round(r.period_ms), Number(r.answered), Number(r.within), Number(r.abandoned), r.wait_ms, Number(r.handled), r.talk_ms));
}

/** A period's figures from its sums; also used for the total line. */
export function periodRow(start: number, answered: number, within: number, abandoned: number, waitMs: number, handled: number, talkMs: number): QueuePeriodRow {
  const offered = answered + abandoned;
  const tenths = (n: number) => Math.round(n * 10) / 10;
  return {
    start,
    offered,
    answered,
    abandoned,
    answeredWithinSl: within,
    serviceLevel: offered === 0 ? null : within / offered,
    abandonRate: offered === 0 ? null : abandoned / offered,
    asaSec: answered === 0 ? null : tenths(waitMs / answered / 1000),
    ahtSec: handled === 0 ? null : tenths(talkMs / handled / 1000),
    handled,
  };
}

/** The whole range as one row (from the periods' sums, not their averages). */
export function totalRow(rows: readonly QueuePeriodRow[], start: number): QueuePeriodRow {
  let answered = 0, within = 0, abandoned = 0, waitMs = 0, handled = 0, talkMs = 0;
  for (const r of rows) {
    answered += r.answered;
    within += r.answeredWithinSl;
    abandoned += r.abandoned;
    handled += r.handled;
    waitMs += (r.asaSec ?? 0) * 1000 * r.answered;
    talkMs += (r.ahtSec ?? 0) * 1000 * r.handled;
  }
  return periodRow(start, answered, within, abandoned, waitMs, handled, talkMs);
}
