/**
 * Report "agents": one row per agent, local day and campaign from the rollups (agent_day and
 * agent_state_day), with the time per state and per pause code.
 */
import type pg from "pg";
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db/prisma";
import type { HistoryFilters } from "../../history/filters";

/** Columns of the report: time per state group (ms-free seconds). */
export const STATE_COLUMNS = [
  { key: "READY", label: "Ready", states: ["READY", "CLOSER"] },
  { key: "INCALL", label: "In call", states: ["INCALL", "DIAL", "PARK", "3-WAY"] },
  { key: "PAUSED", label: "Paused", states: ["PAUSED"] },
  { key: "DISPO", label: "Dispo", states: ["DISPO"] },
  { key: "DEAD", label: "Dead", states: ["DEAD"] },
] as const;

export type StateColumn = (typeof STATE_COLUMNS)[number]["key"];

export interface AgentDayRow {
  day: string;
  agentUser: string;
  fullName: string | null;
  campaign: string;
  team: string | null;
  loggedInSec: number;
  /** Seconds per column of {@link STATE_COLUMNS}. */
  byColumn: Record<StateColumn, number>;
  /**
   * Paused seconds per pause code ("" = none given), parsed from JSON: every code is an own
   * key (read them with Object.keys / Object.hasOwn, not `in` or a bare index, since the
   * object has Object.prototype).
   */
  pauseCodes: Record<string, number>;
  callsHandled: number;
  talkSec: number;
  /** talkSec ÷ callsHandled, null without calls. */
  avgTalkSec: number | null;
  dispositions: Record<string, number>;
}

export interface AgentDayQuery {
  filters: Pick<HistoryFilters, "from" | "to" | "team" | "agent">;
  /** null: every campaign. */
  campaigns: string[] | null;
  limit: number;
  offset?: number;
}

type Raw = {
  day: string;
  agent_user: string;
  full_name: string | null;
  campaign: string;
  team: string | null;
  logged_in_sec: number;
  calls_handled: number;
  talk_sec: number;
  dispositions: Record<string, number>;
  /** Paused seconds per pause code (null: never paused), keys in the order the rows were aggregated. */
  pause_codes: Record<string, number> | null;
} & Record<`col_${number}`, number>;

/**
 * The select list of one agent-day's state seconds, from agent_state_day `s` grouped by day,
 * agent and campaign: the seconds of each column of {@link STATE_COLUMNS} (`col_<index>`) and
 * the paused seconds per pause code as a JSON object (`pause_codes`). A column adds its
 * states' seconds in the columns' order, and a state's rows (PAUSED has one per pause code) in
 * the order they reach the aggregate, as the JSON of every state row this replaces was added
 * up here: the same float additions, so the same figures. Building and parsing that JSON was
 * about half of a 90-day export's query. The states are this file's constants, not input.
 *
 * The order in which a day's pause codes reach the aggregate is the plan's (the export's
 * cursor: descending; the page: its join's): with three or more codes the paused total may
 * differ in its last bit between the two, far below the 0.1 s shown. `ORDER BY` inside the
 * aggregates would fix it at a cost of 135 ms (a sort of every state row) on a 90-day export.
 * `json_object_agg` has no combine function, so neither query aggregates in parallel
 * (partial sums would add in yet another order).
 */
const STATE_SECONDS_SQL = [
  ...STATE_COLUMNS.map((c, i) => `${c.states.map((state) => `coalesce(sum(s.seconds) FILTER (WHERE s.state = '${state}'), 0)`).join(" + ")} AS col_${i}`),
  `json_object_agg(s.pause_code, s.seconds) FILTER (WHERE s.state = 'PAUSED') AS pause_codes`,
].join(", ");
/** The same columns read from the grouped rows `st` (an agent-day without states has none: 0). */
const STATE_SECONDS_COLUMNS = [...STATE_COLUMNS.map((_, i) => `coalesce(st.col_${i}, 0) AS col_${i}`), "st.pause_codes"].join(", ");

