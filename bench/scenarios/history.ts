/**
 * Scenario 5 — history queries on 90 days × 500 agents of generated events.
 *
 * The history pages do not exist yet; this times the queries they will need against the
 * CURRENT schema and indexes (prisma/migrations), so the next issue knows which need a
 * rollup table or an index.
 *
 * Data (database `bench_history`, generated in SQL with generate_series): 500 agents in 10
 * campaigns, each with one 8-hour shift a day of ~300 agent-screen events (login, ready,
 * dial, answer, hang-up, dispo, pause, …; realistic for an outbound/blended agent) over 90
 * days = 13.5 M `agent_event` rows with realistic `raw` jsonb and dedup keys, inserted in time
 * order by two connections (one per half of the agents) with the secondary indexes dropped
 * and rebuilt afterwards (the fast bulk path), then VACUUM ANALYZE; plus 20,000 queue calls
 * a day in `call` (10 queues, 1.8 M rows). Generation stops early, saying so, if it exceeds
 * its time budget.
 *
 * Each query runs 3 times (once if the first run takes over 5 s); the figure is the median,
 * in ms, measured around the round trip from a pg client on the same machine.
 */
import pg from "pg";
import type { Scenario } from "../lib/context";
import { below, info, type Metric } from "../lib/report";
import { fmt } from "../lib/stats";

const DAYS = 90;
const AGENTS = 500;
const EVENTS_PER_AGENT_DAY = 300;
const CALLS_PER_DAY = 20_000;
const QUEUES = 10;
const GENERATION_BUDGET_MS = 300_000;
const QUERY_TIMEOUT_MS = 30_000;
const TARGET_MS = 300;
const FIRST_DAY = "2026-01-01";

/** The agent's status after an event (README "How agent state is derived"); NULL = informational. */
const STATUS_SQL = `CASE event
  WHEN 'logged_in' THEN 'PAUSED' WHEN 'state_paused' THEN 'PAUSED'
  WHEN 'state_ready' THEN CASE WHEN message ~* '\\mCLOSER\\M' THEN 'CLOSER' ELSE 'READY' END
  WHEN 'call_dialed' THEN 'DIAL'
  WHEN 'call_answered' THEN 'INCALL' WHEN 'other_answered' THEN 'INCALL' WHEN 'park_retrieved' THEN 'INCALL'
  WHEN 'park_ivr_retrieved' THEN 'INCALL' WHEN '3way_agent_hangup' THEN 'INCALL'
  WHEN 'call_dead' THEN 'DEAD' WHEN 'customer_gone' THEN 'DEAD'
  WHEN 'agent_hangup' THEN 'DISPO' WHEN 'dispo_screen_open' THEN 'DISPO' WHEN 'transfer_blind' THEN 'DISPO'
  WHEN 'transfer_local_closer' THEN 'DISPO' WHEN 'transfer_vmail' THEN 'DISPO' WHEN '3way_agent_leave' THEN 'DISPO' WHEN 'dispo_set' THEN 'DISPO'
  WHEN 'park_started' THEN 'PARK' WHEN 'park_ivr_started' THEN 'PARK'
  WHEN '3way_start' THEN '3-WAY' WHEN '3way_answered' THEN '3-WAY'
  WHEN 'logged_out' THEN 'LOGGED_OUT' WHEN 'logged_out_complete' THEN 'LOGGED_OUT' WHEN 'session_disabled' THEN 'LOGGED_OUT' WHEN 'login_invalid' THEN 'LOGGED_OUT'
END`;

