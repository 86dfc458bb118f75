/**
 * agents.csv on 90 days of rollups (issue 11 item 9, issue 14): streamed, so the first byte
 * leaves within 100 ms and the whole file arrives, in order, without the server building it in
 * memory: pages of days read as the client reads, with no database connection held while the
 * client pauses (five paused downloads do not hold up a sixth), and a database failure midway
 * fails the download instead of ending a short file. The real server on a real database
 * filled with 90 days × 2,000 agents of rollup rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { parse } from "csv-parse/sync";
import { createTestDatabase, query } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { until } from "../support/until";

const DAYS = 90;
/**
 * 2,000 agents: 180,000 rows, ~21 MB. A paused loopback client and the server's socket can
 * hold ~4 MB between them, more once the kernel has grown the receive window: with 500 agents
 * (5.2 MB) the whole export sometimes fit, finished, and left no cursor to look at.
 */
const AGENTS = 2_000;
const LAST = "2026-10-31";
let server: TestServer;
let databaseUrl: string;

/**
 * The backends busy with the agents export (a page's query or a cursor's FETCH running, or a
 * transaction left open), as PostgreSQL lists them: this test's database only (other test files share the
 * PostgreSQL server and export too). An idle pooled connection is not busy.
 */
function busyExportBackends(): Promise<{ pid: number; state: string; query: string }[]> {
  return query(
    databaseUrl,
    `SELECT pid, state, query FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
       AND (query LIKE '%FROM agent_day d%' OR query LIKE 'FETCH %' OR state LIKE 'idle in transaction%')`,
  );
}

/*
 * Every request here opens its own connection (`agent: false`): Node's global agent keeps
 * connections alive, and reusing one just as the server's 5 s keep-alive timeout closes it
 * ends the request with "socket hang up" before the server saw it (CI, issue 14 stop 28).
 */

/**
 * Starts a download of `path`, resolves once some body (a data row, not only the header) has
 * arrived, with the response paused there: the server can only send what the socket takes.
 * Rejects if the response ends first.
 */
function startDownload(path: string): Promise<{ res: http.IncomingMessage; req: http.ClientRequest; received: () => string; done: Promise<{ complete: boolean; error: string | null }> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = http.get(`${server.url}${path}`, { agent: false, headers: { cookie: server.cookie } }, (res) => {
      let resolved = false;
      let error: string | null = null;
      res.on("error", (err) => (error = err.message));
      const done = new Promise<{ complete: boolean; error: string | null }>((end) => res.on("close", () => end({ complete: res.complete, error })));
      void done.then((end) => {
        if (!resolved) reject(new Error(`${path}: the response ended before any row (${end.error ?? "no error"}, ${res.statusCode}): ${Buffer.concat(chunks).toString("utf8").slice(0, 200)}`));
      });
      res.on("data", (c: Buffer) => {
        chunks.push(c);
        if (!resolved && Buffer.concat(chunks).toString("utf8").split("\r\n").length > 2) {
          resolved = true;
          res.pause();
          resolve({ res, req, received: () => Buffer.concat(chunks).toString("utf8"), done });
        }
      });
    });
    req.on("error", reject);
  });
}

