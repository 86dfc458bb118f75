/**
 * The bytes of agents.csv (lib/history/agents-export.ts), read straight from the stream on a
 * real database: awkward rows (fractional seconds, pause codes "" and "none", quotes, commas,
 * formula-like names, an agent missing from the roster, a day without state rows, several
 * campaigns per agent and day), rolled up before agent_day kept its seconds per state (the
 * migration 20261231000000_agent_day_state_seconds fills them in from agent_state_day), give
 * exactly the frozen text below, and a larger table (more
 * rows than one page, names whose order depends on case and punctuation) gives the
 * same bytes as the paged report the history page reads (a separate query, sorted by
 * PostgreSQL), so a faster export cannot change a byte. And the export's pages hold no
 * connection while nobody reads, read each day once whatever their size, and a page wanted
 * after the export's time limit fails it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";
import { applyMigrations, migrationsDir } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import { createPgPool, EXPORT_POOL } from "../../lib/db/pg-pool";
import { toCsv } from "../../lib/csv";
import { agentsCsvStream } from "../../lib/history/agents-export";
import { AGENTS_HEADER, agentsRow } from "../../lib/history/reports";
import { agentDayRowBatches, agentDayRows } from "../../lib/queries/history/agent-days";
import { createTestDatabase, query } from "../support/database";
import { until } from "../support/until";

let url: string;
let db: Db;
let pool: pg.Pool;

beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  db = createPrisma(url, 4);
  pool = createPgPool(url, EXPORT_POOL);
});
afterAll(async () => {
  await db?.$disconnect();
  await pool?.end();
});

const download = (from: string, to: string, extra: { team?: string; agent?: string; campaigns?: string[] } = {}, on = { db, pool }) =>
  new Response(agentsCsvStream(on.db, on.pool, { filters: { from, to, team: extra.team ?? null, agent: extra.agent ?? null }, campaigns: extra.campaigns ?? null })).text();

/** The migration that gave agent_day its seconds per state and pause code. */
const STATE_SECONDS_MIGRATION = "20261231000000_agent_day_state_seconds";
/** The migration that dropped agent_state_day. */
const DROP_STATE_DAY_MIGRATION = "20261231010000_drop_agent_state_day";

