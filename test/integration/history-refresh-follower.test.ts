/**
 * A refresh answered by an instance that is not the leader (another instance holds the leader
 * lock, or this one has not taken it yet) runs on the instance's own rollup: it is counted on
 * the instance's /metrics like the periodic job's runs. CI (stop 28) once saw
 * `wallboard_history_rollup_agent_days_total` at 0 after a refresh that rolled up 4 agent-days:
 * the refresh came before the leadership and ran on a rollup of its own, uncounted.
 *
 * The test holds the leader lock itself (lib/server/leadership.ts's advisory lock), so the
 * server stays a follower for the whole test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase } from "../support/database";
import { metricValue } from "../support/metrics";
import { httpRequest } from "../support/push";
import { DEFAULT_LOCK as LEADER_LOCK } from "../../lib/server/leadership";
import { startServer, type TestServer } from "../support/server";


let server: TestServer;
let lockHolder: pg.Client;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  lockHolder = new pg.Client({ connectionString: databaseUrl });
  await lockHolder.connect();
  const { rows } = await lockHolder.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [LEADER_LOCK]);
  expect(rows[0]!.ok).toBe(true);
  server = await startServer({ databaseUrl, env: { TIMEZONE: "UTC" } });
  // Two agents, one day each (2026-11-10, UTC).
  const t0 = Date.UTC(2026, 10, 10, 9);
  let counter = 0;
  for (const user of ["4001", "4002"]) {
    for (const [offsetSec, event] of [[0, "logged_in"], [60, "state_ready"], [600, "logged_out"]] as const) {
      counter++;
      await lockHolder.query(
        `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, counter, campaign, raw, dedup_key)
         VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', $2, $3, NULL, $4, $5, 'SALES', '{}'::jsonb, $6)`,
        [t0 + offsetSec * 1000, user, event, Math.floor(t0 / 1000) + offsetSec, counter, `follower-${user}-${counter}`],
      );
    }
  }
});
afterAll(async () => {
  await server?.stop();
  await lockHolder?.end();
});

describe("a refresh on an instance that is not the leader", () => {
  it("rolls up the days and counts them on the instance's /metrics", async () => {
    const health = JSON.parse((await httpRequest(`${server.url}/healthz`)).body) as { roles: { leader: boolean } };
    expect(health.roles.leader).toBe(false);

    const res = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { agentDays: number; complete: boolean };
    expect(result).toMatchObject({ agentDays: 2, complete: true });

    expect(await metricValue(server.url, "wallboard_history_rollup_agent_days_total")).toBe(2);
    const completeRuns = /^wallboard_history_rollup_runs_total\{complete="true"[^}]*\} (\d+)$/m.exec((await httpRequest(`${server.url}/metrics`)).body);
    expect(Number(completeRuns?.[1])).toBe(1);
  });
});
