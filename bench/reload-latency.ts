/**
 * Push answer times through `npm run reload`: a production wallboard server (as `npm run
 * bench` starts it, on its own embedded PostgreSQL) takes open-loop pushes, a new connection
 * each (get2post.php), from two pusher processes; 10 s into a 30 s phase its primary gets
 * SIGHUP (what `npm run reload` sends). Prints one line: p50/p99 ms per second of sending,
 * the deepest accept queue, and how many pushes were sent and answered 200.
 *
 * Run: npx tsx bench/reload-latency.ts [pushes per second, default 1000] [phase s, default 30]
 * (the README's "Reload without refusing a push" quotes it). Before the phase: a 2 s closed
 * loop and 10 s at the rate, so the worker being replaced is warm. PROF_DIR=<dir> writes V8 CPU
 * profiles of the primary and both workers there (bench/lib/cpu-profile.ts).
 */
import { startCluster } from "./lib/database";
import { runPushPhase } from "./lib/load";
import { PUSH_TOKEN, startWallboardServer } from "./lib/server";
import { summarise } from "./lib/stats";

const rate = Number(process.argv[2] ?? 1000);
const RELOAD_AT_MS = 10_000;
const PHASE_MS = Number(process.argv[3] ?? 30) * 1000;
const AGENTS = 1000;
if (!(rate > 0) || !(PHASE_MS > RELOAD_AT_MS)) throw new Error("usage: reload-latency.ts [pushes per second] [phase seconds, over 10]");

const cluster = await startCluster();
try {
  const server = await startWallboardServer(await cluster.createDatabase("reload_latency"), cluster.dataDir, {}, process.env.PROF_DIR ? { cpuProfileDir: process.env.PROF_DIR } : {});
  try {
    let counter = 0;
    const epoch = Math.floor(Date.now() / 1000) - 60;
    const phase = async (open: boolean, durationMs: number) => {
      const run = await runPushPhase(
        {
          url: server.pushUrl,
          token: PUSH_TOKEN,
          keepAlive: false,
          mode: open ? "open" : "closed",
          workers: 2,
          totalConcurrency: open ? undefined : 16,
          totalRate: open ? rate : undefined,
          durationMs,
          maxEvents: open ? Math.ceil((rate * durationMs) / 1000) : 2_000_000,
          agents: AGENTS,
          userPrefix: "r",
          campaigns: ["S0", "S1", "S2", "S3", "S4"],
          epoch,
          session: 1,
          login: counter === 0,
          counterStart: counter,
          recordLatency: true,
          // get2post.php sets no timeout: a push waits as long as it takes.
          requestTimeoutMs: 60_000,
        },
        server,
        cluster.dataDir,
      );
      // Each agent's counter goes on from where the last phase left it (see bench/scenarios/ingest.ts).
      counter += 2 * Math.ceil(run.sent / AGENTS) + 10;
      return run;
    };
    await phase(false, 2_000);
    await phase(true, 10_000);
    // The pushers start ~200 ms after the call (bench/lib/load.ts).
    const hup = setTimeout(() => process.kill(server.primaryPid, "SIGHUP"), RELOAD_AT_MS + 200);
    const run = await phase(true, PHASE_MS);
    clearTimeout(hup);
    const first = run.sentAt.reduce((a, b) => Math.min(a, b), Infinity);
    const bySecond: number[][] = [];
    run.latencies.forEach((ms, i) => (bySecond[Math.floor((run.sentAt[i]! - first) / 1000)] ??= []).push(ms));
    const seconds = bySecond.map((l, s) => {
      const { p50, p99 } = summarise(l);
      return `s${s} ${p50.toFixed(0)}/${p99.toFixed(0)}`;
    });
    console.log(`${rate} pushes/s, reload at s${RELOAD_AT_MS / 1000}, p50/p99 ms by second sent: ${seconds.join(" ")}; accept queue up to ${run.acceptQueueMax}; ${run.sent} sent, ${run.ok200} answered 200`);
  } finally {
    await server.stop();
  }
} finally {
  await cluster.stop();
}
