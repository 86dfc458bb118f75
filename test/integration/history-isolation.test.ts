/**
 * The history rollup with input it cannot handle (issue 11 item 3): one agent's bad data or
 * failure must not stop the rollup for everyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { createTestDatabase, query } from "../support/database";
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
const T = Date.now() - 3_600_000;

async function insertEvents(user: string, events: [offsetSec: number, event: string, message: string | null][]): Promise<void> {
  let counter = 0;
  for (const [offset, event, message] of events) {
    counter++;
    const t = T + offset * 1000;
    await query(
      server.databaseUrl,
      `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, agent_log_id, counter, campaign, raw, dedup_key)
       VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', $2, $3, $4, $5, '1', $6, 'ISO', '{}'::jsonb, $7)`,
      [t, user, event, message, Math.floor(t / 1000), counter, createHash("sha256").update(`${user}/${counter}`).digest("hex")],
    );
  }
}

async function refresh(): Promise<{ agentDays: number }> {
  const res = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf, origin: server.url } });
  expect(res.status).toBe(200);
  return (await res.json()) as { agentDays: number };
}

const dayUsers = async () => (await query<{ agent_user: string }>(server.databaseUrl, "SELECT DISTINCT agent_user FROM agent_day ORDER BY agent_user")).map((r) => r.agent_user);

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
});
afterAll(async () => server?.stop());

describe("history rollup isolation", () => {
  it("a 3,000-character pause code (stored before the bound) neither breaks the rollup nor reaches its keys", async () => {
    await insertEvents("iso-long", [
      [0, "logged_in", null],
      [10, "state_paused", `PAUSED ${"X".repeat(3000)}`],
      [70, "state_ready", "READY"],
      [130, "logged_out", null],
    ]);
    await insertEvents("iso-ok1", [
      [0, "logged_in", null],
      [60, "logged_out", null],
    ]);
    await refresh();
    expect(await dayUsers()).toEqual(expect.arrayContaining(["iso-long", "iso-ok1"]));
    const codes = await query<{ n: number }>(server.databaseUrl, "SELECT max(length(code))::int AS n FROM agent_day, json_object_keys(pause_sec) AS code WHERE agent_user = 'iso-long'");
    expect(codes[0]!.n).toBeLessThanOrEqual(32);
    expect(await query(server.databaseUrl, "SELECT count(*)::int AS n FROM history_dirty WHERE kind = 'agent' AND key IN ('iso-long', 'iso-ok1')")).toEqual([{ n: 0 }]);
  });

  it("an agent whose rows PostgreSQL refuses is skipped with a log line; one that fails otherwise is retried; the others are rolled up", async () => {
    // Make PostgreSQL refuse one agent's rows (a data error) and fail another's (a non-data error).
    await query(
      server.databaseUrl,
      `CREATE FUNCTION refuse_some() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.agent_user = 'iso-refused' THEN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END IF;
         IF NEW.agent_user = 'iso-flaky' AND NOT EXISTS (SELECT 1 FROM setting WHERE key = 'test.flaky-ok') THEN
           RAISE EXCEPTION 'failing for the test' USING ERRCODE = '55000';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await query(server.databaseUrl, "CREATE TRIGGER refuse_some BEFORE INSERT ON agent_day FOR EACH ROW EXECUTE FUNCTION refuse_some()");
    for (const user of ["iso-refused", "iso-flaky", "iso-ok2"]) {
      await insertEvents(user, [
        [0, "logged_in", null],
        [30, "state_ready", "READY"],
        [90, "logged_out", null],
      ]);
    }
    await refresh();
    let users = await dayUsers();
    expect(users).toContain("iso-ok2");
    expect(users).not.toContain("iso-refused");
    expect(users).not.toContain("iso-flaky");
    const dirty = async () => (await query<{ key: string }>(server.databaseUrl, "SELECT DISTINCT key FROM history_dirty WHERE key LIKE 'iso-%' AND kind = 'agent' ORDER BY key")).map((r) => r.key);
    expect(await dirty()).toEqual(["iso-flaky"]);
    expect(server.output()).toMatch(/skipped what PostgreSQL refuses/);

    // The transient failure passes: the next run rolls the agent up.
    await query(server.databaseUrl, "INSERT INTO setting (key, value) VALUES ('test.flaky-ok', '1')");
    await refresh();
    users = await dayUsers();
    expect(users).toContain("iso-flaky");
    expect(await dirty()).toEqual([]);
  });
});
