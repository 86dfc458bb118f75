/**
 * Report "agents": one row per agent, local day and campaign from the rollup agent_day, with
 * the time per state and per pause code (its state_sec and pause_sec).
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

/**
 * One agent_day row as PostgreSQL sends it to both queries: a JSON array in this order (the
 * page: one text per row; the export: one per day, see agentDayRowBatches). For a 45,000-row
 * export, pg's decoding of 15 fields per row cost the worker about twice what V8's JSON.parse
 * of the same rows does (PostgreSQL builds the JSON on its own core); the numbers come out as
 * the same doubles (PostgreSQL prints float8 in its shortest exact form while
 * `extra_float_digits` is at least 1, its default since PostgreSQL 12; the json columns keep
 * the text the rollup wrote, JavaScript's own shortest form).
 */
type RowJson = [
  day: string,
  agentUser: string,
  campaign: string,
  team: string | null,
  loggedInSec: number,
  callsHandled: number,
  talkSec: number,
  dispositions: Record<string, number>,
  stateSec: Record<string, number>,
  pauseSec: Record<string, number>,
  fullName: string | null,
];

/** A row of the export's cursor: one day, the JSON text of its {@link RowJson}s. */
type JsonDay = [text: string];

/** The expression of one {@link RowJson} (json) from agent_day `d` and agent `a`. */
const ROW_JSON_SQL = `json_build_array(d.day, d.agent_user, d.campaign, d.team, d.logged_in_sec, d.calls_handled, d.talk_sec,
                      d.dispositions, d.state_sec, d.pause_sec, a.full_name)`;

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
 * through one server-side cursor: a single query whose rows are days, each day one JSON text
 * (an array of {@link RowJson}: one field to decode and one JSON.parse per day, where a field
 * per value and row was most of the export's time in `pg`), `daysPerFetch` days per FETCH,
 * planned for the first rows (a backward scan of agent_day's primary key feeding the
 * aggregate in its order: no sort), so days come at once and never all sit in memory: at most
 * three batches (the one being read, one fetched ahead, one being fetched). `q.limit` and
 * `q.offset` are ignored.
 *
 * Each day's rows come backward (agent and campaign descending, the primary key's order read
 * backward) and are handed out in reverse, which is the report's order without PostgreSQL
 * sorting every day by agent (agent names compared in the database's collation).
 *
 * The cursor lives in a transaction on one of `pool`'s connections (plain `pg`, see
 * lib/db/pg-pool.ts's EXPORT_POOL: through Prisma's interactive transaction each FETCH waited
 * on its decoding, a quarter of a 45,000-row export's time) for as long as the caller
 * iterates. Errors: a free connection not found within the pool's connect timeout, the
 * database's error (statement timeout, connection lost), or the export running longer than
 * `timeoutMs` (default {@link EXPORT_TIMEOUT_MS}; the connection is then closed even if the
 * caller never reads again), thrown where they happen, after the days already read. Stop
 * iterating (`return()`) to close the cursor: the transaction is rolled back and the
 * connection given back before `return()` resolves.
 */
export async function* agentDayRowBatches(pool: pg.Pool, q: Omit<AgentDayQuery, "limit" | "offset">, daysPerFetch = 2, timeoutMs = EXPORT_TIMEOUT_MS): AsyncGenerator<AgentDayRow[]> {
  if (!Number.isInteger(daysPerFetch) || daysPerFetch < 1) throw new RangeError(`daysPerFetch must be a positive integer, got ${daysPerFetch}`);
  const { from, to, team, agent } = q.filters;
  // One batch handed from the transaction (producer) to this generator (consumer); each side
  // waits for the other through `wake` (never both at once: the producer waits only while the
  // slot is full, the consumer only while it is empty).
  let slot = null as JsonDay[] | null; // "as": set in the transaction's closure, which TS does not follow
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
      // A row per day. Both ORDER BYs together are the primary key's order read backward, so
      // PostgreSQL (16 and later) feeds the aggregate from the index scan without sorting; the
      // reader reverses each day.
      await client.query(
        `DECLARE agents_export NO SCROLL CURSOR FOR
         SELECT json_agg(${ROW_JSON_SQL} ORDER BY d.agent_user DESC, d.campaign DESC)::text
         FROM agent_day d LEFT JOIN agent a ON a."user" = d.agent_user
         WHERE d.day >= $1 AND d.day <= $2
           AND ($3::text[] IS NULL OR d.campaign = ANY($3::text[]))
           AND ($4::text IS NULL OR d.team = $4)
           AND ($5::text IS NULL OR d.agent_user = $5)
         GROUP BY d.day
         ORDER BY d.day DESC`,
        [from, to, q.campaigns, team, agent],
      );
      for (;;) {
        // FETCH takes no bind parameter; daysPerFetch is checked to be an integer above.
        const { rows } = await client.query<JsonDay>({ text: `FETCH FORWARD ${daysPerFetch} FROM agents_export`, rowMode: "array" });
        while (slot !== null && stop === null) await wait();
        if (stop !== null) throw stop;
        slot = rows;
        wake();
        if (rows.length < daysPerFetch) return;
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

  try {
    for (;;) {
      while (slot === null && !finished) await wait();
      const days = slot;
      if (days === null) {
        if (failure !== null) throw failure;
        return;
      }
      slot = null;
      wake(); // the producer may fetch the next batch while these are read
      for (const [text] of days) yield inReportOrder(JSON.parse(text) as RowJson[]);
    }
  } finally {
    halt(new ReaderGone());
    await transaction; // the cursor closed, the connection back in the pool
  }
}

/** A day's rows as the cursor gives them (agent and campaign descending), in the report's order. */
function inReportOrder(day: readonly RowJson[]): AgentDayRow[] {
  const out = new Array<AgentDayRow>(day.length);
  for (let i = 0; i < day.length; i++) out[i] = toRow(day[day.length - 1 - i]!);
  return out;
}

/** One page of the report: at most `limit` rows after skipping `offset`. */
async function pageOf(db: Db, q: Omit<AgentDayQuery, "limit" | "offset">, limit: number, offset: number): Promise<RowJson[]> {
  const { from, to, team, agent } = q.filters;
  const campaigns = q.campaigns;
  const rows = await db.$queryRaw<{ r: string }[]>`
      SELECT ${Prisma.raw(ROW_JSON_SQL)}::text AS r
      FROM (
        SELECT * FROM agent_day d
        WHERE d.day >= ${from} AND d.day <= ${to}
          AND (${campaigns}::text[] IS NULL OR d.campaign = ANY(${campaigns}::text[]))
          AND (${team}::text IS NULL OR d.team = ${team})
          AND (${agent}::text IS NULL OR d.agent_user = ${agent})
        ORDER BY d.day DESC, d.agent_user, d.campaign
        LIMIT ${limit} OFFSET ${offset}
      ) d LEFT JOIN agent a ON a."user" = d.agent_user
      ORDER BY d.day DESC, d.agent_user, d.campaign`;
  return rows.map((row) => JSON.parse(row.r) as RowJson);
}

/**
 * The report's row of one agent-day. A column of {@link STATE_COLUMNS} adds its states'
 * seconds in the columns' order, from 0 (as the SQL that summed them did before agent_day
 * kept them, so the figures of days rolled up then are unchanged); the page and the CSV use
 * this one function, so they show the same figures.
 */
function toRow(r: RowJson): AgentDayRow {
  const [day, agentUser, campaign, team, loggedInSec, callsHandled, talkSec, dispositions, stateSec, pauseSec, fullName] = r;
  const byColumn = {} as Record<StateColumn, number>;
  for (const c of STATE_COLUMNS) {
    let seconds = 0;
    // The keys looked up are the states above, never a name Object.prototype has.
    for (const state of c.states) seconds += stateSec[state] ?? 0;
    byColumn[c.key] = seconds;
  }
  return {
    day,
    agentUser,
    fullName,
    campaign,
    team,
    loggedInSec,
    byColumn,
    // Keyed by stored text (pause codes and dispositions come from agent events), parsed from
    // JSON: a code such as "constructor" or "__proto__" is an own key like any other.
    pauseCodes: pauseSec,
    callsHandled,
    talkSec,
    avgTalkSec: callsHandled > 0 ? talkSec / callsHandled : null,
    dispositions,
  };
}

/**
 * "LUNCH=1800;BREAK=600" style text of a seconds or count map, keys sorted as shown; the ""
 * key is shown as `none`, before a code actually named "none" (so the order never depends on
 * the order the keys were stored in).
 */
export function mapText(m: Record<string, number>, round = true): string {
  // Twice per row of agents.csv (90,000 calls for 90 days): an insertion sort of the keys in
  // place and one string, instead of arrays of pairs sorted and joined.
  const keys = Object.keys(m);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    const text = shownKey(key);
    let j = i - 1;
    for (; j >= 0 && sortsAfter(keys[j]!, key, text); j--) keys[j + 1] = keys[j]!;
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
/** Whether key `a` sorts after key `b` (shown as `bText`): by shown text, then "" first. */
const sortsAfter = (a: string, b: string, bText: string) => {
  const aText = shownKey(a);
  return aText > bText || (aText === bText && a > b);
};
