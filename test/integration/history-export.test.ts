/**
 * agents.csv on 90 days of rollups (issue 11 item 9): streamed, so the first byte leaves
 * within 100 ms and the whole file arrives, in order, without the server building it in
 * memory. The real server on a real database filled with 90 days × 500 agents of rollup rows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import { parse } from "csv-parse/sync";
import { createTestDatabase, query } from "../support/database";
import { startServer, type TestServer } from "../support/server";

const DAYS = 90;
const AGENTS = 500;
const LAST = "2026-10-31";
let server: TestServer;

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
  const databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl, env: { TIMEZONE: "UTC" } });
  // 90 days × 500 agents: agent_day rows and five agent_state_day rows each, like the rollup writes.
  await query(
    databaseUrl,
    `INSERT INTO agent_day (day, agent_user, campaign, team, logged_in_sec, calls_handled, talk_sec, dispositions, first_at, last_at)
     SELECT to_char(($1::date - d), 'YYYY-MM-DD'), 'a' || lpad(a::text, 4, '0'), CASE WHEN a % 2 = 0 THEN 'SALES' ELSE 'SUPPORT' END, 'T' || (a % 7),
            28800, 40 + a % 9, 14400, jsonb_build_object('SALE', a % 5, 'NI', 3), (($1::date - d)) + time '08:00', (($1::date - d)) + time '16:00'
     FROM generate_series(0, ${DAYS - 1}) d, generate_series(1, ${AGENTS}) a`,
    [LAST],
  );
  await query(
    databaseUrl,
    `INSERT INTO agent_state_day (day, agent_user, campaign, state, pause_code, seconds)
     SELECT day, agent_user, campaign, s.state, s.code, s.sec
     FROM agent_day, (VALUES ('READY', '', 7200), ('INCALL', '', 14400), ('PAUSED', '', 1800), ('PAUSED', 'LUNCH', 3600), ('DISPO', '', 1800)) AS s(state, code, sec)`,
  );
});
afterAll(async () => {
  await server?.stop();
});

describe("agents.csv export", () => {
  it("streams 90 days × 500 agents: first byte within 100 ms, every row, in order", async () => {
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
    expect(rows.at(-1)).toMatchObject({ day: "2026-08-03", agent: "a0500" });
    const outOfOrder = rows.findIndex((b, i) => i > 0 && !(rows[i - 1]!["day"]! > b["day"]! || (rows[i - 1]!["day"] === b["day"] && rows[i - 1]!["agent"]! < b["agent"]!)));
    expect(outOfOrder).toBe(-1);
  });
});
