/**
 * Queries on `dialer_sample`: the per-minute history of VICIdial's dialer and in-groups
 * (lib/dialer/samples.ts writes it, the history page and its CSV read it).
 */
import type { Db } from "../db/prisma";
import type { DialerSampleRow } from "../dialer/samples";

/** Upserts samples (a minute written twice, e.g. across a leader change, keeps the later one). */
export async function upsertDialerSamples(db: Db, rows: readonly DialerSampleRow[]): Promise<void> {
  if (rows.length === 0) return;
  const col = <K extends keyof DialerSampleRow>(k: K) => rows.map((r) => r[k]);
  await db.$executeRaw`
    INSERT INTO dialer_sample (kind, group_id, minute, calls, answers, drops, drop_pct, drop_pct_of_calls, waiting, waiting_max, longest_wait_sec, placed, ringing, hopper, dialable_leads, dial_level)
    SELECT kind, group_id, to_timestamp(minute / 1000.0), calls, answers, drops, drop_pct, drop_pct_of_calls, waiting, waiting_max, longest_wait_sec, placed, ringing, hopper, dialable_leads, dial_level
    FROM unnest(${col("kind")}::text[], ${col("groupId")}::text[], ${col("minute")}::float8[], ${col("calls")}::int[], ${col("answers")}::int[], ${col("drops")}::float8[],
                ${col("dropPct")}::float8[], ${col("dropPctOfCalls")}::float8[], ${col("waiting")}::int[], ${col("waitingMax")}::int[], ${col("longestWaitSec")}::int[],
                ${col("placed")}::int[], ${col("ringing")}::int[], ${col("hopper")}::int[], ${col("dialableLeads")}::int[], ${col("dialLevel")}::float8[])
      AS t(kind, group_id, minute, calls, answers, drops, drop_pct, drop_pct_of_calls, waiting, waiting_max, longest_wait_sec, placed, ringing, hopper, dialable_leads, dial_level)
    ON CONFLICT (kind, group_id, minute) DO UPDATE SET
      calls = EXCLUDED.calls, answers = EXCLUDED.answers, drops = EXCLUDED.drops, drop_pct = EXCLUDED.drop_pct, drop_pct_of_calls = EXCLUDED.drop_pct_of_calls,
      waiting = EXCLUDED.waiting, waiting_max = GREATEST(dialer_sample.waiting_max, EXCLUDED.waiting_max), longest_wait_sec = GREATEST(dialer_sample.longest_wait_sec, EXCLUDED.longest_wait_sec),
      placed = EXCLUDED.placed, ringing = EXCLUDED.ringing, hopper = EXCLUDED.hopper, dialable_leads = EXCLUDED.dialable_leads, dial_level = EXCLUDED.dial_level`;
}

/** Most rows one history request returns (one day × 100 groups is 144,000; bounded). */
export const MAX_SAMPLE_ROWS = 200_000;

/**
 * Samples of `[from, to)` (ms), of the given groups (null: all), ordered by group then minute.
 */
export async function listDialerSamples(db: Db, range: { from: number; to: number; kind?: "campaign" | "in-group" | null; groups?: readonly string[] | null }): Promise<DialerSampleRow[]> {
  const rows = await db.$queryRaw<
    { kind: "campaign" | "in-group"; group_id: string; minute_ms: number; calls: number; answers: number; drops: number; drop_pct: number | null; drop_pct_of_calls: number | null; waiting: number; waiting_max: number; longest_wait_sec: number; placed: number | null; ringing: number | null; hopper: number | null; dialable_leads: number | null; dial_level: number | null }[]
  >`
    SELECT kind, group_id, (extract(epoch FROM minute) * 1000)::float8 AS minute_ms, calls, answers, drops, drop_pct, drop_pct_of_calls, waiting, waiting_max, longest_wait_sec,
           placed, ringing, hopper, dialable_leads, dial_level
    FROM dialer_sample
    WHERE minute >= ${new Date(range.from)} AND minute < ${new Date(range.to)}
      AND (${range.kind ?? null}::text IS NULL OR kind = ${range.kind ?? null})
      AND (${range.groups ?? null}::text[] IS NULL OR group_id = ANY(${range.groups ?? null}::text[]))
    ORDER BY kind, group_id, minute
    LIMIT ${MAX_SAMPLE_ROWS}`;
  return rows.map((r) => ({
    kind: r.kind,
    groupId: r.group_id,
    minute: Number(r.minute_ms),
    calls: r.calls,
    answers: r.answers,
    drops: r.drops,
    dropPct: r.drop_pct,
    dropPctOfCalls: r.drop_pct_of_calls,
    waiting: r.waiting,
    waitingMax: r.waiting_max,
    longestWaitSec: r.longest_wait_sec,
    placed: r.placed,
    ringing: r.ringing,
    hopper: r.hopper,
    dialableLeads: r.dialable_leads,
    dialLevel: r.dial_level,
  }));
}
