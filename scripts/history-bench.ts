/**
 * History at scale: 90 days × 500 agents in a scratch embedded PostgreSQL
 * (.data/history-bench), rolled up by the real job, then every history query the pages and
 * CSV routes use, timed. Writes bench/history-results.md.
 *
 *   npx tsx scripts/history-bench.ts            (HB_DAYS, HB_AGENTS, HB_RUNS to change the size)
 *
 * It runs under the server worker's V8 flags (WORKER_V8_FLAGS, lib/server/primary.ts), where
 * the pages and exports it times run: started without them, it starts itself again with them.
 *
 * Data density (per agent and day, an 8-hour shift starting 07:00–08:00 UTC): logged_in, then 25
 * cycles of 18 min (state_ready, call_answered after 2–3 min, agent_hangup 5 min later,
 * dispo_set 30 s later, a state_paused "PAUSED BREAK" after every 5th cycle), logged_out:
 * 107 events; 25 answered queue calls (wait 5–45 s) plus an abandoned one every 10th cycle.
 * 5 campaigns, one queue each, 20 teams.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { WORKER_V8_FLAGS } from "../lib/server/primary";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { freePort } from "../support/ports";
import { applyMigrations } from "../lib/db/migrate";
import { createPrisma } from "../lib/db/prisma";
import { createPgPool, EXPORT_POOL } from "../lib/db/pg-pool";
import { HistoryRollup } from "../lib/history/rollup";
import { markEverythingDirty } from "../lib/queries/history/rollup";
import { addDay, dayBounds } from "../lib/history/days";
import { agentDayRows } from "../lib/queries/history/agent-days";
import { queueHistory } from "../lib/queries/history/queue-intervals";
import { abandonedCalls } from "../lib/queries/history/abandoned-calls";
import { agentDayDetail } from "../lib/history/agent-day-detail";
import { campaignOptions, queueOptions, queuesOfScope, teamOptions } from "../lib/queries/history/options";
import { agentsCsvStream } from "../lib/history/agents-export";

const DAYS = Number(process.env.HB_DAYS ?? 90);
const AGENTS = Number(process.env.HB_AGENTS ?? 500);
const RUNS = Number(process.env.HB_RUNS ?? 7);
const TZ = "Europe/Berlin";
const LAST_DAY = "2026-11-20";
const FIRST_DAY = addDay(LAST_DAY, -(DAYS - 1), TZ);
const TARGET_MS = 300;
/** agents.csv on every day and agent (issue 14): the first byte and the end of the download, ms. */
const CSV_FIRST_BYTE_TARGET_MS = 100;
const CSV_END_TARGET_MS = 300;

const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

