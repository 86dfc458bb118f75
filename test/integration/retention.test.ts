/**
 * Retention (issue 11 item 9): the daily job deletes old agent_event, audit_log and pbx_frame
 * rows (RETENTION_DAYS, PBX_FRAME_RETENTION_DAYS), in bounded batches, and the history rollup
 * of a day whose raw events were deleted survives a re-derivation. The real server on a real
 * database; old rows are inserted with chosen times.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma } from "../../lib/db/prisma";
import { createTestDatabase, query } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { until } from "../support/until";

const DAY_MS = 86_400_000;
const ENV = { TIMEZONE: "UTC", STALE_AFTER_SEC: "600" };
let server: TestServer;
let databaseUrl: string;
/** A UTC day 450 days ago, 09:00. */
const oldNine = Math.floor((Date.now() - 450 * DAY_MS) / DAY_MS) * DAY_MS + 9 * 3_600_000;
const oldDay = new Date(oldNine).toISOString().slice(0, 10);

const refresh = async () => {
  const res = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
  expect(res.status).toBe(200);
};
const agentDay = () => query<{ logged_in_sec: number; calls_handled: number }>(databaseUrl, "SELECT logged_in_sec, calls_handled FROM agent_day WHERE agent_user = '9001' AND day = $1", [oldDay]);
const count = async (sql: string) => (await query<{ n: number }>(databaseUrl, sql))[0]!.n;

async function insertRows(): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const events: [number, string][] = [
      [oldNine, "logged_in"],
      [oldNine + 300_000, "state_ready"],
      [oldNine + 420_000, "call_answered"],
      [oldNine + 600_000, "logged_out"],
      [Date.now() - DAY_MS, "state_ready"], // recent: kept
    ];
    let counter = 0;
    for (const [at, event] of events) {
      counter++;
      await client.query(
        `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, counter, campaign, raw, dedup_key)
         VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', '9001', $2, NULL, $3, $4, 'SALES', '{}'::jsonb, $5)`,
        [at, event, Math.floor(at / 1000), counter, createHash("sha256").update(`9001/${counter}`).digest("hex")],
      );
    }
    // pbx_frame: 12,000 rows 40 days old (three batches of 5,000), 2 rows 10 days old.
    await client.query(`INSERT INTO pbx_frame (pbx, received_at, action, raw) SELECT 'env', now() - interval '40 days', 'call-state', '{}' FROM generate_series(1, 12000)`);
    await client.query(`INSERT INTO pbx_frame (pbx, received_at, action, raw) SELECT 'env', now() - interval '10 days', 'call-state', '{}' FROM generate_series(1, 2)`);
    await client.query(`INSERT INTO audit_log (at, actor, action) VALUES (now() - interval '450 days', 'admin', 'old.thing'), (now() - interval '10 days', 'admin', 'recent.thing')`);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl, env: ENV });
  await insertRows();
  await refresh();
});
afterAll(async () => {
  await server?.stop();
});

describe("retention", () => {
  it("deletes rows past RETENTION_DAYS / PBX_FRAME_RETENTION_DAYS and keeps the day's rollup through a re-derivation", async () => {
    const rolled = await agentDay();
    expect(rolled).toEqual([{ logged_in_sec: 600, calls_handled: 1 }]);

    // The job runs shortly after start (then daily).
    await server.stop();
    server = await startServer({ databaseUrl, port: server.port, env: ENV });
    await until(() => count("SELECT count(*)::int AS n FROM pbx_frame WHERE received_at < now() - interval '30 days'"), (n) => n === 0, 20_000);
    await until(() => count("SELECT count(*)::int AS n FROM agent_event WHERE agent_user = '9001'"), (n) => n === 1, 20_000);
    expect(await count("SELECT count(*)::int AS n FROM pbx_frame")).toBe(2);
    expect((await query<{ action: string }>(databaseUrl, "SELECT action FROM audit_log WHERE action LIKE '%.thing'")).map((r) => r.action)).toEqual(["recent.thing"]);

    // Something marks the old day dirty again (a settings change, a replay): its raw events are
    // gone, so the rollup must leave the day as it is, not wipe it.
    await query(databaseUrl, "INSERT INTO history_dirty (kind, key, from_at, to_at) VALUES ('agent', '9001', to_timestamp($1 / 1000.0), to_timestamp($1 / 1000.0))", [oldNine]);
    await refresh();
    expect(await count("SELECT count(*)::int AS n FROM history_dirty WHERE key = '9001'")).toBe(0);
    expect(await agentDay()).toEqual(rolled);
    expect(await count(`SELECT count(*)::int AS n FROM agent_day WHERE agent_user = '9001' AND day = '${oldDay}' AND state_sec::text <> '{}'`)).toBe(1);
  });

  it("deletes in bounded batches, oldest first", async () => {
    const url = await createTestDatabase();
    await applyMigrations(url);
    await query(url, `INSERT INTO pbx_frame (pbx, received_at, action, raw) SELECT 'env', now() - (g || ' minutes')::interval - interval '40 days', 'x', '{}' FROM generate_series(1, 250) g`);
    const { deleteBatchOlderThan } = await import("../../lib/queries/retention");
    const db = createPrisma(url, 1);
    try {
      const cutoff = Date.now() - 30 * DAY_MS;
      const batches = [await deleteBatchOlderThan(db, "pbx_frame", cutoff, 100)];
      // The oldest 100 went first (inserted 151–250 minutes before the others' 40 days).
      expect(await query(url, "SELECT count(*)::int AS n FROM pbx_frame WHERE received_at < now() - interval '40 days 150 minutes 30 seconds'")).toEqual([{ n: 0 }]);
      for (let n = batches[0]!; n > 0; ) if ((n = await deleteBatchOlderThan(db, "pbx_frame", cutoff, 100)) > 0) batches.push(n);
      expect(batches).toEqual([100, 100, 50]);
    } finally {
      await db.$disconnect();
    }
  });
});