/** Time in state per agent, day and status over the events matching `where`. */
function timeInState(where: string): string {
  return `
    WITH ev AS (
      SELECT agent_user, received_at, id, ${STATUS_SQL} AS status FROM agent_event WHERE ${where}
    ), st AS (
      SELECT agent_user, status, received_at,
             lead(received_at) OVER (PARTITION BY agent_user, date_trunc('day', received_at) ORDER BY received_at, id) AS next_at
      FROM ev WHERE status IS NOT NULL
    )
    SELECT agent_user, date_trunc('day', received_at) AS day, status,
           sum(extract(epoch FROM coalesce(next_at, received_at) - received_at)) AS seconds, count(*) AS times
    FROM st GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;
}

/** Queue figures (offered, answered, abandoned, service level, ASA, AHT) grouped by `bucket`. */
function queueStats(bucket: string, where: string): string {
  return `
    SELECT queue, ${bucket} AS bucket,
           count(*) FILTER (WHERE outcome IN ('answered', 'abandoned')) AS offered,
           count(*) FILTER (WHERE outcome = 'answered') AS answered,
           count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned,
           count(*) FILTER (WHERE outcome = 'answered' AND wait_sec <= 20)::float8 / nullif(count(*) FILTER (WHERE outcome IN ('answered', 'abandoned')), 0) AS service_level,
           avg(wait_sec) FILTER (WHERE outcome = 'answered') AS asa,
           avg(talk_sec) FILTER (WHERE outcome = 'answered' AND end_known) AS aht
    FROM call WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`;
}

interface HistoryQuery {
  page: string;
  sql: string;
  /** What would bring it under the target, said when it misses. */
  remedy: string;
}

const day = (n: number) => `timestamptz '${FIRST_DAY} 00:00+00' + interval '${n} days'`;
const D = 45; // a day in the middle of the range

const QUERIES: HistoryQuery[] = [
  {
    page: "agent day: event log (1 agent, 1 day)",
    sql: `SELECT id, received_at, event, message, lead_id, campaign FROM agent_event WHERE agent_user = 'h0042' AND received_at >= ${day(D)} AND received_at < ${day(D + 1)} ORDER BY received_at, id`,
    remedy: "an index on agent_event (agent_user, received_at): today only (agent_user, id) and (received_at) exist, so PostgreSQL reads either the agent's whole 90 days or every agent's day.",
  },
  {
    page: "agent day: time in state (1 agent, 1 day)",
    sql: timeInState(`agent_user = 'h0042' AND received_at >= ${day(D)} AND received_at < ${day(D + 1)}`),
    remedy: "an index on agent_event (agent_user, received_at).",
  },
  {
    page: "agent month: time in state per day (1 agent, 30 days)",
    sql: timeInState(`agent_user = 'h0042' AND received_at >= ${day(D - 30)} AND received_at < ${day(D)}`),
    remedy: "an index on agent_event (agent_user, received_at), or the agent_state_day rollup below.",
  },
  {
    page: "campaign day: time in state per agent (50 agents, 1 day)",
    sql: timeInState(`campaign = 'H3' AND received_at >= ${day(D)} AND received_at < ${day(D + 1)}`),
    remedy: "a rollup table agent_state_day (day, agent_user, campaign, status, seconds, times) filled as days close (or incrementally at commit), or an index on agent_event (campaign, received_at).",
  },
  {
    page: "team day: time in state per agent (500 agents, 1 day)",
    sql: timeInState(`received_at >= ${day(D)} AND received_at < ${day(D + 1)}`),
    remedy: "the agent_state_day rollup: one day is 150,000 events to window over; the rollup holds ~3,500 rows for it.",
  },
  {
    page: "team week: time in state per agent per day (500 agents, 7 days)",
    sql: timeInState(`received_at >= ${day(D - 7)} AND received_at < ${day(D)}`),
    remedy: "the agent_state_day rollup (1 M events → ~25,000 rollup rows).",
  },
  {
    page: "quarter: time in state per agent per day (500 agents, 90 days)",
    sql: timeInState(`received_at >= ${day(0)} AND received_at < ${day(DAYS)}`),
    remedy: "the agent_state_day rollup: windowing all 13.5 M events cannot be interactive on 2 cores.",
  },
  {
    page: "queue day: calls per hour (1 queue, 1 day)",
    sql: queueStats("date_trunc('hour', entered_at)", `queue = '703' AND entered_at >= ${day(D)} AND entered_at < ${day(D + 1)}`),
    remedy: "an index on call (queue, entered_at) exists; a miss here means the machine was busy.",
  },
  {
    page: "queue quarter: calls per day (1 queue, 90 days)",
    sql: queueStats("date_trunc('day', entered_at)", `queue = '703' AND entered_at >= ${day(0)} AND entered_at < ${day(DAYS)}`),
    remedy: "a queue_day rollup (queue, day, offered, answered, abandoned, within_sl, wait_sum, talk_sum) or a covering index on call (queue, entered_at) INCLUDE (outcome, wait_sec, talk_sec, end_known).",
  },
  {
    page: "all queues quarter: calls per queue per day (10 queues, 90 days)",
    sql: queueStats("date_trunc('day', entered_at)", `entered_at >= ${day(0)} AND entered_at < ${day(DAYS)}`),
    remedy: "the queue_day rollup: it reads all 1.8 M calls.",
  },
  {
    page: "agent month: calls handled per day (1 extension, 30 days)",
    sql: `SELECT date_trunc('day', entered_at) AS day, count(*) AS calls, avg(talk_sec) AS aht FROM call WHERE agent_extension = '1042' AND entered_at >= ${day(D - 30)} AND entered_at < ${day(D)} GROUP BY 1 ORDER BY 1`,
    remedy: "an index on call (agent_extension, entered_at): there is none, so it scans the month's calls of every agent.",
  },
];

export const history: Scenario = {
  id: "5 History",
  title: "History queries on 90 days × 500 agents",
  method: [
    `Generated in SQL (generate_series) into a separate database with the current migrations: ${AGENTS} agents × ${DAYS} days × ~${EVENTS_PER_AGENT_DAY} events per agent-day`,
    `(one 8-hour shift: login, ready/dial/answer/hang-up/dispo cycles, pauses, logout) = ${fmt((AGENTS * DAYS * EVENTS_PER_AGENT_DAY) / 1e6, 1)} M agent_event rows with jsonb raw and dedup keys,`,
    `and ${fmt(CALLS_PER_DAY, 0)} queue calls a day over ${QUEUES} queues in \`call\` (${fmt((CALLS_PER_DAY * DAYS) / 1e6, 1)} M rows). Bulk path: secondary indexes dropped during the load and rebuilt, then VACUUM ANALYZE.`,
    `Queries are what the history pages will need (time in state via lead() window functions over state-changing events; queue/day figures from \`call\`), against the current indexes only.`,
    `Each runs 3 times (once when over 5 s, cancelled at ${QUERY_TIMEOUT_MS / 1000} s); the figure is the median wall time in ms of the round trip from a pg client.`,
  ].join("\n"),
  targets: QUERIES.map((q) => ({ name: q.page, target: `< ${TARGET_MS} ms` })),
  budgetMs: 10 * 60_000,
  async run(ctx, out) {
    const url = await ctx.cluster.createDatabase("bench_history");
    const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    await Promise.all(clients.map((c) => c.connect()));
    const [a, b] = clients as [pg.Client, pg.Client];
    try {
      for (const c of clients) await c.query("SET synchronous_commit = off");
      await a.query(`INSERT INTO agent ("user", full_name, campaign, team, on_roster, extension)
        SELECT 'h' || lpad(n::text, 4, '0'), 'Agent ' || n, 'H' || (n % 10), 'T' || (n % 25), true, (1000 + n)::text FROM generate_series(1, ${AGENTS}) n`);
      await a.query(`DROP INDEX agent_event_dedup_key_key; DROP INDEX agent_event_agent_user_id_idx; DROP INDEX agent_event_received_at_idx`);

      ctx.log(`generating ${DAYS} days × ${AGENTS} agents × ${EVENTS_PER_AGENT_DAY} events`);
      const t0 = Date.now();
      let days = 0;
      const half = AGENTS / 2;
      for (let d = 0; d < DAYS; d++) {
        if (Date.now() - t0 > GENERATION_BUDGET_MS) break;
        await Promise.all([a.query(generateDay(d, 1, half)), b.query(generateDay(d, half + 1, AGENTS))]);
        days++;
        if (days % 15 === 0) ctx.log(`  ${days} days (${fmt((Date.now() - t0) / 1000, 0)} s)`);
      }
      const genS = (Date.now() - t0) / 1000;
      ctx.log(`  ${days} days of events in ${fmt(genS, 0)} s; calls`);
      const t1 = Date.now();
      await Promise.all([a.query(generateCalls(0, Math.ceil(days / 2))), b.query(generateCalls(Math.ceil(days / 2), days))]);
      ctx.log(`  calls in ${fmt((Date.now() - t1) / 1000, 0)} s; rebuilding indexes`);
      const t2 = Date.now();
      await a.query("SET maintenance_work_mem = '512MB'");
      await b.query("SET maintenance_work_mem = '512MB'");
      // The migrations' own index definitions, two at a time.
      await Promise.all([
        a.query(`CREATE UNIQUE INDEX "agent_event_dedup_key_key" ON "agent_event"("dedup_key")`),
        b.query(`CREATE INDEX "agent_event_agent_user_id_idx" ON "agent_event"("agent_user", "id")`).then(() => b.query(`CREATE INDEX "agent_event_received_at_idx" ON "agent_event"("received_at")`)),
      ]);
      ctx.log(`  indexes in ${fmt((Date.now() - t2) / 1000, 0)} s; VACUUM ANALYZE`);
      const t3 = Date.now();
      await Promise.all([a.query("VACUUM (ANALYZE) agent_event"), b.query("VACUUM (ANALYZE) call").then(() => b.query("VACUUM (ANALYZE) agent"))]);
      const prepS = (Date.now() - t1) / 1000;
      const [sizes] = (
        await a.query<{ events: string; calls: string; ev_size: string; call_size: string }>(
          `SELECT (SELECT count(*) FROM agent_event) AS events, (SELECT count(*) FROM call) AS calls,
                  pg_size_pretty(pg_total_relation_size('agent_event')) AS ev_size, pg_size_pretty(pg_total_relation_size('call')) AS call_size`,
        )
      ).rows;
      ctx.log(`  vacuum in ${fmt((Date.now() - t3) / 1000, 0)} s; ${sizes!.events} events (${sizes!.ev_size}), ${sizes!.calls} calls (${sizes!.call_size})`);
      out.metrics.push(
        info("agent_event rows generated", Number(sizes!.events), "rows", `${days} of ${DAYS} days × ${AGENTS} agents × ${EVENTS_PER_AGENT_DAY}/agent-day in ${fmt(genS, 0)} s; table + indexes ${sizes!.ev_size}`, 0),
        info("call rows generated", Number(sizes!.calls), "rows", `table + indexes ${sizes!.call_size}; calls + index rebuild + VACUUM ANALYZE took ${fmt(prepS, 0)} s`, 0),
      );
      if (days < DAYS) out.notes.push(`**Generation stopped after ${days} of ${DAYS} days** (time budget ${GENERATION_BUDGET_MS / 1000} s); queries over the missing days read less data than they would.`);

      await a.query(`SET statement_timeout = ${QUERY_TIMEOUT_MS}`);
      for (const q of QUERIES) {
        const times: number[] = [];
        let rows = 0;
        let timedOut = false;
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          try {
            rows = (await a.query(q.sql)).rowCount ?? 0;
          } catch (err) {
            if (!/statement timeout|canceling statement/i.test((err as Error).message)) throw err;
            timedOut = true;
            times.push(QUERY_TIMEOUT_MS);
            break;
          }
          times.push(performance.now() - t);
          if (times[0]! > 5_000) break;
        }
        times.sort((x, y) => x - y);
        const median = times[Math.floor((times.length - 1) / 2)]!;
        ctx.log(`  ${q.page}: ${fmt(median)} ms${timedOut ? " (timed out)" : ""}`);
        const m: Metric = below(q.page, median, TARGET_MS, "ms", () => `${timedOut ? `Cancelled at ${QUERY_TIMEOUT_MS / 1000} s. ` : ""}Needs ${q.remedy}`);
        if (m.status === "PASS") m.note = `${fmt(rows, 0)} rows returned; runs: ${times.map((t) => fmt(t)).join(", ")} ms`;
        else m.note = `${m.note} (${fmt(rows, 0)} rows returned; runs: ${times.map((t) => fmt(t)).join(", ")} ms)`;
        if (timedOut) m.note = `Timed out: the real time is above the ${fmt(QUERY_TIMEOUT_MS, 0)} ms shown. ${m.note}`;
        out.metrics.push(m);
      }
    } finally {
      await Promise.all(clients.map((c) => c.end().catch(() => {})));
    }
  },
};