/** Applies the migrations before `name` only (a copy of them in a temporary folder). */
async function migrateUpTo(databaseUrl: string, name: string): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  try {
    for (const m of readdirSync(migrationsDir()).filter((m) => m < name)) cpSync(path.join(migrationsDir(), m), path.join(dir, m), { recursive: true });
    await applyMigrations(databaseUrl, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The frozen bytes of the awkward rows of the first test, read through `download`. */
async function expectAwkwardRows(download: (from: string, to: string, extra?: { team?: string; agent?: string; campaigns?: string[] }) => Promise<string>): Promise<void> {
  expect(await download("2026-04-30", "2026-05-02")).toBe(
      [
        "day,agent,name,campaign,team,logged_in_sec,ready_sec,incall_sec,paused_sec,dispo_sec,dead_sec,pause_codes_sec,calls_handled,talk_sec,avg_talk_sec,dispositions",
        "2026-05-02,B2,'=cmd,SALES,,0.2,0,0,0.2,0,0,'=X=0,1,0.3,0.3,NI=1",
        "2026-05-02,b.x,\"Zoë, \"\"Z\"\"\",OUT,T1,12.4,12.4,0,0,0,0,,0,0,,",
        "2026-05-02,b.x,\"Zoë, \"\"Z\"\"\",SALES,T1,3600.1,0.2,12.9,2403.5,30,0.4,\"LUNCH=1800;__proto__=1;a,b=3;none=0;none=600\",3,100,33.3,'-x=3;SALE=2;none=1",
        "2026-05-02,ghost,,SALES,T9,60,0,0,0,0,0,,0,0,,",
        "2026-05-01,a10,\" padded\",SUPPORT,T2,1800,1754.5,45.5,0,0,0,,2,45.5,22.8,B=3;a=2;b=1",
        "2026-05-01,a9,,SALES,T2,900,0,0,0,0,0,,0,0,,",
        "2026-04-30,a9,,SALES,T2,10,0,0,10,0,0,BREAK=10,0,0,,",
        "",
      ].join("\r\n"),
    );
    // Filters narrow the same rows.
    expect((await download("2026-05-02", "2026-05-02", { agent: "b.x", campaigns: ["OUT"] })).split("\r\n")[1]).toBe("2026-05-02,b.x,\"Zoë, \"\"Z\"\"\",OUT,T1,12.4,12.4,0,0,0,0,,0,0,,");
    expect(await download("2026-05-01", "2026-05-02", { team: "T2" })).toBe(`${AGENTS_HEADER.join(",")}\r\n2026-05-01,a10,\" padded\",SUPPORT,T2,1800,1754.5,45.5,0,0,0,,2,45.5,22.8,B=3;a=2;b=1\r\n2026-05-01,a9,,SALES,T2,900,0,0,0,0,0,,0,0,,\r\n`);
}

describe("agents.csv bytes", () => {
  // Rolled up before either migration (a database upgraded), or between them by the previous
  // worker of a rolling reload, whose job writes agent_day without its seconds per state.
  it.each([STATE_SECONDS_MIGRATION, DROP_STATE_DAY_MIGRATION])("writes awkward rows exactly as before, rolled up by a server from before %s", async (first) => {
    const url = await createTestDatabase();
    await migrateUpTo(url, first);
    await query(url, `INSERT INTO agent ("user", full_name, campaign, team, on_roster) VALUES
      ('b.x', 'Zoë, "Z"', 'SALES', 'T1', true), ('B2', '=cmd', 'SALES', NULL, true), ('a10', ' padded', 'SUPPORT', 'T2', true), ('a9', NULL, 'SALES', 'T2', true)`);
    await query(
      url,
      `INSERT INTO agent_day (day, agent_user, campaign, team, logged_in_sec, calls_handled, talk_sec, dispositions) VALUES
        ('2026-05-02', 'b.x', 'SALES', 'T1', 3600.05, 3, 100, '{"SALE": 2, "": 1, "-x": 3}'),
        ('2026-05-02', 'b.x', 'OUT', 'T1', 12.35, 0, 0, '{}'),
        ('2026-05-02', 'B2', 'SALES', NULL, 0.15, 1, 0.25, '{"NI": 1}'),
        ('2026-05-02', 'ghost', 'SALES', 'T9', 60, 0, 0, '{}'),
        ('2026-05-01', 'a10', 'SUPPORT', 'T2', 1800, 2, 45.5, '{"b": 1, "a": 2, "B": 3}'),
        ('2026-05-01', 'a9', 'SALES', 'T2', 900, 0, 0, '{}'),
        ('2026-04-30', 'a9', 'SALES', 'T2', 10, 0, 0, '{}')`,
    );
    await query(
      url,
      `INSERT INTO agent_state_day (day, agent_user, campaign, state, pause_code, seconds) VALUES
        ('2026-05-02', 'b.x', 'SALES', 'READY', '', 0.05), ('2026-05-02', 'b.x', 'SALES', 'CLOSER', '', 0.1),
        ('2026-05-02', 'b.x', 'SALES', 'INCALL', '', 0.1), ('2026-05-02', 'b.x', 'SALES', 'DIAL', '', 0.2), ('2026-05-02', 'b.x', 'SALES', 'PARK', '', 0.3), ('2026-05-02', 'b.x', 'SALES', '3-WAY', '', 12.25),
        ('2026-05-02', 'b.x', 'SALES', 'PAUSED', '', 0.05), ('2026-05-02', 'b.x', 'SALES', 'PAUSED', 'none', 600.45), ('2026-05-02', 'b.x', 'SALES', 'PAUSED', 'LUNCH', 1799.5),
        ('2026-05-02', 'b.x', 'SALES', 'PAUSED', '__proto__', 1), ('2026-05-02', 'b.x', 'SALES', 'PAUSED', 'a,b', 2.5),
        ('2026-05-02', 'b.x', 'SALES', 'DISPO', '', 30), ('2026-05-02', 'b.x', 'SALES', 'DEAD', '', 0.35), ('2026-05-02', 'b.x', 'SALES', 'OTHER', '', 99),
        ('2026-05-02', 'b.x', 'OUT', 'READY', '', 12.35),
        ('2026-05-02', 'B2', 'SALES', 'PAUSED', '=X', 0.15),
        ('2026-05-01', 'a10', 'SUPPORT', 'INCALL', '', 45.5), ('2026-05-01', 'a10', 'SUPPORT', 'READY', '', 1754.5),
        ('2026-04-30', 'a9', 'SALES', 'PAUSED', 'BREAK', 10)`,
    );
    // The seconds move to agent_day (whichever migration finds them missing), then agent_state_day goes.
    expect((await applyMigrations(url)).applied).toEqual([STATE_SECONDS_MIGRATION, DROP_STATE_DAY_MIGRATION].filter((m) => m >= first));
    const on = { db: createPrisma(url, 2), pool: createPgPool(url, EXPORT_POOL) };
    try {
      await expectAwkwardRows((from, to, extra) => download(from, to, extra, on));
    } finally {
      await on.db.$disconnect();
      await on.pool.end();
    }
  });

  it("gives the paged report's bytes on more rows than a page", async () => {
    // 3 days × 1,200 agent-days: names differing by case and punctuation, two campaigns for
    // some agents, fractional seconds, a few days without states.
    await query(url, `INSERT INTO agent ("user", full_name, on_roster) SELECT 'z' || (CASE WHEN a % 3 = 0 THEN 'A' WHEN a % 3 = 1 THEN 'a' ELSE '_' END) || a, 'Name ' || a, true FROM generate_series(1, 1000) a`);
    await query(
      url,
      `INSERT INTO agent_day (day, agent_user, campaign, team, logged_in_sec, calls_handled, talk_sec, dispositions)
       SELECT '2026-06-0' || d, 'z' || (CASE WHEN a % 3 = 0 THEN 'A' WHEN a % 3 = 1 THEN 'a' ELSE '_' END) || a, c, 'T' || (a % 4), a * 1.05 + d, a % 7, a * 0.35, jsonb_build_object('SALE', a % 3, 'X' || (a % 5), 1)
       FROM generate_series(1, 3) d, generate_series(1, 1000) a, (VALUES ('C1'), ('C2')) AS cs(c)
       WHERE c = 'C1' OR a % 5 = 0`,
    );
    await query(
      url,
      `UPDATE agent_day SET
         state_sec = jsonb_build_object('READY', logged_in_sec * 0.3, 'CLOSER', logged_in_sec * 0.05, 'INCALL', logged_in_sec * 0.25, 'DIAL', logged_in_sec * 0.05,
                                        'PAUSED', logged_in_sec * 0.1 + logged_in_sec * 0.15, 'DISPO', logged_in_sec * 0.1),
         pause_sec = jsonb_build_object('', logged_in_sec * 0.1, 'LUNCH', logged_in_sec * 0.15)
       WHERE day LIKE '2026-06-%' AND (calls_handled <> 3 OR day <> '2026-06-02')`,
    );
    const all = await agentDayRows(db, { filters: { from: "2026-06-01", to: "2026-06-03", team: null, agent: null }, campaigns: null, limit: 10_000 });
    expect(all.rows.length).toBe(3600);
    expect(await download("2026-06-01", "2026-06-03")).toBe(toCsv(AGENTS_HEADER, all.rows.map(agentsRow)));
  });
});

describe("the export's pages", () => {
  it("hold no connection while nobody reads, and a page wanted after the time limit fails the export", async () => {
    // The rows of the test above (3 days); a day per page, 4 s to live (the first two pages
    // are asked for at once, well before that even on a busy machine).
    const started = performance.now();
    const rows = agentDayRowBatches(pool, { filters: { from: "2026-06-01", to: "2026-06-03", team: null, agent: null }, campaigns: null }, 1, 4_000);
    // A day at a time: the first batch is the newest day, whole.
    const first = (await rows.next()).value as { day: string }[];
    expect(first).toHaveLength(1200);
    expect(new Set(first.map((r) => r.day))).toEqual(new Set(["2026-06-03"]));
    // Nobody reads: once the page read ahead is in, every connection is back in the pool, and
    // PostgreSQL has no query running and no transaction open for the export.
    await until(() => pool.totalCount - pool.idleCount, (inUse) => inUse === 0, 2_500, "the read-ahead page's connection back in the pool");
    const busy = await query(
      url,
      `SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
         AND (query LIKE '%FROM agent_day d%' OR query LIKE 'FETCH %' OR state LIKE 'idle in transaction%')`,
    );
    expect(busy).toEqual([]);
    await new Promise((r) => setTimeout(r, 4_100 - (performance.now() - started)));
    // The day read ahead in time comes; the next page, wanted after the limit, fails.
    let read = first.length;
    const failure = await (async () => {
      for await (const day of { [Symbol.asyncIterator]: () => rows }) read += day.length;
    })().catch((err: Error) => err);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("agents export took longer than 4 s");
    expect(read).toBe(2400);
    // The pool is fine: the next export reads every row.
    let all = 0;
    for await (const day of agentDayRowBatches(pool, { filters: { from: "2026-06-01", to: "2026-06-03", team: null, agent: null }, campaigns: null }, 1)) all += day.length;
    expect(all).toBe(3600);
  });

  it("reads every day once whatever the page size, days without rows and filters included", async () => {
    // The rows of the test above: days 2026-06-01..03 in a range of 61 days that has no other.
    const days = async (daysPerPage: number | "auto", extra: { agent?: string; team?: string; campaigns?: string[] } = {}) => {
      const seen: string[] = [];
      const filters = { from: "2026-05-01", to: "2026-06-30", team: extra.team ?? null, agent: extra.agent ?? null };
      for await (const day of agentDayRowBatches(pool, { filters, campaigns: extra.campaigns ?? null }, daysPerPage))
        seen.push(`${day[0]!.day}:${day.length}`);
      return seen;
    };
    const whole = await days(100);
    expect(whole.map((d) => d.split(":")[0])).toEqual(["2026-06-03", "2026-06-02", "2026-06-01"]);
    for (const n of [1, 2, 3, 4, "auto"] as const) expect(await days(n), `${n} days per page`).toEqual(whole);
    // Each set of filters is a statement of its own on the same connections.
    expect(await days("auto", { campaigns: ["C2"] })).toEqual(["2026-06-03:200", "2026-06-02:200", "2026-06-01:200"]);
    expect(await days(2, { agent: "zA3" })).toEqual(["2026-06-03:1", "2026-06-02:1", "2026-06-01:1"]);
    expect(await days("auto", { team: "T1", campaigns: ["C1", "C2"] })).toEqual(["2026-06-03:300", "2026-06-02:300", "2026-06-01:300"]);
    expect(await days("auto")).toEqual(whole);
  });
});
