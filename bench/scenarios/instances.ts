/**
 * Scenario 6 — never lose a push (issue 12): the restart gap, a rolling reload, and two
 * instances on one PostgreSQL.
 *
 * - Restart gap: 100 pushes/s (a new connection each, as get2post.php) while the server is
 *   stopped (SIGTERM, drained) and started again on the same port, on a built tree; gap =
 *   from the first push that failed to the first push sent after it that was answered 200.
 *   Three stop/starts; the worst is the figure.
 * - Rolling reload: the same pusher while the primary replaces its worker (SIGHUP, what
 *   `npm run reload` sends); every push must be answered 200.
 * - Two instances: 50 Socket.IO clients on instance B (5 campaign topics), pushes sent to
 *   instance A at 500 events/s (stamped just before the request is written); latency = B's
 *   client receipt − stamp, one sample per event per subscribed client.
 * - A start on a shift's events (bench/lib/database.ts seedShift: 1,000 agents × 300 events):
 *   the live board's rebuild (the server's own "live board rebuilt" log line), the time
 *   from spawning the server to its "Wallboard ready" line and the worker's peak RSS by then,
 *   three starts, the medians.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Scenario } from "../lib/context";
import { pgDataDirOf } from "../lib/context";
import { runPushPhase } from "../lib/load";
import { seedShift } from "../lib/database";
import { REPLAY_EVENTS_PER_AGENT } from "../../lib/agents/event-log";
import { freePort } from "../../support/ports";
import { atMost, below, info } from "../lib/report";
import { PUSH_TOKEN, startWallboardServer, type RunningServer } from "../lib/server";
import { fmt, medianIndex, summarise } from "../lib/stats";
import { samplesBetween, startSubscribers } from "../lib/subscribers";
import { startSteadyPusher, type PushAttempt } from "../../support/agent-push";
import { rssOf } from "../../support/processes";

const CAMPAIGNS = Array.from({ length: 5 }, (_, i) => `I${i}`);
const CLIENTS = 50;
const AGENTS = 500;
const CROSS_RATE = 500;
const PHASE_MS = 10_000;
const SHIFT_AGENTS = 1_000;
const SHIFT_EVENTS = 300;
const STARTS = 3;

/** The fields of the server's "live board rebuilt from stored events" line (LOG_LEVEL info), or null. */
function rebuildLine(output: string): { agents: number; events: number; ms: number } | null {
  const line = output.split("\n").find((l) => l.includes("live board rebuilt from stored events"));
  if (!line) return null;
  try {
    const { agents, events, ms } = JSON.parse(line.slice(line.indexOf("{"))) as { agents: number; events: number; ms: number };
    return { agents, events, ms };
  } catch {
    return null;
  }
}

function restartGap(attempts: PushAttempt[], stopAt: number): { gapMs: number; failed: number } {
  const failed = attempts.filter((a) => a.result.status !== 200);
  if (failed.length === 0) return { gapMs: 0, failed: 0 };
  const first = Math.min(...failed.map((a) => a.sentAt));
  const ok = attempts.find((a) => a.sentAt > first && a.result.status === 200);
  return { gapMs: ok ? ok.sentAt - first : Date.now() - stopAt, failed: failed.length };
}