/** One day's events for agents lo..hi, in time order. */
function generateDay(d: number, lo: number, hi: number): string {
  const n = EVENTS_PER_AGENT_DAY;
  return `
    INSERT INTO agent_event (received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
    SELECT ts, 'vicidial-push', u, ev, msg, lead, ep, alog, k, camp,
           jsonb_build_object('user', u, 'event', ev, 'message', msg, 'lead_id', lead, 'epoch', ep::text, 'agent_log_id', alog, 'counter', k::text, 'campaign', camp),
           md5(u || '/' || ep || '/' || k) || md5(k || '/' || u || '/' || ep)
    FROM (
      SELECT a, k, u, camp, ts, extract(epoch FROM ts)::bigint AS ep, (a * 100000 + ${d})::text AS alog,
             CASE WHEN k = 1 THEN 'logged_in' WHEN k = ${n} THEN 'logged_out'
                  ELSE (ARRAY['state_ready','call_dialed','call_answered','agent_hangup','dispo_screen_open','dispo_set','state_ready','call_answered','agent_hangup','dispo_set','state_paused','agent_alert'])[1 + k % 12] END AS ev,
             CASE WHEN k = 1 THEN 'LOGIN' WHEN k % 12 = 10 THEN 'PAUSED BREAK' WHEN k % 12 = 5 THEN 'SALE' WHEN k % 12 IN (0, 6) THEN 'READY' ELSE '' END AS msg,
             (100000 + a * 1000 + k / 6)::text AS lead
      FROM (
        SELECT a, k, 'h' || lpad(a::text, 4, '0') AS u, 'H' || (a % 10) AS camp,
               timestamptz '${FIRST_DAY} 07:00+00' + interval '${d} days' + (a % 4) * interval '1 hour'
                 + k * interval '96 seconds' + ((a * 7919 + k * 104729 + ${d} * 31) % 90) * interval '1 second' AS ts
        FROM generate_series(${lo}, ${hi}) a, generate_series(1, ${n}) k
      ) s0
    ) s ORDER BY ts`;
}