async function main() {
  const dataDir = path.resolve(".data/history-bench");
  mkdirSync(dataDir, { recursive: true });
  const pgServer = await startEmbeddedPostgres(dataDir, await freePort());
  const admin = new pg.Client({ connectionString: `${pgServer.serverUrl}/postgres` });
  await admin.connect();
  // HB_REUSE=1 keeps the data of the previous run (same size) and only rebuilds the rollups.
  const reuse = process.env.HB_REUSE === "1" && (await admin.query("SELECT 1 FROM pg_database WHERE datname = 'history_bench'")).rowCount === 1;
  if (!reuse) {
    await admin.query("DROP DATABASE IF EXISTS history_bench");
    await admin.query("CREATE DATABASE history_bench");
  }
  await admin.end();
  const url = `${pgServer.serverUrl}/history_bench`;
  await applyMigrations(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createPrisma(url, 10);
  const exportPool = createPgPool(url, EXPORT_POOL); // the server's export connections (lib/db/pg-pool.ts)
  const lines: string[] = [];
  try {
    // ---------- data ----------
    let t0 = Date.now();
    if (reuse) {
      await client.query("TRUNCATE agent_day, queue_interval, history_dirty");
      await client.query("DELETE FROM agent_event WHERE dedup_key LIKE 'live/%' OR event = 'agent_alert'");
      await markEverythingDirty(db);
      log("reusing the generated data; rollups cleared");
    } else {
    await client.query(
      `INSERT INTO agent ("user", full_name, campaign, team, extension, on_roster)
       SELECT 'a' || lpad(a::text, 4, '0'), 'Agent ' || a, 'C' || (a % 5 + 1), 'T' || lpad((a % 20 + 1)::text, 2, '0'), (3000 + a)::text, true
       FROM generate_series(1, $1) a`,
      [AGENTS],
    );
    await client.query(`INSERT INTO queue (id, name, service_level_sec) SELECT '70' || q, 'Queue 70' || q, 20 FROM generate_series(1, 5) q`);
    await client.query(`INSERT INTO campaign_queue (campaign, queue) SELECT 'C' || q, '70' || q FROM generate_series(1, 5) q`);
    for (let i = 0; i < DAYS; i++) {
      const day = addDay(FIRST_DAY, i, TZ);
      const dayStart = Date.parse(`${day}T00:00:00Z`) / 1000;
      // Cycle k offsets (seconds from the cycle start) and event names.
      await client.query(
        `WITH base AS (
           SELECT a, to_timestamp($1::float8 + 7 * 3600 + (a % 60) * 60) AS shift
           FROM generate_series(1, $2::int) a
         ), ev AS (
           SELECT a, shift - interval '1 minute' AS ts, 0 AS seq, 'logged_in' AS event, NULL AS message FROM base
           UNION ALL
           SELECT a, shift + c * interval '18 minutes' + make_interval(secs => x.off + CASE WHEN x.k > 0 THEN (a * 7 + c * 13) % 60 ELSE 0 END),
                  c * 5 + x.k + 1, x.event,
                  CASE WHEN x.k = 3 THEN (ARRAY['SALE', 'NI', 'CALLBK'])[(a + c) % 3 + 1] WHEN x.k = 4 THEN 'PAUSED BREAK' END
           FROM base, generate_series(0, 24) c,
                (VALUES (0, 'state_ready', 0), (1, 'call_answered', 120), (2, 'agent_hangup', 420), (3, 'dispo_set', 450), (4, 'state_paused', 600)) AS x(k, event, off)
           WHERE x.k < 4 OR c % 5 = 4
           UNION ALL
           SELECT a, shift + 25 * interval '18 minutes', 200, 'logged_out', NULL FROM base
         )
         INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, counter, campaign, raw, dedup_key)
         SELECT ts, 'vicidial-push', 'a' || lpad(a::text, 4, '0'), event, message, extract(epoch FROM ts)::int8, seq, 'C' || (a % 5 + 1), '{}'::jsonb,
                md5(a || '/' || $1 || '/' || seq)
         FROM ev`,
        [dayStart, AGENTS],
      );
      await client.query(
        `WITH base AS (
           SELECT a, to_timestamp($1::float8 + 7 * 3600 + (a % 60) * 60) AS shift FROM generate_series(1, $2::int) a
         ), c AS (
           SELECT a, c, shift + c * interval '18 minutes' + make_interval(secs => 120 + (a * 7 + c * 13) % 60) AS answered,
                  5 + (a * 11 + c * 17) % 41 AS wait
           FROM base, generate_series(0, 24) c
         )
         INSERT INTO call (pbx, call_id, "from", "to", queue, agent_extension, state, entered_at, answered_at, ended_at, end_known, outcome, wait_sec, talk_sec)
         SELECT 'bench', $1 || '-' || a || '-' || c, '+49' || (a * 1000 + c), '70' || (a % 5 + 1), '70' || (a % 5 + 1), (3000 + a)::text, 'ended',
                answered - make_interval(secs => wait), answered, answered + interval '300 seconds', true, 'answered', wait, 300
         FROM c
         UNION ALL
         SELECT 'bench', $1 || '-' || a || '-' || c || 'x', '+48' || (a * 1000 + c), '70' || (a % 5 + 1), '70' || (a % 5 + 1), NULL, 'ended',
                answered - interval '60 seconds', NULL, answered - interval '60 seconds' + make_interval(secs => 20 + (a + c) % 70), true, 'abandoned', 20 + (a + c) % 70, NULL
         FROM c WHERE (a + c) % 10 = 0`,
        [dayStart, AGENTS],
      );
      if ((i + 1) % 15 === 0 || i === DAYS - 1) log(`generated ${i + 1}/${DAYS} days`);
    }
    }
    const genMs = Date.now() - t0;
    await client.query("ANALYZE");
    const counts = (await client.query<{ events: string; calls: string }>(`SELECT (SELECT count(*) FROM agent_event) AS events, (SELECT count(*) FROM call) AS calls`)).rows[0]!;
    log(`data: ${counts.events} events, ${counts.calls} calls in ${(genMs / 1000).toFixed(1)} s`);

    // ---------- rollup ----------
    const now = dayBounds(LAST_DAY, TZ).end + 3_600_000;
    // intervalMs: started below only to be the rollup the CSV export's catch-up uses.
    const rollup = new HistoryRollup(db, { timeZone: TZ, staleAfterSec: 600, shortAbandonSec: 0, defaultServiceLevelSec: 20, now: () => now, intervalMs: 24 * 3_600_000 });
    t0 = Date.now();
    const built = await rollup.runOnce();
    const buildMs = Date.now() - t0;
    await client.query("ANALYZE");
    const sizes = (await client.query<{ ad: string; qi: string }>(`SELECT (SELECT count(*) FROM agent_day) AS ad, (SELECT count(*) FROM queue_interval) AS qi`)).rows[0]!;
    log(`rollup built in ${(buildMs / 1000).toFixed(1)} s: ${built.agentDays} agent-days, ${sizes.ad} agent_day, ${sizes.qi} queue_interval rows`);

    // ---------- live increment: one minute of events from every agent ----------
    const liveAt = dayBounds(LAST_DAY, TZ).start + 15 * 3_600_000;
    await client.query(
      `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, counter, campaign, raw, dedup_key)
       SELECT to_timestamp($1 / 1000.0 + a % 60), 'vicidial-push', 'a' || lpad(a::text, 4, '0'), 'agent_alert', 'bench', NULL, 999, 'C' || (a % 5 + 1), '{}'::jsonb, md5('live/' || a)
       FROM generate_series(1, $2::int) a`,
      [liveAt, AGENTS],
    );
    t0 = Date.now();
    const inc = await rollup.runOnce();
    const incMs = Date.now() - t0;
    log(`incremental run after ${AGENTS} new events: ${inc.agentDays} agent-days in ${incMs} ms`);

    // ---------- queries ----------
    const d = (day: string) => dayBounds(day, TZ);
    const week = addDay(LAST_DAY, -6, TZ);
    const all = { from: FIRST_DAY, to: LAST_DAY, team: null, agent: null };
    const oneDay = { from: LAST_DAY, to: LAST_DAY, team: null, agent: null };
    const c1Queues = await queuesOfScope(db, ["C1"]);
    const cases: { name: string; page: string; run: () => Promise<unknown> }[] = [
      { name: "agents: 1 day, all agents (page of 500 + count)", page: "/history/agents", run: () => agentDayRows(db, { filters: oneDay, campaigns: null, limit: 500 }) },
      { name: `agents: ${DAYS} days, all agents (page of 500 + count)`, page: "/history/agents", run: () => agentDayRows(db, { filters: all, campaigns: null, limit: 500 }) },
      { name: `agents: ${DAYS} days, last page`, page: "/history/agents", run: () => agentDayRows(db, { filters: all, campaigns: null, limit: 500, offset: Math.max(0, DAYS * AGENTS - 500) }) },
      { name: `agents: ${DAYS} days, supervisor of C1 + team T02`, page: "/history/agents", run: () => agentDayRows(db, { filters: { ...all, team: "T02" }, campaigns: ["C1"], limit: 500 }) },
      { name: `agents: ${DAYS} days, one agent`, page: "/history/agents", run: () => agentDayRows(db, { filters: { ...all, agent: "a0042" }, campaigns: null, limit: 500 }) },
      { name: "agent day: timeline, calls, dispositions", page: "/history/agents/[user]/[day]", run: () => agentDayDetail(db, { user: "a0042", day: LAST_DAY, timeZone: TZ, staleAfterSec: 600, now }) },
      { name: "queues: 1 day by 15 min, all queues", page: "/history/queues", run: () => queueHistory(db, { start: d(LAST_DAY).start, end: d(LAST_DAY).end, queues: null, bucket: "15m", timeZone: TZ }) },
      { name: "queues: 7 days by hour, one campaign", page: "/history/queues", run: () => queueHistory(db, { start: d(week).start, end: d(LAST_DAY).end, queues: c1Queues, bucket: "hour", timeZone: TZ }) },
      { name: `queues: ${DAYS} days by hour, all queues`, page: "/history/queues", run: () => queueHistory(db, { start: d(FIRST_DAY).start, end: d(LAST_DAY).end, queues: null, bucket: "hour", timeZone: TZ }) },
      { name: `queues: ${DAYS} days by day, all queues`, page: "/history/queues", run: () => queueHistory(db, { start: d(FIRST_DAY).start, end: d(LAST_DAY).end, queues: null, bucket: "day", timeZone: TZ }) },
      { name: "abandoned: 1 day, all queues (1000 + count)", page: "/history/abandoned", run: () => abandonedCalls(db, { start: d(LAST_DAY).start, end: d(LAST_DAY).end, queues: null, shortAbandonSec: 0, limit: 1000 }) },
      { name: `abandoned: ${DAYS} days, all queues (1000 + count)`, page: "/history/abandoned", run: () => abandonedCalls(db, { start: d(FIRST_DAY).start, end: d(LAST_DAY).end, queues: null, shortAbandonSec: 0, limit: 1000 }) },
      { name: `abandoned.csv: ${DAYS} days, one campaign`, page: "/api/history/abandoned.csv", run: () => abandonedCalls(db, { start: d(FIRST_DAY).start, end: d(LAST_DAY).end, queues: c1Queues, shortAbandonSec: 0, limit: 200_000 }) },
      { name: "filter choices: campaigns, teams, queues", page: "all", run: () => Promise.all([campaignOptions(db, null), teamOptions(db), queueOptions(db, null)]) },
      { name: "catch-up before a page (nothing dirty)", page: "all", run: () => rollup.runOnce({ includeOpen: false }) },
    ];
    const results: { name: string; page: string; median: number; max: number; targetMs: number }[] = [];
    // The CSV downloads as the route serves them: the very stream agents.csv answers with
    // (lib/history/agents-export.ts: catch-up, pages of days, csv-stringify), read to its end like
    // a client would; the first byte and the end are timed separately. The route's own work
    // before it (session, zod filters, scope) is not in these figures.
    rollup.start(); // the shared rollup, so the export's catch-up uses this one (nothing dirty)
    await rollup.runOnce({ includeOpen: false });
    const csvCases = [
      { name: "agents.csv: 7 days, all agents", filters: { ...all, from: week }, firstByte: false },
      { name: `agents.csv: ${DAYS} days, all agents (${DAYS * AGENTS} rows)`, filters: all, firstByte: true },
    ];
    for (const c of csvCases) {
      const firsts: number[] = [];
      const ends: number[] = [];
      let bytes = 0;
      for (let i = 0; i <= RUNS; i++) {
        const t = await timeDownload(agentsCsvStream(db, exportPool, { filters: c.filters, campaigns: null }, (err) => log(`export failed: ${err.message}`)));
        if (i === 0) continue; // warm
        firsts.push(t.firstByteMs);
        ends.push(t.endMs);
        bytes = t.bytes;
      }
      if (c.firstByte) results.push({ name: `${c.name}, first byte`, page: "/api/history/agents.csv", ...medianMax(firsts), targetMs: CSV_FIRST_BYTE_TARGET_MS });
      results.push({ name: `${c.name}, whole download (${(bytes / 1e6).toFixed(1)} MB)`, page: "/api/history/agents.csv", ...medianMax(ends), targetMs: CSV_END_TARGET_MS });
      const r = results.at(-1)!;
      log(`${r.median.toFixed(1).padStart(8)} ms median ${r.max.toFixed(1).padStart(8)} ms max  ${r.name}${c.firstByte ? ` (first byte ${medianMax(firsts).median.toFixed(1)} ms)` : ""}`);
    }
    await rollup.stop();
    for (const c of cases) {
      await c.run(); // warm
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await c.run();
        times.push(performance.now() - s);
      }
      const r = { name: c.name, page: c.page, ...medianMax(times), targetMs: TARGET_MS };
      results.push(r);
      log(`${r.median.toFixed(1).padStart(8)} ms median ${r.max.toFixed(1).padStart(8)} ms max  ${c.name}`);
    }

    lines.push(
      "# History queries at scale",
      "",
      `Generated by \`npx tsx scripts/history-bench.ts\` on ${new Date().toISOString().slice(0, 16)}Z (embedded PostgreSQL 18, ${process.platform}/${process.arch}, Node ${process.version}).`,
      "",
      `Data: ${DAYS} days (${FIRST_DAY} – ${LAST_DAY}, ${TZ}) × ${AGENTS} agents, 5 campaigns / 5 queues / 20 teams: **${Number(counts.events).toLocaleString("en")} agent events** (107 per agent-day: an 8-hour shift of 25 call cycles ready → answered → hangup → dispo, a BREAK pause every 5th cycle) and **${Number(counts.calls).toLocaleString("en")} calls** (25 answered per agent-day + 10 % abandoned). ${reuse ? "Data reused from a previous run." : `Generated with INSERT … SELECT generate_series in ${(genMs / 1000).toFixed(0)} s.`}`,
      "",
      `Rollup built from scratch by the job (HistoryRollup.runOnce) in **${(buildMs / 1000).toFixed(1)} s** (${built.agentDays.toLocaleString("en")} agent-days): ${Number(sizes.ad).toLocaleString("en")} agent_day, ${Number(sizes.qi).toLocaleString("en")} queue_interval rows. An incremental run after one event from each of the ${AGENTS} agents: **${incMs} ms** (${inc.agentDays} agent-days re-derived).`,
      "",
      `Each query: one warm-up, then ${RUNS} runs; the functions are the ones the pages and CSV routes call. Target: < ${TARGET_MS} ms. agents.csv is timed as the route streams it (lib/history/agents-export.ts, read to the end): its first byte < ${CSV_FIRST_BYTE_TARGET_MS} ms and its end < ${CSV_END_TARGET_MS} ms.`,
      "",
      "| Query | Used by | Median ms | Max ms | Target ms | Met |",
      "|---|---|---:|---:|---:|:---:|",
      ...results.map((r) => `| ${r.name} | \`${r.page}\` | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | < ${r.targetMs} | ${r.median < r.targetMs ? "yes" : "**no**"} |`),
      "",
    );
    mkdirSync("bench", { recursive: true });
    writeFileSync("bench/history-results.md", lines.join("\n"));
    // For `npm run bench` (scenario 5), which reads the figures back.
    writeFileSync(
      process.env.HB_JSON ?? path.join(dataDir, "results.json"),
      JSON.stringify({ events: Number(counts.events), calls: Number(counts.calls), rollupBuildMs: buildMs, incrementalMs: incMs, targetMs: TARGET_MS, results }),
    );
    console.log(`\n${lines.join("\n")}`);
  } finally {
    await client.end();
    await db.$disconnect();
    await exportPool.end();
    await pgServer.stop();
    // 2-3 GB of generated data: kept for HB_REUSE unless asked to clean up.
    if (process.env.HB_CLEANUP === "1") rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median and maximum of `times` (ms). */
function medianMax(times: number[]): { median: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
}

/** Reads `body` to its end like a client: ms to the first chunk and to the end, bytes read. */
async function timeDownload(body: ReadableStream<Uint8Array>): Promise<{ firstByteMs: number; endMs: number; bytes: number }> {
  const started = performance.now();
  let firstByteMs = -1;
  let bytes = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    if (firstByteMs < 0) firstByteMs = performance.now() - started;
    bytes += chunk.byteLength;
  }
  return { firstByteMs, endMs: performance.now() - started, bytes };
}

if (WORKER_V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
} else {
  const again = spawnSync(process.execPath, [...process.execArgv, ...WORKER_V8_FLAGS, ...process.argv.slice(1)], { stdio: "inherit" });
  if (again.error) console.error(`history-bench: could not start itself with ${WORKER_V8_FLAGS.join(" ")}: ${again.error.message}`);
  process.exitCode = again.status ?? 1;
}
