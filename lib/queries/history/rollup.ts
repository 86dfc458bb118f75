/**
 * The history rollups' reads and writes (design in lib/history/rollup.ts): the dirty ranges
 * the triggers record, an agent's events for re-deriving days, the idempotent replacement of
 * an agent's days, and the re-aggregation of a queue's 15-minute buckets.
 */
import type { Db } from "../../db/prisma";
import type { AgentEventInput } from "../../agents/state";
import type { AgentDaySummary, StateSeconds } from "../../history/agent-day";
import { eventInputOf, type AgentEventRow } from "../agent-event-rows";

/** "agent-open": an agent whose last state is still open, re-derived by the periodic job only. */
export type DirtyKind = "agent" | "agent-open" | "queue";

/** The newest dirty row's id (null: none). */
export async function maxDirtyId(db: Db): Promise<bigint | null> {
  const [row] = await db.$queryRaw<{ max: bigint | null }[]>`SELECT max(id) AS max FROM history_dirty`;
  return row?.max ?? null;
}

/** Dirty rows read per page while looking for the next keys (see {@link listDirtyByKey}). */
const KEY_SCAN_PAGE = 2_000;

/** The kinds that name one agent or one queue: an agent's "agent" and "agent-open" rows are one key. */
const familyOf = (kind: string) => (kind === "queue" ? "queue" : "agent");

/**
 * Dirty ranges up to `maxId` grouped by key: the `limit` keys whose first dirty row is oldest
 * (those in `skip` left out), in that order, each with all its ranges up to `maxId`. An agent's
 * rows of both agent kinds (among `kinds`) count as one key and come together, one group per
 * kind, so that a run rolls the agent up once: listed apart, the "agent-open" mark a run left
 * and the agent's new events fell in different batches, and every active agent was rolled up
 * (and marked open again) twice per run. A skipped agent key skips both kinds.
 *
 * Two steps, so no step reads the whole table (issue 14: grouping every dirty row for each
 * batch of keys cost ~310 ms of PostgreSQL CPU per batch with 300,000 rows): the keys come
 * from the oldest rows, a page at a time by id (primary key), until `limit` distinct keys are
 * found; then those keys' rows come through the (kind, key) index.
 */
export async function listDirtyByKey(
  db: Db,
  limit: number,
  maxId: bigint,
  kinds: readonly DirtyKind[],
  skip: readonly { kind: DirtyKind; key: string }[] = [],
): Promise<{ kind: DirtyKind; key: string; ranges: { from: number; to: number }[] }[]> {
  const id = (kind: string, key: string) => `${kind}\u0000${key}`;
  const skipped = new Set(skip.map((k) => id(familyOf(k.kind), k.key)));
  const keys = new Map<string, { family: string; key: string }>();
  let after = 0n;
  while (keys.size < limit) {
    const page = await db.$queryRaw<{ id: bigint; kind: string; key: string }[]>`
      SELECT id, kind, key FROM history_dirty
      WHERE id > ${after} AND id <= ${maxId} AND kind = ANY(${[...kinds]}::text[])
      ORDER BY id LIMIT ${KEY_SCAN_PAGE}`;
    for (const r of page) {
      const family = familyOf(r.kind);
      const k = id(family, r.key);
      if (!skipped.has(k) && !keys.has(k)) keys.set(k, { family, key: r.key });
      if (keys.size === limit) break;
    }
    if (page.length < KEY_SCAN_PAGE) break;
    after = page[page.length - 1]!.id;
  }
  if (keys.size === 0) return [];
  // Every (kind, key) pair of the chosen keys, so that the join goes through the (kind, key) index.
  const wanted: { kind: DirtyKind; key: string }[] = [];
  for (const { family, key } of keys.values()) for (const kind of kinds) if (familyOf(kind) === family) wanted.push({ kind, key });
  const rows = await db.$queryRaw<{ kind: string; key: string; froms: number[]; tos: number[] }[]>`
    SELECT d.kind, d.key, array_agg((extract(epoch FROM d.from_at) * 1000)::float8 ORDER BY d.id) AS froms,
           array_agg((extract(epoch FROM d.to_at) * 1000)::float8 ORDER BY d.id) AS tos
    FROM history_dirty d JOIN unnest(${wanted.map((k) => k.kind)}::text[], ${wanted.map((k) => k.key)}::text[]) AS t(kind, key)
      ON d.kind = t.kind AND d.key = t.key
    WHERE d.id <= ${maxId}
    GROUP BY d.kind, d.key`;
  const byKey = new Map(rows.map((r) => [id(r.kind, r.key), r]));
  return wanted.flatMap(({ kind, key }) => {
    const r = byKey.get(id(kind, key));
    return r ? [{ kind, key, ranges: r.froms.map((f, i) => ({ from: Math.round(f), to: Math.round(r.tos[i]!) })) }] : [];
  });
}