/** Queue calls of days [from, to): spread over 08:00–20:00, 88 % answered, 10 % abandoned, 2 % transferred. */
function generateCalls(from: number, to: number): string {
  return `
    INSERT INTO call (pbx, call_id, "from", "to", queue, agent_extension, state, entered_at, answered_at, ended_at, end_known, outcome, wait_sec, talk_sec)
    SELECT 'pbx', d || '-' || c, '+4930' || (1000000 + c), (700 + c % ${QUEUES})::text, (700 + c % ${QUEUES})::text,
           CASE WHEN r < 88 THEN (1001 + (c * 7) % ${AGENTS})::text END, 'ended',
           t, CASE WHEN r < 88 THEN t + w * interval '1 second' END,
           t + w * interval '1 second' + CASE WHEN r < 88 THEN talk * interval '1 second' ELSE interval '0' END,
           true, CASE WHEN r < 88 THEN 'answered' WHEN r < 98 THEN 'abandoned' ELSE 'transferred' END,
           w, CASE WHEN r < 88 THEN talk END
    FROM (
      SELECT d, c, (c * 37 + d * 11) % 100 AS r, (c * 13 + d) % 60 AS w, 30 + (c * 17 + d) % 400 AS talk,
             timestamptz '${FIRST_DAY} 08:00+00' + d * interval '1 day' + ((c * 2.16)::int % 43200) * interval '1 second' AS t
      FROM generate_series(${from}, ${to - 1}) d, generate_series(1, ${CALLS_PER_DAY}) c
    ) s ORDER BY t`;
}