export const instances: Scenario = {
  id: "6 Instances",
  title: "Restart gap, rolling reload, two instances on one PostgreSQL",
  method: [
    "Restart: 100 pushes/s (new connection each) while the server is stopped (SIGTERM) and started again on the same port (built tree); gap = first failed push → first push sent after it answered 200; worst of 3.",
    "Reload: the same pusher while the primary replaces its worker (SIGHUP, as `npm run reload`); pushes not answered 200 are counted.",
    `Two instances on the bench's PostgreSQL: ${CLIENTS} Socket.IO clients on instance B (${CAMPAIGNS.length} campaign topics), pushes to instance A at ${CROSS_RATE} events/s for ${PHASE_MS / 1000} s, stamped just before the request is written; latency (ms) = B's client receipt − stamp.`,
    `Start on a shift's events: a database with ${SHIFT_AGENTS.toLocaleString("en-US")} agents × ${SHIFT_EVENTS} stored pushes (raw fields included), the server started on it ${STARTS} times; the board's rebuild as the server logs it, spawn → "Wallboard ready", and the worker's peak RSS (VmHWM) by then.`,
  ].join("\n"),
  targets: [
    { name: "push URL dead across stop and start (worst of 3)", target: "≤ 2000 ms" },
    { name: "pushes not answered 200 during a reload", target: "0" },
    { name: `cross-instance p99 at ${CROSS_RATE} events/s`, target: "< 100 ms" },
  ],
  budgetMs: 8 * 60_000,
  async run(ctx, out) {
    // Restart gap.
    {
      const db = await ctx.cluster.createDatabase("bench_restart");
      const port = await freePort();
      let server: RunningServer | undefined = await startWallboardServer(db, ctx.cluster.dataDir, { PORT: String(port) });
      try {
        const gaps: number[] = [];
        for (let round = 0; round < 3; round++) {
          const current = server!;
          const pusher = startSteadyPusher({ target: () => `http://127.0.0.1:${port}`, token: PUSH_TOKEN, rate: 100, agents: 20, userPrefix: `r${round}-`, campaign: "RESTART", seed: round + 1, timeoutMs: 10_000 });
          await new Promise((r) => setTimeout(r, 1500));
          const stopAt = Date.now();
          await current.stop();
          server = undefined;
          server = await startWallboardServer(db, ctx.cluster.dataDir, { PORT: String(port) });
          await new Promise((r) => setTimeout(r, 1000));
          const { gapMs, failed } = restartGap(await pusher.stop(), stopAt);
          ctx.log(`restart ${round + 1}: gap ${gapMs} ms, ${failed} pushes failed`);
          gaps.push(gapMs);
        }
        out.metrics.push(atMost("push URL dead across stop and start (worst of 3)", Math.max(...gaps), 2000, "ms", () => "The gap is the old worker's drain plus the new primary's and worker's start up to listen (before the board rebuild and Next.js)."));
        out.metrics.push(info("push URL dead across stop and start (median of 3)", [...gaps].sort((a, b) => a - b)[1]!, "ms"));

        // Rolling reload on the running server.
        const srv = server!;
        const statusFile = path.join(srv.dataDir!, "reload-status.json");
        const before = existsSync(statusFile) ? statSync(statusFile).mtimeMs : 0;
        const pusher = startSteadyPusher({ target: () => srv.url, token: PUSH_TOKEN, rate: 100, agents: 20, userPrefix: "rl-", campaign: "RELOAD", timeoutMs: 30_000 });
        await new Promise((r) => setTimeout(r, 1500));
        process.kill(srv.primaryPid, "SIGHUP");
        const deadline = Date.now() + 120_000;
        let state = "";
        while (Date.now() < deadline) {
          if (existsSync(statusFile) && statSync(statusFile).mtimeMs > before) {
            state = (JSON.parse(readFileSync(statusFile, "utf8")) as { state: string }).state;
            if (state === "done" || state === "failed") break;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 1500));
        const attempts = await pusher.stop();
        const bad = attempts.filter((a) => a.result.status !== 200);
        ctx.log(`reload ${state}: ${attempts.length} pushes, ${bad.length} not answered 200`);
        out.metrics.push(atMost("pushes not answered 200 during a reload", bad.length, 0, "", () => `reload ${state}; ${[...new Set(bad.map((b) => b.result.error ?? b.result.status))].join(", ")}`));
        out.notes.push(`Reload: ${attempts.length} pushes at 100/s across the worker replacement (${state}).`);
      } finally {
        await server?.stop();
      }
    }

    // A start on a shift's events.
    {
      const db = await ctx.cluster.createDatabase("bench_start");
      await seedShift(db, SHIFT_AGENTS, SHIFT_EVENTS);
      const starts: { rebuild: { agents: number; events: number; ms: number }; readyMs: number; peakMb: number }[] = [];
      for (let round = 0; round < STARTS; round++) {
        const t0 = performance.now();
        const server = await startWallboardServer(db, ctx.cluster.dataDir, { LOG_LEVEL: "info" });
        const readyMs = performance.now() - t0;
        try {
          const rebuild = rebuildLine(server.output());
          if (!rebuild) throw new Error("the server logged no 'live board rebuilt' line");
          // The worker's high-water mark (VmHWM) so far: its start, rebuild included.
          const peakMb = (rssOf(server.pid)?.peak ?? NaN) / 1e6;
          ctx.log(`start ${round + 1} on ${fmt(SHIFT_AGENTS, 0)} agents × ${SHIFT_EVENTS} events: board rebuilt in ${fmt(rebuild.ms, 0)} ms (${fmt(rebuild.events, 0)} events), ready after ${fmt(readyMs, 0)} ms, worker peak RSS ${fmt(peakMb, 0)} MB`);
          starts.push({ rebuild, readyMs, peakMb });
        } finally {
          await server.stop();
        }
      }
      const rebuilds = starts.map((s) => s.rebuild.ms);
      const median = starts[medianIndex(rebuilds)]!;
      const readies = starts.map((s) => s.readyMs).sort((a, b) => a - b);
      out.metrics.push(
        info(
          `board rebuild at start, ${fmt(SHIFT_AGENTS, 0)} agents × ${REPLAY_EVENTS_PER_AGENT} events`,
          median.rebuild.ms,
          "ms",
          `the server's "live board rebuilt" line, median of ${STARTS} starts (${rebuilds.map((v) => fmt(v, 0)).join(", ")} ms); ${fmt(median.rebuild.events, 0)} events of ${fmt(median.rebuild.agents, 0)} agents read (lib/server/live-engine.ts rebuild)`,
        ),
      );
      const peaks = starts.map((s) => s.peakMb).sort((a, b) => a - b);
      out.metrics.push(info("worker peak RSS over a start on that database", peaks[Math.floor(peaks.length / 2)]!, "MB", `VmHWM of the worker once ready, MB = 10^6 bytes, median of ${STARTS} (${peaks.map((v) => fmt(v, 0)).join(", ")} MB)`));
      out.metrics.push(info("start to ready on that database", readies[Math.floor(readies.length / 2)]!, "ms", `spawn → "Wallboard ready", median of ${STARTS} (${readies.map((v) => fmt(v, 0)).join(", ")} ms); the push URL answers before, from the listen`));
    }

    // Two instances.
    {
      const db = await ctx.cluster.createDatabase("bench_instances");
      const a = await startWallboardServer(db, ctx.cluster.dataDir);
      const b = await startWallboardServer(db, ctx.cluster.dataDir);
      try {
        const epoch = Math.floor(Date.now() / 1000) - 60;
        // One session id for every phase (bench/lib/events.ts `session`): the updates continue the logins.
        const base = { url: a.pushUrl, token: PUSH_TOKEN, agents: AGENTS, userPrefix: "x", campaigns: CAMPAIGNS, epoch, session: 1 };
        await runPushPhase({ ...base, keepAlive: true, mode: "closed", workers: 1, totalConcurrency: 20, durationMs: 30_000, maxEvents: AGENTS }, a, pgDataDirOf(ctx.cluster));
        const topics = Array.from({ length: CLIENTS }, (_, i) => `campaign:${CAMPAIGNS[i % CAMPAIGNS.length]}`);
        const subs = startSubscribers(b.url, b.cookie, topics, 1, 120_000);
        await subs.ready;
        const run = await runPushPhase(
          { ...base, login: false, counterStart: 10, keepAlive: false, mode: "open", workers: 1, totalRate: CROSS_RATE, durationMs: PHASE_MS, maxEvents: (CROSS_RATE * PHASE_MS) / 1000, stamp: true, recordLatency: true },
          a,
          pgDataDirOf(ctx.cluster),
        );
        await new Promise((r) => setTimeout(r, 1500));
        const got = await subs.stop();
        const s = summarise(samplesBetween(got, run.firstSendAt - 1, run.lastAnswerAt + 1));
        ctx.log(`cross-instance at ${CROSS_RATE}/s: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms (${s.count} samples)`);
        out.metrics.push(info(`cross-instance p50 at ${CROSS_RATE} events/s`, s.p50, "ms"));
        out.metrics.push(below(`cross-instance p99 at ${CROSS_RATE} events/s`, s.p99, 100, "ms", () => "Replication is woken by LISTEN/NOTIFY at each commit, then reads the rows below the horizon."));
        out.notes.push(`Two instances: ${fmt(run.stored, 0)} events stored at A, ${s.count} deliveries measured at B's ${got.connected} clients.`);
      } finally {
        await a.stop();
        await b.stop();
      }
    }
  },
};