/** The rows, newest day first, then agent; `total` counts every matching row. */
export async function agentDayRows(db: Db, q: AgentDayQuery): Promise<{ rows: AgentDayRow[]; total: number }> {
  const { from, to, team, agent } = q.filters;
  const campaigns = q.campaigns;
  const [rows, count] = await Promise.all([
    pageOf(db, q, q.limit, q.offset ?? 0),
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM agent_day d
      WHERE d.day >= ${from} AND d.day <= ${to}
        AND (${campaigns}::text[] IS NULL OR d.campaign = ANY(${campaigns}::text[]))
        AND (${team}::text IS NULL OR d.team = ${team})
        AND (${agent}::text IS NULL OR d.agent_user = ${agent})`,
  ]);
  return { rows: rows.map(toRow), total: Number(count[0]?.n ?? 0) };
}

/** How long one export may hold its connection and transaction (ms); longer fails the download. */
export const EXPORT_TIMEOUT_MS = 5 * 60_000;

/** Thrown into the export's transaction when its reader stopped early: rolls it back. */
class ReaderGone extends Error {}

/**
 * Every matching row in the report's order (day descending, then agent, then campaign), one
 * day's rows per yielded array (a promise per day, not per row, for a 45,000-row export), read
 * through one server-side cursor: a single query, `batchSize` rows per FETCH, planned for the
 * first rows (backward index scans of agent_day and agent_state_day merged), so rows come at
 * once and never all sit in memory: at most three batches (the one being read, one fetched
 * ahead, one being fetched) and the rows of one day. `q.limit` and `q.offset` are ignored.
 *
 * The cursor returns each day's rows backward (agent and campaign descending, the primary
 * key's order read backward); they are handed out in reverse once the day is complete, which
 * is the report's order without PostgreSQL sorting every day by agent (about a tenth of the
 * query's time: agent names compared in the database's collation). So the rows of a day
 * leave when the cursor reaches the next day.
 *
 * The cursor lives in a transaction on one of `pool`'s connections (plain `pg`, see
 * lib/db/pg-pool.ts's EXPORT_POOL: through Prisma's interactive transaction each FETCH waited
 * on its decoding, a quarter of a 45,000-row export's time) for as long as the caller
 * iterates. Errors: a free connection not found within the pool's connect timeout, the
 * database's error (statement timeout, connection lost), or the export running longer than
 * `timeoutMs` (default {@link EXPORT_TIMEOUT_MS}; the connection is then closed even if the
 * caller never reads again), thrown where they happen, after the rows of the days already
 * complete. Stop iterating (`return()`) to close the cursor: the transaction is rolled back
 * and the connection given back before `return()` resolves.
 */
export async function* agentDayRowBatches(pool: pg.Pool, q: Omit<AgentDayQuery, "limit" | "offset">, batchSize = 2000, timeoutMs = EXPORT_TIMEOUT_MS): AsyncGenerator<AgentDayRow[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const { from, to, team, agent } = q.filters;
  // One batch handed from the transaction (producer) to this generator (consumer); each side
  // waits for the other through `wake` (never both at once: the producer waits only while the
  // slot is full, the consumer only while it is empty).
  let slot = null as Raw[] | null; // "as": set in the transaction's closure, which TS does not follow
  let finished = false;
  let failure: unknown = null;
  // Why the producer must stop: the reader went away, the time ran out, the connection broke.
  let stop: Error | null = null;
  let waiting: (() => void) | null = null;
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  const wait = () => new Promise<void>((resolve) => (waiting = resolve));
  const halt = (why: Error) => {
    stop ??= why;
    wake();
  };

  const transaction = (async () => {
    const client = await pool.connect();
    // A connection lost while no query runs (the reader paused) is reported by the client as
    // an event, not by a query: without a listener it would crash the process.
    const lost = (err: Error) => halt(err);
    client.on("error", lost);
    const timer = setTimeout(() => halt(new Error(`agents export took longer than ${timeoutMs / 1000} s`)), timeoutMs);
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      // Agent and campaign filters go into the states' scan too, so one agent's export reads
      // only that agent's states. Both scans run backward in the primary keys' order and are
      // merged; the ORDER BY is that order (no sort): the reader reverses each day.
      // The inner ORDER BY steers the plan (a merge, no hash of all the states).
      await client.query(
        `DECLARE agents_export NO SCROLL CURSOR FOR
         SELECT d.day, d.agent_user, d.campaign, d.team, d.logged_in_sec, d.calls_handled, d.talk_sec, d.dispositions,
                ${STATE_SECONDS_COLUMNS}, a.full_name
         FROM agent_day d
         LEFT JOIN (
           SELECT s.day, s.agent_user, s.campaign, ${STATE_SECONDS_SQL}
           FROM agent_state_day s
           WHERE s.day >= $1 AND s.day <= $2
             AND ($3::text[] IS NULL OR s.campaign = ANY($3::text[]))
             AND ($5::text IS NULL OR s.agent_user = $5)
           GROUP BY 1, 2, 3
           ORDER BY 1 DESC, 2 DESC, 3 DESC
         ) st ON st.day = d.day AND st.agent_user = d.agent_user AND st.campaign = d.campaign
         LEFT JOIN agent a ON a."user" = d.agent_user
         WHERE d.day >= $1 AND d.day <= $2
           AND ($3::text[] IS NULL OR d.campaign = ANY($3::text[]))
           AND ($4::text IS NULL OR d.team = $4)
           AND ($5::text IS NULL OR d.agent_user = $5)
         ORDER BY d.day DESC, d.agent_user DESC, d.campaign DESC`,
        [from, to, q.campaigns, team, agent],
      );
      for (;;) {
        // FETCH takes no bind parameter; batchSize is checked to be an integer above.
        const { rows } = await client.query<Raw>(`FETCH FORWARD ${batchSize} FROM agents_export`);
        while (slot !== null && stop === null) await wait();
        if (stop !== null) throw stop;
        slot = rows;
        wake();
        if (rows.length < batchSize) return;
      }
    } catch (err) {
      if (!(err instanceof ReaderGone)) broken = err as Error;
      throw err;
    } finally {
      clearTimeout(timer);
      // Closes the cursor. A connection that failed or timed out is closed rather than given
      // back (it may be mid-statement or gone).
      if (!broken) await client.query("ROLLBACK").catch((err: Error) => (broken = err));
      if (!broken) client.off("error", lost); // a closed one may still report its end
      client.release(broken);
    }
  })().then(
    () => {
      finished = true;
      wake();
    },
    (err: unknown) => {
      finished = true;
      if (!(err instanceof ReaderGone)) failure = err;
      wake();
    },
  );

  // The rows of the day being read, as the cursor gave them (agent and campaign descending).
  let day: Raw[] = [];
  try {
    for (;;) {
      while (slot === null && !finished) await wait();
      const rows = slot;
      if (rows === null) {
        if (failure !== null) throw failure;
        if (day.length > 0) yield inReportOrder(day);
        return;
      }
      slot = null;
      wake(); // the producer may fetch the next batch while these are read
      for (const r of rows) {
        if (day.length > 0 && r.day !== day[0]!.day) {
          const done = day;
          day = [];
          yield inReportOrder(done);
        }
        day.push(r);
      }
    }
  } finally {
    halt(new ReaderGone());
    await transaction; // the cursor closed, the connection back in the pool
  }
}

/** A day's rows as the cursor gave them (agent and campaign descending), in the report's order. */
function inReportOrder(day: readonly Raw[]): AgentDayRow[] {
  const out = new Array<AgentDayRow>(day.length);
  for (let i = 0; i < day.length; i++) out[i] = toRow(day[day.length - 1 - i]!);
  return out;
}

/** One page of the report: at most `limit` rows after skipping `offset`. */
function pageOf(db: Db, q: Omit<AgentDayQuery, "limit" | "offset">, limit: number, offset: number): Promise<Raw[]> {
  const { from, to, team, agent } = q.filters;
  const campaigns = q.campaigns;
  // The page of keys first, then its states in one grouped join (not a subquery per row,
  // which would also run for the rows an OFFSET skips).
  return db.$queryRaw<Raw[]>`
      WITH page AS (
        SELECT d.day, d.agent_user, d.campaign, d.team, d.logged_in_sec, d.calls_handled, d.talk_sec, d.dispositions
        FROM agent_day d
        WHERE d.day >= ${from} AND d.day <= ${to}
          AND (${campaigns}::text[] IS NULL OR d.campaign = ANY(${campaigns}::text[]))
          AND (${team}::text IS NULL OR d.team = ${team})
          AND (${agent}::text IS NULL OR d.agent_user = ${agent})
        ORDER BY d.day DESC, d.agent_user, d.campaign
        LIMIT ${limit} OFFSET ${offset}
      ), st AS (
        SELECT s.day, s.agent_user, s.campaign, ${Prisma.raw(STATE_SECONDS_SQL)}
        FROM agent_state_day s JOIN page p ON p.day = s.day AND p.agent_user = s.agent_user AND p.campaign = s.campaign
        WHERE s.day >= ${from} AND s.day <= ${to}
        GROUP BY 1, 2, 3
      )
      SELECT p.*, a.full_name, ${Prisma.raw(STATE_SECONDS_COLUMNS)}
      FROM page p LEFT JOIN st ON st.day = p.day AND st.agent_user = p.agent_user AND st.campaign = p.campaign
                  LEFT JOIN agent a ON a."user" = p.agent_user
      ORDER BY p.day DESC, p.agent_user, p.campaign`;
}

function toRow(r: Raw): AgentDayRow {
  const byColumn = {} as Record<StateColumn, number>;
  for (let i = 0; i < STATE_COLUMNS.length; i++) byColumn[STATE_COLUMNS[i]!.key] = r[`col_${i}`] ?? 0;
  // Keyed by stored text (pause codes come from agent events), parsed from JSON: a code such
  // as "constructor" or "__proto__" is an own key like any other.
  const pauseCodes = r.pause_codes ?? {};
  return {
    day: r.day,
    agentUser: r.agent_user,
    fullName: r.full_name,
    campaign: r.campaign,
    team: r.team,
    loggedInSec: r.logged_in_sec,
    byColumn,
    pauseCodes,
    callsHandled: r.calls_handled,
    talkSec: r.talk_sec,
    avgTalkSec: r.calls_handled > 0 ? r.talk_sec / r.calls_handled : null,
    dispositions: r.dispositions ?? {},
  };
}

/** "LUNCH=1800;BREAK=600" style text of a seconds or count map, keys sorted; "" key shown as `none`. */
export function mapText(m: Record<string, number>, round = true): string {
  // Twice per row of agents.csv (90,000 calls for 90 days): an insertion sort of the keys in
  // place (stable, like Array.prototype.sort, so a code "none" and the "" code keep their
  // order) and one string, instead of arrays of pairs sorted and joined.
  const keys = Object.keys(m);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    const text = shownKey(key);
    let j = i - 1;
    for (; j >= 0 && shownKey(keys[j]!) > text; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  let text = "";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    text += `${i === 0 ? "" : ";"}${shownKey(k)}=${round ? Math.round(m[k]!) : m[k]}`;
  }
  return text;
}

const shownKey = (k: string) => (k === "" ? "none" : k);
