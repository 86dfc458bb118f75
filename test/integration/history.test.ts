/**
 * History on a scripted day (2026-11-10, Europe/Berlin = UTC+1): events and calls are inserted
 * with chosen server-clock times, the rollup is run, and the CSV numbers must equal the
 * hand-computed ones. Supervisors only see their campaigns.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import pg from "pg";
import { createTestDatabase, query } from "../support/database";
import { metricValue } from "../support/metrics";
import { httpRequest } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { signIn } from "../support/session";

const DAY = "2026-11-10";
/** ms of a Berlin wall-clock time on DAY; hours ≥ 24 roll into the next day. */
const at = (h: number, m = 0, s = 0) => Date.UTC(2026, 10, 10, h - 1, m, s);

let server: TestServer;

type Ev = [user: string, t: number, event: string, message?: string | null, campaign?: string | null];

async function insertScriptedDay(url: string): Promise<void> {
  const events: Ev[] = [
    // 1001 (SALES): PAUSED 300 + LUNCH 300, READY 180, INCALL 240, DISPO 100, DEAD 20; 2 calls.
    ["1001", at(9), "logged_in"],
    ["1001", at(9, 5), "state_ready"],
    ["1001", at(9, 7), "call_answered"],
    ["1001", at(9, 10), "agent_hangup"],
    ["1001", at(9, 10, 30), "dispo_set", "SALE"],
    ["1001", at(9, 11), "state_paused", "PAUSED LUNCH"],
    ["1001", at(9, 16), "state_ready"],
    ["1001", at(9, 17), "call_answered"],
    ["1001", at(9, 18), "call_dead"],
    ["1001", at(9, 18, 20), "dispo_set", "NI"],
    ["1001", at(9, 19), "logged_out"],
    // 1002 (SALES): READY 480, INCALL 120 before midnight; INCALL 240, DISPO 60 + 60 after.
    ["1002", at(23, 50), "state_ready"],
    ["1002", at(23, 58), "call_answered"],
    ["1002", at(24, 4), "agent_hangup"],
    ["1002", at(24, 5), "dispo_set", "SALE"],
    ["1002", at(24, 6), "logged_out"],
    // 1003 (SUPPORT, from the roster): PAUSED 120.
    ["1003", at(10), "logged_in", null, null],
    ["1003", at(10, 2), "logged_out", null, null],
  ];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO agent ("user", full_name, campaign, team, extension, on_roster) VALUES
      ('1001', 'Ann One', 'SALES', 'T1', '2001', true), ('1002', 'Bob Two', 'SALES', 'T2', '2002', true), ('1003', 'Cid Three', 'SUPPORT', 'T1', '2003', true)`);
    let counter = 0;
    for (const [user, t, event, message = null, campaign = "SALES"] of events) {
      counter++;
      const epoch = Math.floor(t / 1000);
      await client.query(
        `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, counter, campaign, raw, dedup_key)
         VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', $2, $3, $4, $5, $6, $7, '{}'::jsonb, $8)`,
        [t, user, event, message, epoch, counter, campaign, createHash("sha256").update(`${user}/${counter}/${event}`).digest("hex")],
      );
    }
    const calls: [id: string, entered: number, answered: number | null, ended: number, outcome: string, ext: string | null][] = [
      ["c1", at(9, 6, 50), at(9, 7), at(9, 10), "answered", "2001"], // wait 10 (in SL), talk 180
      ["c2", at(9, 16, 30), at(9, 17), at(9, 18), "answered", "2001"], // wait 30 (over SL), talk 60
      ["c3", at(9, 20), null, at(9, 20, 45), "abandoned", null],
      ["c4", at(10, 14), null, at(10, 14, 5), "abandoned", null],
    ];
    for (const [id, entered, answered, ended, outcome, ext] of calls) {
      await client.query(
        `INSERT INTO call (pbx, call_id, "from", "to", queue, agent_extension, state, entered_at, answered_at, ended_at, end_known, outcome, wait_sec, talk_sec)
         VALUES ('env', $1, '+4930' || $1, '700', '700', $2, 'ended', to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), to_timestamp($5 / 1000.0), true, $6, NULL, NULL)`,
        [id, ext, entered, answered, ended, outcome],
      );
    }
  } finally {
    await client.end();
  }
}

function parseCsv(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split("\r\n");
  const cols = head!.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i]!, v])));
}

