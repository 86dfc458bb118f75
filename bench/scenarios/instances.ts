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
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Scenario } from "../lib/context";
import { pgDataDirOf } from "../lib/context";
import { runPushPhase } from "../lib/load";
import { freePort } from "../../support/ports";
import { atMost, below, info } from "../lib/report";
import { PUSH_TOKEN, startWallboardServer, type RunningServer } from "../lib/server";
import { fmt, summarise } from "../lib/stats";
import { samplesBetween, startSubscribers } from "../lib/subscribers";
import { startSteadyPusher, type PushAttempt } from "../../support/agent-push";

const CAMPAIGNS = Array.from({ length: 5 }, (_, i) => `I${i}`);
const CLIENTS = 50;
const AGENTS = 500;
const CROSS_RATE = 500;
const PHASE_MS = 10_000;

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
  ].join("\n"),
  targets: [
    { name: "push URL dead across stop and start (worst of 3)", target: "≤ 2000 ms" },
    { name: "pushes not answered 200 during a reload", target: "0" },
    { name: `cross-instance p99 at ${CROSS_RATE} events/s`, target: "< 100 ms" },
  ],
  budgetMs: 6 * 60_000,
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