/** Deletes the dirty rows of these keys up to `maxId` (their work is committed). */
export async function deleteDirtyKeys(db: Db, maxId: bigint, keys: readonly { kind: DirtyKind; key: string }[]): Promise<void> {
  if (keys.length === 0) return;
  await db.$executeRaw`
    DELETE FROM history_dirty d USING unnest(${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.key)}::text[]) AS t(kind, key)
    WHERE d.id <= ${maxId} AND d.kind = t.kind AND d.key = t.key`;
}

/** Marks everything stored as dirty (after a change of TIMEZONE or the stale timeout). */
export async function markEverythingDirty(db: Db): Promise<void> {
  await db.$executeRaw`
    INSERT INTO history_dirty (kind, key, from_at, to_at)
    SELECT 'agent', agent_user, min(received_at), max(received_at) FROM agent_event GROUP BY agent_user`;
  await db.$executeRaw`
    INSERT INTO history_dirty (kind, key, from_at, to_at)
    SELECT 'queue', queue, min(entered_at), max(GREATEST(entered_at, answered_at, ended_at)) FROM call WHERE queue IS NOT NULL GROUP BY queue`;
}

/** One agent's events received in [from, to) (ms), in id order: the state model's input. */
export async function agentEventsBetween(db: Db, user: string, from: number, to: number): Promise<AgentEventInput[]> {
  const rows = await db.$queryRaw<AgentEventRow[]>`
    SELECT id, (extract(epoch FROM received_at) * 1000)::float8 AS received_ms, event, message, lead_id, epoch, agent_log_id, counter, campaign
    FROM agent_event
    WHERE agent_user = ${user} AND received_at >= to_timestamp(${from} / 1000.0) AND received_at < to_timestamp(${to} / 1000.0)
    ORDER BY id`;
  return rows.map(eventInputOf);
}

export interface RosterInfo {
  campaign: string | null;
  team: string | null;
  fullName: string | null;
  extension: string | null;
}

export async function rosterInfo(db: Db, users: readonly string[]): Promise<Map<string, RosterInfo>> {
  const rows = await db.agent.findMany({ where: { user: { in: [...users] } }, select: { user: true, campaign: true, team: true, fullName: true, extension: true } });
  return new Map(rows.map((r) => [r.user, { campaign: r.campaign, team: r.team, fullName: r.fullName, extension: r.extension }]));
}

/**
 * Replaces the rollup rows of `user` for `days` by `summaries` (day → that day's per-campaign
 * summaries) in one statement, and with it, when `openAt` (ms) is given, records the agent as
 * still open (an "agent-open" dirty row at that time): running it twice gives the same rows.
 *
 * One statement, one round trip: rows of those days whose campaign is not in `summaries` are
 * deleted, the others inserted or updated in place (ON CONFLICT on the primary key), so the
 * parts never touch the same row and their order within the statement does not matter. It was
 * a transaction of a DELETE and an INSERT, then a separate insert of the open mark: five
 * round trips per agent, the larger part of the periodic job's CPU on the worker that answers
 * the pushes (issue 14). An upsert also lets runs racing (two servers, a page's catch-up and
 * the timer) all succeed: as DELETE then INSERT they collided on the primary key (146 of 200 in
 * test/integration/history-agent-days-write.test.ts's rounds), which the job took for refused
 * data (lib/db/errors.ts isDataError) and dropped the agent's dirty rows.
 */