async function get(path: string, cookie = server.cookie): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { cookie } });
}

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl, env: { TIMEZONE: "Europe/Berlin", CAMPAIGN_QUEUES: "SALES=700", QUEUE_SERVICE_LEVELS: "700=20", STALE_AFTER_SEC: "600" } });
  await insertScriptedDay(databaseUrl);
  const res = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await server?.stop();
});

describe("history of a scripted day", () => {
  it("rolls up time in state, calls, talk and dispositions per agent and day", async () => {
    const rows = await query<{ day: string; agent_user: string; campaign: string; state_sec: Record<string, number>; pause_sec: Record<string, number> }>(
      server.databaseUrl,
      `SELECT day, agent_user, campaign, state_sec, pause_sec FROM agent_day ORDER BY day, agent_user, campaign`,
    );
    expect(rows).toEqual([
      { day: "2026-11-10", agent_user: "1001", campaign: "SALES", state_sec: { DEAD: 20, DISPO: 100, INCALL: 240, PAUSED: 600, READY: 180 }, pause_sec: { "": 300, LUNCH: 300 } },
      { day: "2026-11-10", agent_user: "1002", campaign: "SALES", state_sec: { INCALL: 120, READY: 480 }, pause_sec: {} },
      { day: "2026-11-10", agent_user: "1003", campaign: "SUPPORT", state_sec: { PAUSED: 120 }, pause_sec: { "": 120 } },
      { day: "2026-11-11", agent_user: "1002", campaign: "SALES", state_sec: { DISPO: 120, INCALL: 240 }, pause_sec: {} },
    ]);
    // Idempotent: running again changes nothing.
    const again = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
    expect(((await again.json()) as { agentDays: number }).agentDays).toBe(0);

    // An operator sees the job's runs on /metrics (Prometheus text): the days it re-derived,
    // and when its last run ended.
    expect(await metricValue(server.url, "wallboard_history_rollup_agent_days_total")).toBeGreaterThanOrEqual(4);
    const completeRuns = /^wallboard_history_rollup_runs_total\{complete="true"[^}]*\} (\d+)$/m.exec((await httpRequest(`${server.url}/metrics`)).body);
    expect(Number(completeRuns?.[1])).toBeGreaterThanOrEqual(2); // the refreshes above
    expect(Math.abs((await metricValue(server.url, "wallboard_history_rollup_last_run_timestamp_seconds")) - Date.now() / 1000)).toBeLessThan(60);
    expect(await metricValue(server.url, "wallboard_history_rollup_last_run_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("agents.csv has the hand-computed numbers", async () => {
    const res = await get(`/api/history/agents.csv?from=${DAY}&to=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="agents-2026-11-10_2026-11-10\.csv"$/);
    const rows = parseCsv(await res.text());
    expect(rows.map((r) => r["agent"])).toEqual(["1001", "1002", "1003"]);
    expect(rows[0]).toMatchObject({
      day: DAY, agent: "1001", name: "Ann One", campaign: "SALES", team: "T1", logged_in_sec: "1140",
      ready_sec: "180", incall_sec: "240", paused_sec: "600", dispo_sec: "100", dead_sec: "20",
      pause_codes_sec: "LUNCH=300;none=300", calls_handled: "2", talk_sec: "240", avg_talk_sec: "120", dispositions: "NI=1;SALE=1",
    });
    expect(rows[1]).toMatchObject({ agent: "1002", logged_in_sec: "600", ready_sec: "480", incall_sec: "120", calls_handled: "1", talk_sec: "120", avg_talk_sec: "120", dispositions: "" });
    expect(rows[2]).toMatchObject({ agent: "1003", campaign: "SUPPORT", logged_in_sec: "120", paused_sec: "120", calls_handled: "0", avg_talk_sec: "" });
    const team = parseCsv(await (await get(`/api/history/agents.csv?from=${DAY}&to=2026-11-11&team=T2`)).text());
    expect(team.map((r) => `${r["day"]} ${r["agent"]} ${r["logged_in_sec"]} ${r["dispositions"]}`)).toEqual(["2026-11-11 1002 360 SALE=1", "2026-11-10 1002 600 "]);
  });

  it("pause codes and dispositions named like Object members are counted like any other (issue 11 item 15)", async () => {
    const day = "2026-11-12";
    const t = (h: number, m = 0) => Date.UTC(2026, 10, 12, h - 1, m);
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      const events: [number, string, string | null][] = [
        [t(8), "state_paused", "PAUSED constructor"],
        [t(8, 1), "state_paused", "PAUSED __proto__"],
        [t(8, 3), "state_ready", null],
        [t(8, 4), "call_answered", null],
        [t(8, 5), "dispo_set", "constructor"],
        [t(8, 6), "dispo_set", "__proto__"],
        [t(8, 7), "logged_out", null],
      ];
      let counter = 0;
      for (const [at, event, message] of events) {
        counter++;
        await client.query(
          `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, counter, campaign, raw, dedup_key)
           VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', '1009', $2, $3, $4, $5, 'SALES', '{}'::jsonb, $6)`,
          [at, event, message, Math.floor(at / 1000), counter, createHash("sha256").update(`1009/${counter}`).digest("hex")],
        );
      }
    } finally {
      await client.end();
    }
    await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
    const rows = parseCsv(await (await get(`/api/history/agents.csv?from=${day}&to=${day}&agent=1009`)).text());
    expect(rows).toEqual([expect.objectContaining({ agent: "1009", paused_sec: "180", pause_codes_sec: "__proto__=120;constructor=60", dispositions: "__proto__=1;constructor=1" })]);
  });

  it("queues.csv by hour and by day has the hand-computed numbers", async () => {
    const hourly = parseCsv(await (await get(`/api/history/queues.csv?from=${DAY}&to=${DAY}&bucket=hour`)).text());
    expect(hourly).toEqual([
      { period_start: "2026-11-10 09:00:00", offered: "3", answered: "2", abandoned: "1", answered_within_sl: "1", service_level: "0.3333", abandon_rate: "0.3333", asa_sec: "20", aht_sec: "120" },
      { period_start: "2026-11-10 10:00:00", offered: "1", answered: "0", abandoned: "1", answered_within_sl: "0", service_level: "0", abandon_rate: "1", asa_sec: "", aht_sec: "" },
    ]);
    const daily = parseCsv(await (await get(`/api/history/queues.csv?from=${DAY}&to=${DAY}&bucket=day&queue=700`)).text());
    expect(daily).toEqual([
      { period_start: "2026-11-10 00:00:00", offered: "4", answered: "2", abandoned: "2", answered_within_sl: "1", service_level: "0.25", abandon_rate: "0.5", asa_sec: "20", aht_sec: "120" },
    ]);
    const q15 = parseCsv(await (await get(`/api/history/queues.csv?from=${DAY}&to=${DAY}&bucket=15m`)).text());
    expect(q15.map((r) => `${r["period_start"]} ${r["offered"]}`)).toEqual(["2026-11-10 09:00:00 1", "2026-11-10 09:15:00 2", "2026-11-10 10:00:00 1"]);
    const abandoned = parseCsv(await (await get(`/api/history/abandoned.csv?from=${DAY}&to=${DAY}`)).text());
    expect(abandoned.map((r) => `${r["ended_at"]} ${r["queue"]} ${r["wait_sec"]} ${r["call_id"]}`)).toEqual(["2026-11-10 10:14:05 700 5 c4", "2026-11-10 09:20:45 700 45 c3"]);
  });

  it("the pages render the day, the agent's timeline and its calls", async () => {
    const agents = await (await get(`/history/agents?from=${DAY}&to=${DAY}`)).text();
    expect(agents).toContain('data-agent="1001"');
    const day = await get(`/history/agents/1001/${DAY}`);
    expect(day.status).toBe(200);
    const html = await day.text();
    // PAUSED, READY, INCALL, DISPO (dispo_set stays in it), PAUSED LUNCH, READY, INCALL, DEAD, DISPO.
    expect(html.match(/data-testid="timeline-segment"/g)?.length).toBe(9);
    expect(html).toContain("LUNCH");
    expect(html).toContain('data-testid="agent-calls"');
    const timeline = parseCsv(await (await get(`/api/history/timeline.csv?agent=1001&from=${DAY}`)).text());
    expect(timeline[0]).toEqual({ start: "2026-11-10 09:00:00", end: "2026-11-10 09:05:00", seconds: "300", state: "PAUSED", pause_code: "", campaign: "SALES" });
    expect(timeline.reduce((s, r) => s + Number(r["seconds"]), 0)).toBe(1140);
    expect(await (await get(`/history/queues?from=${DAY}&to=${DAY}`)).text()).toContain('data-testid="queue-chart"');
    expect((await get(`/api/history/queues.csv?from=2026-11-12&to=2026-11-10`)).status).toBe(400);
  });

  it("a supervisor sees only their campaigns; another campaign is 403", async () => {
    const created = await fetch(`${server.url}/api/admin/users`, {
      method: "POST",
      headers: { cookie: server.cookie, "x-csrf-token": server.csrf, "content-type": "application/json" },
      body: JSON.stringify({ username: "sup1", role: "supervisor", campaigns: ["SUPPORT"], password: "sup-password-1" }),
    });
    expect(created.status).toBeLessThan(300);
    const sup = await signIn(server.url, "sup1", "sup-password-1");
    const rows = parseCsv(await (await get(`/api/history/agents.csv?from=${DAY}&to=2026-11-11`, sup.cookie)).text());
    expect(rows.map((r) => `${r["agent"]} ${r["campaign"]}`)).toEqual(["1003 SUPPORT"]);
    expect((await get(`/api/history/agents.csv?from=${DAY}&to=${DAY}&campaign=SALES`, sup.cookie)).status).toBe(403);
    expect((await get(`/api/history/queues.csv?from=${DAY}&to=${DAY}&queue=700`, sup.cookie)).status).toBe(403);
    expect(parseCsv(await (await get(`/api/history/queues.csv?from=${DAY}&to=${DAY}`, sup.cookie)).text())).toEqual([]);
    expect(parseCsv(await (await get(`/api/history/abandoned.csv?from=${DAY}&to=${DAY}`, sup.cookie)).text())).toEqual([]);
    expect((await get(`/api/history/timeline.csv?agent=1001&from=${DAY}`, sup.cookie)).status).toBe(403);
    const page = await (await get(`/history/agents?from=${DAY}&to=${DAY}&campaign=SALES`, sup.cookie)).text();
    expect(page).toContain('data-status="403"');
    const own = await (await get(`/history/agents?from=${DAY}&to=${DAY}`, sup.cookie)).text();
    expect(own).toContain('data-agent="1003"');
    expect(own).not.toContain('data-agent="1001"');
  });

  it("/api/history/refresh is for admins only, and a burst of refreshes shares runs (issue 11 item 9)", async () => {
    const created = await fetch(`${server.url}/api/admin/users`, {
      method: "POST",
      headers: { cookie: server.cookie, "x-csrf-token": server.csrf, "content-type": "application/json" },
      body: JSON.stringify({ username: "mgr-refresh", role: "manager", campaigns: [], password: "mgr-password-1" }),
    });
    expect(created.status).toBeLessThan(300);
    const mgr = await signIn(server.url, "mgr-refresh", "mgr-password-1");
    const refused = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: mgr.cookie, "x-csrf-token": mgr.csrf } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("admin role required");

    // A slow run (its table locked by another session) while a burst of refreshes arrives:
    // everyone who asks meanwhile shares one more run instead of queueing one each.
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE history_dirty IN ACCESS EXCLUSIVE MODE");
    const pending = Array.from({ length: 12 }, async () => {
      const res = await fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { run: number }).run;
    });
    await new Promise((r) => setTimeout(r, 1000));
    await locker.query("COMMIT");
    await locker.end();
    const burst = await Promise.all(pending);
    expect(new Set(burst).size).toBeLessThanOrEqual(2);
    expect(burst.every((r) => Number.isInteger(r) && r > 0)).toBe(true);
  });

  it("the agents and queues pages say they are still catching up while the rollup runs, and not once it is done", async () => {
    const notice = "still catching up on recent events";
    const pages = [`/history/agents?from=${DAY}&to=${DAY}`, `/history/queues?from=${DAY}&to=${DAY}&bucket=hour`];
    for (const path of pages) expect(await (await get(path)).text()).not.toContain(notice);
    // A run held up (its table locked by another session): a page does not wait for it, it
    // shows what is rolled up and says so.
    const locker = new pg.Client({ connectionString: server.databaseUrl });
    await locker.connect();
    await locker.query("BEGIN");
    await locker.query("LOCK TABLE history_dirty IN ACCESS EXCLUSIVE MODE");
    const refresh = fetch(`${server.url}/api/history/refresh`, { method: "POST", headers: { cookie: server.cookie, "x-csrf-token": server.csrf } });
    try {
      await new Promise((r) => setTimeout(r, 300)); // the refresh has started its run
      for (const path of pages) {
        const res = await get(path);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain(notice);
      }
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    expect((await refresh).status).toBe(200);
    for (const path of pages) expect(await (await get(path)).text()).not.toContain(notice);
  });
});
