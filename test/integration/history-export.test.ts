/**
 * agents.csv on 90 days of rollups (issue 11 item 9, issue 14): streamed, so the first byte
 * leaves within 100 ms and the whole file arrives, in order, without the server building it in
 * memory: one server-side cursor read as the client reads, closed when the client goes away,
 * and a database failure midway fails the download instead of ending a short file. The real
 * server on a real database filled with 90 days × 2,000 agents of rollup rows.
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
 * The backends running the agents export (its cursor's transaction), as PostgreSQL lists them:
 * this test's database only (other test files share the PostgreSQL server and export too).
 */
function exportBackends(): Promise<{ pid: number; state: string; query: string }[]> {
  return query(databaseUrl, `SELECT pid, state, query FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%agents_export%' AND pid <> pg_backend_pid()`);
}

/**
 * Starts a download of `path`, resolves once some body (a data row, not only the header) has
 * arrived, with the response paused there: the server can only send what the socket takes.
 */
/**
 * The export's backends once the paused download's read-ahead has settled: the FETCH already
 * sent when the client stopped reading may still be running on a busy machine ("active");
 * waits up to 10 s for the one backend to be waiting on the client ("idle in transaction").
 */
async function pausedExportBackends(): Promise<Awaited<ReturnType<typeof exportBackends>>> {
  return until(exportBackends, (open) => open.length !== 1 || open[0]!.state === "idle in transaction", 10_000, "the paused export settled");
}

function startDownload(path: string): Promise<{ res: http.IncomingMessage; req: http.ClientRequest; received: () => string; done: Promise<{ complete: boolean; error: string | null }> }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const req = http.get(`${server.url}${path}`, { headers: { cookie: server.cookie } }, (res) => {
      let resolved = false;
      let error: string | null = null;
      res.on("error", (err) => (error = err.message));
      const done = new Promise<{ complete: boolean; error: string | null }>((end) => res.on("close", () => end({ complete: res.complete, error })));
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
    const req = http.get(`${server.url}${path}`, { headers: { cookie: server.cookie } }, (res) => {
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

  it("reads the rows through one cursor as the client reads, and closes it when the client goes away", async () => {
    const dl = await startDownload(`/api/history/agents.csv?from=2026-08-03&to=${LAST}`);
    // Rows have arrived and the export is still open: its cursor holds the rest (a buffered
    // export would have read every row before the first one left).
    const open = await pausedExportBackends();
    expect(open, `the export's cursor while the download is paused: ${JSON.stringify(open)}`).toHaveLength(1);
    expect(open[0]!.state).toBe("idle in transaction");
    expect(open[0]!.query).toMatch(/^FETCH FORWARD \d+ FROM agents_export/);
    expect(dl.received().split("\r\n").length).toBeLessThan(DAYS * AGENTS);
    // The client goes away: the cursor is closed and its connection handed back.
    dl.req.destroy();
    await until(exportBackends, (open) => open.length === 0, 5_000, "the export's transaction rolled back");
  });

  it("fails the download when the database goes away midway (no complete-looking short file)", async () => {
    const dl = await startDownload(`/api/history/agents.csv?from=2026-08-03&to=${LAST}`);
    const [backend] = await pausedExportBackends();
    expect(backend?.state).toBe("idle in transaction");
    await query(databaseUrl, "SELECT pg_terminate_backend($1)", [backend!.pid]);
    dl.res.resume();
    const end = await dl.done;
    expect(end.complete, `the response ended ${end.error ? `with "${end.error}"` : "normally"}`).toBe(false);
    const body = dl.received();
    expect(body.split("\r\n").length).toBeLessThan(DAYS * AGENTS);
    // The server is fine afterwards: the next download is whole.
    const again = await timedGet(`/api/history/agents.csv?from=${LAST}&to=${LAST}`);
    expect(again.status).toBe(200);
    expect(again.body.trimEnd().split("\r\n")).toHaveLength(AGENTS + 1);
  });
});
