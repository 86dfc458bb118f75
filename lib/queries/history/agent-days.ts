/**
 * Report "agents": one row per agent, local day and campaign from the rollup agent_day, with
 * the time per state and per pause code (its state_sec and pause_sec).
 */
import type pg from "pg";
import { Prisma } from "../../generated/prisma/client";
import type { Db } from "../../db/prisma";
import type { HistoryFilters } from "../../history/filters";
import { addDay } from "../../history/days";

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

/** A row of an export page: one day, and the JSON text of its {@link RowJson}s. */
type JsonDay = [day: string, rows: number, text: string];

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

/** Rows an export page aims at (whole days: a day is never split), ~0.6 MB of JSON text. */
export const EXPORT_PAGE_ROWS = 2_000;
/** The most days an export page holds, however few rows they have. */
export const EXPORT_PAGE_MAX_DAYS = 31;

/** How long one export may run (ms): a page is not read after that, the download fails. */
export const EXPORT_TIMEOUT_MS = 5 * 60_000;

/**
 * Every matching row in the report's order (day descending, then agent, then campaign), one
 * day's rows per yielded array (a promise per day, not per row, for a 45,000-row export), read
 * in pages of whole days (`daysPerPage`; "auto": one day, then pages of about
 * {@link EXPORT_PAGE_ROWS} rows at most {@link EXPORT_PAGE_MAX_DAYS} days, sized on the days
 * read so far): a single query per page whose rows are days, each day one
 * JSON text (an array of {@link RowJson}: one field to decode and one JSON.parse per day, where
 * a field per value and row was most of the export's time in `pg`), the next page keyed on the
 * last day read (up to the day before it, no OFFSET) and prepared once per connection (a
 * backward scan of agent_day's primary key feeding the aggregate in its order, stopped by the
 * LIMIT: no sort).
 * The next page is read while the caller handles this one, so days come at once and never all
 * sit in memory: at most two pages. `q.limit` and `q.offset` are ignored.
 *
 * Each day's rows come backward (agent and campaign descending, the primary key's order read
 * backward) and are handed out in reverse, which is the report's order without PostgreSQL
 * sorting every day by agent (agent names compared in the database's collation).
 *
 * A connection of `pool` (plain `pg`, see lib/db/pg-pool.ts's EXPORT_POOL: Prisma decoded each
 * page on the worker, a quarter of a 45,000-row export's time) is held only while a page is
 * read, never while the caller waits on its reader: a paused or stalled download holds none,
 * so any number of downloads share the pool's four connections (a server-side cursor held one
 * per download for its whole length, and a fifth download failed after waiting 5 s). Each day
 * is read whole by one statement, so its rows are consistent with each other; days read by
 * different pages may straddle a rollup run (each agent-day row is either before or after it).
 *
 * Errors, thrown where they happen, after the days already read: a free connection not found
 * within the pool's connect timeout, the database's error (statement timeout, connection
 * lost), or a page wanted after the export has run `timeoutMs` (default
 * {@link EXPORT_TIMEOUT_MS}). Stopping early (`return()`) leaves nothing open: a page being
 * read ahead finishes and gives its connection back by itself.
 */
export async function* agentDayRowBatches(pool: pg.Pool, q: Omit<AgentDayQuery, "limit" | "offset">, daysPerPage: number | "auto" = "auto", timeoutMs = EXPORT_TIMEOUT_MS): AsyncGenerator<AgentDayRow[]> {
  if (daysPerPage !== "auto" && (!Number.isInteger(daysPerPage) || daysPerPage < 1)) throw new RangeError(`daysPerPage must be a positive integer or "auto", got ${daysPerPage}`);
  const { from, to, team, agent } = q.filters;
  const deadline = performance.now() + timeoutMs;
  // Only the filters given are in the statement, and each set of them is its own prepared
  // statement (planned once per connection; without a NULL-or-value test a generic plan uses
  // the same index conditions as a custom one).
  const values: unknown[] = [from, null, null];
  const where: string[] = [];
  const shape: string[] = [];
  const filter = (name: string, sql: (n: number) => string, value: unknown) => {
    if (value === null) return;
    values.push(value);
    where.push(`AND ${sql(values.length)}`);
    shape.push(name);
  };
  filter("campaign", (n) => `d.campaign = ANY($${n}::text[])`, q.campaigns);
  filter("team", (n) => `d.team = $${n}`, team);
  filter("agent", (n) => `d.agent_user = $${n}`, agent);
  // Both ORDER BYs together are the primary key's order read backward, so PostgreSQL (16 and
  // later) feeds the aggregate from the index scan without sorting, and the LIMIT ends the
  // scan; the reader reverses each day.
  const text = `SELECT d.day, count(*)::int, json_agg(${ROW_JSON_SQL} ORDER BY d.agent_user DESC, d.campaign DESC)::text
                FROM agent_day d LEFT JOIN agent a ON a."user" = d.agent_user
                WHERE d.day >= $1 AND d.day <= $2 ${where.join(" ")}
                GROUP BY d.day
                ORDER BY d.day DESC
                LIMIT $3`;
  const name = `agents-export-page${shape.map((f) => `-${f}`).join("")}`;
  // `upTo`: the newest day the page may hold; the next page's is the day before the last one read.
  const page = (upTo: string, days: number): Promise<pg.QueryResult<JsonDay>> => {
    values[1] = upTo;
    values[2] = days;
    const read =
      performance.now() > deadline
        ? Promise.reject(new Error(`agents export took longer than ${timeoutMs / 1000} s`))
        : pool.query<JsonDay>({ name, text, values: [...values], rowMode: "array" });
    // Awaited below; a reader that stops early must not leave its failure unhandled.
    read.catch(() => {});
    return read;
  };
  // "auto": a first page of one day (the first rows come soon), then as many days as hold
  // about EXPORT_PAGE_ROWS rows at the size of the days just read.
  const sized = (read: readonly JsonDay[]): number => {
    if (daysPerPage !== "auto") return daysPerPage;
    const perDay = read.reduce((n, d) => n + d[1], 0) / read.length;
    return Math.max(1, Math.min(EXPORT_PAGE_MAX_DAYS, Math.floor(EXPORT_PAGE_ROWS / perDay)));
  };
  let asked = daysPerPage === "auto" ? 1 : daysPerPage;
  let next: Promise<pg.QueryResult<JsonDay>> | null = page(to, asked);
  while (next !== null) {
    const { rows }: pg.QueryResult<JsonDay> = await next;
    // A page shorter than asked for is the last. Days are stored as YYYY-MM-DD, so the day
    // before is calendar arithmetic in any zone.
    if (rows.length < asked) next = null;
    else {
      asked = sized(rows);
      next = page(addDay(rows[rows.length - 1]![0], -1, "UTC"), asked);
    }
    // Let the pool send that query now: it hands out a connection on a later tick, which would
    // otherwise wait until the reader has taken every day below (the reader's work runs as one
    // chain of promise callbacks), and PostgreSQL would sit idle meanwhile. Measured on 90 days
    // × 500 agents: the reader waited 350 ms for pages per download without this, 140 ms with.
    await new Promise((resolve) => setImmediate(resolve));
    for (const [, , text] of rows) yield inReportOrder(JSON.parse(text) as RowJson[]);
  }
}

/** A day's rows as a page gives them (agent and campaign descending), in the report's order. */
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