export async function replaceAgentDays(
  db: Db,
  user: string,
  team: string | null,
  days: readonly string[],
  summaries: ReadonlyMap<string, AgentDaySummary[]>,
  openAt: number | null = null,
): Promise<void> {
  const rows: { day: string; s: AgentDaySummary; stateSec: string; pauseSec: string }[] = [];
  for (const [day, list] of summaries) for (const s of list) rows.push({ day, s, ...stateAndPauseSeconds(s.states) });
  await db.$executeRaw`
    WITH new_rows AS (
      SELECT day, campaign, logged_in_sec, calls_handled, talk_sec, dispositions, state_sec, pause_sec, first_ms, last_ms
      FROM unnest(${rows.map((r) => r.day)}::text[], ${rows.map((r) => r.s.campaign)}::text[], ${rows.map((r) => r.s.loggedInSec)}::float8[],
                  ${rows.map((r) => r.s.callsHandled)}::int4[], ${rows.map((r) => r.s.talkSec)}::float8[],
                  ${rows.map((r) => JSON.stringify(r.s.dispositions))}::text[],
                  ${rows.map((r) => r.stateSec)}::text[], ${rows.map((r) => r.pauseSec)}::text[],
                  ${rows.map((r) => r.s.firstAt)}::float8[], ${rows.map((r) => r.s.lastAt)}::float8[])
        AS t(day, campaign, logged_in_sec, calls_handled, talk_sec, dispositions, state_sec, pause_sec, first_ms, last_ms)
    ), gone AS (
      DELETE FROM agent_day d
      WHERE d.agent_user = ${user} AND d.day = ANY(${[...days]}::text[])
        AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.day = d.day AND n.campaign = d.campaign)
    ), open_mark AS (
      INSERT INTO history_dirty (kind, key, from_at, to_at)
      SELECT 'agent-open', ${user}, to_timestamp(${openAt}::float8 / 1000.0), to_timestamp(${openAt}::float8 / 1000.0)
      WHERE ${openAt}::float8 IS NOT NULL
    )
    INSERT INTO agent_day (day, agent_user, campaign, team, logged_in_sec, calls_handled, talk_sec, dispositions, state_sec, pause_sec, first_at, last_at)
    SELECT day, ${user}, campaign, ${team}, logged_in_sec, calls_handled, talk_sec, dispositions::json, state_sec::json, pause_sec::json,
           to_timestamp(first_ms / 1000.0), to_timestamp(last_ms / 1000.0)
    FROM new_rows
    ON CONFLICT (day, agent_user, campaign) DO UPDATE SET
      team = EXCLUDED.team, logged_in_sec = EXCLUDED.logged_in_sec, calls_handled = EXCLUDED.calls_handled, talk_sec = EXCLUDED.talk_sec,
      dispositions = EXCLUDED.dispositions, state_sec = EXCLUDED.state_sec, pause_sec = EXCLUDED.pause_sec,
      first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at`;
}

/**
 * agent_day.state_sec and pause_sec of one summary, as JSON text: seconds per state (a state's
 * rows added in the summary's order: PAUSED has one per pause code), and paused seconds per
 * pause code ("" when none was given). Null-prototype objects: the keys are states and agents'
 * codes ("__proto__" is a code like any other).
 */