/** GET `path`; ms until the first body byte and until the end, status and body. */
function timedGet(path: string): Promise<{ status: number; firstByteMs: number; totalMs: number; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = -1;
    const chunks: Buffer[] = [];
    const req = http.get(`${server.url}${path}`, { agent: false, headers: { cookie: server.cookie } }, (res) => {
      res.on("data", (c: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        chunks.push(c);
      });
      res.on("end", () => resolve({ status: res.statusCode!, firstByteMs, totalMs: performance.now() - started, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl, env: { TIMEZONE: "UTC" } });
  // 90 days × 2,000 agents: agent_day rows with their seconds per state and pause code, like the rollup writes.
  await query(
    databaseUrl,
    `INSERT INTO agent_day (day, agent_user, campaign, team, logged_in_sec, calls_handled, talk_sec, dispositions, state_sec, pause_sec, first_at, last_at)
     SELECT to_char(($1::date - d), 'YYYY-MM-DD'), 'a' || lpad(a::text, 4, '0'), CASE WHEN a % 2 = 0 THEN 'SALES' ELSE 'SUPPORT' END, 'T' || (a % 7),
            28800, 40 + a % 9, 14400, jsonb_build_object('SALE', a % 5, 'NI', 3),
            '{"READY": 7200, "INCALL": 14400, "PAUSED": 5400, "DISPO": 1800}', '{"": 1800, "LUNCH": 3600}',
            (($1::date - d)) + time '08:00', (($1::date - d)) + time '16:00'
     FROM generate_series(0, ${DAYS - 1}) d, generate_series(1, ${AGENTS}) a`,
    [LAST],
  );
});
afterAll(async () => {
  await server?.stop();
});

describe("agents.csv export", () => {
  it("streams 90 days × 2,000 agents: first byte within 100 ms, every row, in order", async () => {
    const from = `?from=2026-08-03&to=${LAST}`;
    // Warm up: the route's code loaded, connections open (a small export).
    expect((await timedGet(`/api/history/agents.csv?from=${LAST}&to=${LAST}`)).status).toBe(200);
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await timedGet(`/api/history/agents.csv${from}`));
    const first = Math.min(...runs.map((r) => r.firstByteMs));
    expect(first, `first byte after ${runs.map((r) => Math.round(r.firstByteMs)).join(" / ")} ms (whole file ${Math.round(runs[0]!.totalMs)} ms)`).toBeLessThan(100);
    const rows = parse(runs[0]!.body, { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(DAYS * AGENTS);
    expect(rows[0]).toMatchObject({ day: LAST, agent: "a0001", campaign: "SUPPORT", logged_in_sec: "28800", paused_sec: "5400", pause_codes_sec: "LUNCH=3600;none=1800", dispositions: "NI=3;SALE=1" });
    expect(rows.at(-1)).toMatchObject({ day: "2026-08-03", agent: `a${String(AGENTS).padStart(4, "0")}` });
    const outOfOrder = rows.findIndex((b, i) => i > 0 && !(rows[i - 1]!["day"]! > b["day"]! || (rows[i - 1]!["day"] === b["day"] && rows[i - 1]!["agent"]! < b["agent"]!)));
    expect(outOfOrder).toBe(-1);
  });

  it("reads pages as the client reads, holding no connection while the client pauses, and sends the rest when it reads on", async () => {
    const dl = await startDownload(`/api/history/agents.csv?from=2026-08-03&to=${LAST}`);
    // Rows have arrived, the client has stopped reading, and the rest of the file is not
    // here: the export waits on the client, with no query running and no transaction open.
    const busy = await until(busyExportBackends, (b) => b.length === 0, 10_000, "the paused export's read-ahead page finished");
    expect(busy).toEqual([]);
    expect(dl.received().split("\r\n").length).toBeLessThan(DAYS * AGENTS);
    dl.res.resume();
    const end = await dl.done;
    expect(end).toEqual({ complete: true, error: null });
    const rows = parse(dl.received(), { columns: true }) as Record<string, string>[];
    expect(rows.length).toBe(DAYS * AGENTS);
    expect(rows.at(-1)).toMatchObject({ day: "2026-08-03", agent: `a${String(AGENTS).padStart(4, "0")}` });
  });

  it("does not let five paused downloads hold up a sixth (a server-side cursor per download failed the fifth)", async () => {
    const paused = [];
    for (let i = 0; i < 5; i++) paused.push(await startDownload(`/api/history/agents.csv?from=2026-08-03&to=${LAST}`));
    const sixth = await timedGet(`/api/history/agents.csv?from=${LAST}&to=${LAST}`);
    expect(sixth.status).toBe(200);
    expect(sixth.body.trimEnd().split("\r\n")).toHaveLength(AGENTS + 1);
    // The paused ones finish whole once read.
    for (const dl of paused) dl.res.resume();
    const ends = await Promise.all(paused.map((dl) => dl.done));
    expect(ends.every((e) => e.complete && e.error === null), JSON.stringify(ends)).toBe(true);
    for (const dl of paused) expect(dl.received().trimEnd().split("\r\n")).toHaveLength(DAYS * AGENTS + 1);
  });

  it("fails the download when the database fails a page midway (no complete-looking short file)", async () => {
    const dl = await startDownload(`/api/history/agents.csv?from=2026-08-03&to=${LAST}`);
    await until(busyExportBackends, (b) => b.length === 0, 10_000, "the paused export's read-ahead page finished");
    // The next page's query fails: its table is not there.
    await query(databaseUrl, "ALTER TABLE agent_day RENAME TO agent_day_away");
    try {
      dl.res.resume();
      const end = await dl.done;
      expect(end.complete, `the response ended ${end.error ? `with "${end.error}"` : "normally"}`).toBe(false);
      expect(dl.received().split("\r\n").length).toBeLessThan(DAYS * AGENTS);
    } finally {
      await query(databaseUrl, "ALTER TABLE agent_day_away RENAME TO agent_day");
    }
    // The server is fine afterwards: the next download is whole.
    const again = await timedGet(`/api/history/agents.csv?from=${LAST}&to=${LAST}`);
    expect(again.status).toBe(200);
    expect(again.body.trimEnd().split("\r\n")).toHaveLength(AGENTS + 1);
  });
});