function stateAndPauseSeconds(states: readonly StateSeconds[]): { stateSec: string; pauseSec: string } {
  const byState = Object.create(null) as Record<string, number>;
  const byCode = Object.create(null) as Record<string, number>;
  for (const s of states) {
    byState[s.status] = (byState[s.status] ?? 0) + s.seconds;
    if (s.status === "PAUSED") byCode[s.pauseCode] = (byCode[s.pauseCode] ?? 0) + s.seconds;
  }
  return { stateSec: JSON.stringify(byState), pauseSec: JSON.stringify(byCode) };
}

/** A call's wait longer than this is not looked for when re-aggregating a bucket. */
export const QUEUE_LOOKBACK_MS = 24 * 3_600_000;
export const BUCKET_MS = 15 * 60_000;

/**
 * Re-aggregates `queue`'s 15-minute buckets in [from, to) (ms, multiples of 15 min) from
 * `call`, with the definitions of lib/queues/stats.ts: answered (answeredAt in the bucket, and
 * within the service level when answeredAt − enteredAt ≤ T), abandoned (outcome abandoned,
 * not answered, endedAt in the bucket, wait ≥ shortAbandonSec), handled/talk (answered, end
 * known, endedAt in the bucket). One transaction; idempotent.
 */
export async function rebuildQueueBuckets(db: Db, queue: string, from: number, to: number, shortAbandonSec: number, defaultServiceLevelSec: number): Promise<void> {
  const lookFrom = from - QUEUE_LOOKBACK_MS;
  await db.$transaction([
    db.$executeRaw`DELETE FROM queue_interval WHERE queue = ${queue} AND bucket >= to_timestamp(${from} / 1000.0) AND bucket < to_timestamp(${to} / 1000.0)`,
    db.$executeRaw`
      WITH sl AS (
        SELECT COALESCE((SELECT service_level_sec FROM queue WHERE id = ${queue}), ${defaultServiceLevelSec}::int) * 1000.0 AS ms
      ), c AS (
        SELECT entered_at, answered_at, ended_at, end_known, outcome
        FROM call
        WHERE queue = ${queue} AND entered_at >= to_timestamp(${lookFrom} / 1000.0) AND entered_at < to_timestamp(${to} / 1000.0)
      ), parts AS (
        SELECT answered_at AS at, 1 AS answered,
               CASE WHEN extract(epoch FROM answered_at - entered_at) * 1000 <= (SELECT ms FROM sl) THEN 1 ELSE 0 END AS within_sl,
               0 AS abandoned, GREATEST(0, extract(epoch FROM answered_at - entered_at) * 1000) AS wait_ms, 0 AS handled, 0::float8 AS talk_ms
        FROM c WHERE answered_at IS NOT NULL
        UNION ALL
        SELECT ended_at, 0, 0, 0, 0, 1, GREATEST(0, extract(epoch FROM ended_at - answered_at) * 1000)
        FROM c WHERE answered_at IS NOT NULL AND end_known AND ended_at IS NOT NULL
        UNION ALL
        SELECT ended_at, 0, 0, 1, 0, 0, 0
        FROM c WHERE answered_at IS NULL AND outcome = 'abandoned' AND ended_at IS NOT NULL
                 AND extract(epoch FROM ended_at - entered_at) >= ${shortAbandonSec}::float8
      )
      INSERT INTO queue_interval (queue, bucket, answered, answered_within_sl, abandoned, wait_ms_sum, handled, talk_ms_sum)
      SELECT ${queue}, to_timestamp(floor(extract(epoch FROM at) / 900) * 900), sum(answered), sum(within_sl), sum(abandoned), sum(wait_ms), sum(handled), sum(talk_ms)
      FROM parts
      WHERE at >= to_timestamp(${from} / 1000.0) AND at < to_timestamp(${to} / 1000.0)
      GROUP BY 2`,
  ]);
}

export async function getSetting(db: Db, key: string): Promise<string | null> {
  return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
}

export async function putSetting(db: Db, key: string, value: string): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value, updatedAt: new Date() } });
}
