/**
 * `npm run bench`: the wallboard's benchmark suite.
 *
 * Starts its own embedded PostgreSQL (.data/bench-<pid>, free port), then runs each scenario
 * (bench/scenarios/*), each against a fresh database and a fresh wallboard server in
 * production mode (server.ts, child process), with the load coming from separate processes
 * on 127.0.0.1. Prints a table and writes bench/RESULTS.md; stops everything and removes the
 * data directory at the end (also on Ctrl-C). After each scenario its databases are dropped and
 * PostgreSQL checkpoints, so no scenario runs beside the last one's autovacuum.
 *
 * `npm run bench -- 1 3` (or BENCH_ONLY=1,3) runs only those scenarios (the results file then
 * says so). Each scenario has a time budget; one that fails or overruns is reported as
 * "not measured" with the reason, and the others still run.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pgDataDirOf, type BenchContext, type Scenario, type ScenarioOutput } from "./lib/context";
import { startCluster, type BenchCluster } from "./lib/database";
import { ROOT } from "../support/paths";
import { killAllChildren } from "./lib/proc";
import { listenOverflows } from "./lib/accept-queue";
import { calibrate, calibrationText } from "./lib/calibrate";
import { machineInfo, markdown, notMeasured, textTable, type ScenarioResult } from "./lib/report";
import { ingest } from "./scenarios/ingest";
import { endToEnd } from "./scenarios/end-to-end";
import { fanout } from "./scenarios/fanout";
import { wall } from "./scenarios/wall";
import { history } from "./scenarios/history";
import { instances } from "./scenarios/instances";

const ALL: Scenario[] = [ingest, endToEnd, fanout, wall, history, instances];
const RESULTS_FILE = path.join(ROOT, "bench", "RESULTS.md");

function selected(): Scenario[] {
  const picks = [...process.argv.slice(2), ...(process.env.BENCH_ONLY ?? "").split(",")].map((s) => s.trim()).filter(Boolean);
  if (picks.length === 0) return ALL;
  return ALL.filter((s) => picks.includes(s.id.split(" ")[0]!));
}

const t0 = Date.now();
const stamp = () => `[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s]`;
const log = (msg: string) => console.log(`${stamp()} ${msg}`);

let cluster: BenchCluster | undefined;
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    killAllChildren();
    await cluster?.stop().catch((err: Error) => console.error(`stopping PostgreSQL: ${err.message}`));
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function runScenario(s: Scenario, ctx: BenchContext): Promise<ScenarioResult> {
  const out: ScenarioOutput = { metrics: [], notes: [] };
  const started = Date.now();
  const overflowsBefore = listenOverflows();
  let error: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      s.run(ctx, out),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`time budget of ${s.budgetMs / 1000} s exceeded`)), s.budgetMs);
      }),
    ]);
  } catch (err) {
    error = (err as Error).message;
    log(`${s.id}: FAILED: ${error}`);
    // Whatever the scenario left running (servers, workers) goes now.
    killAllChildren();
  } finally {
    clearTimeout(timer);
  }
  const overflowsAfter = listenOverflows();
  if (overflowsBefore !== null && overflowsAfter !== null) {
    const dropped = overflowsAfter - overflowsBefore;
    out.notes.push(`Connections the kernel dropped on a full accept queue during the scenario (TcpExtListenOverflows, any listener, baselines included): ${dropped.toLocaleString("en-US")}; each is resent 1 s later.`);
    log(`${s.id}: ${dropped} connections dropped on full accept queues`);
  }
  const have = new Set(out.metrics.map((m) => m.name));
  for (const t of s.targets) if (!have.has(t.name)) out.metrics.push(notMeasured(t.name, error ? `scenario stopped: ${error.split("\n")[0]}` : "the scenario did not produce it", t.target));
  return { id: s.id, title: s.title, method: s.method, metrics: out.metrics, notes: out.notes, error, seconds: (Date.now() - started) / 1000 };
}

async function main(): Promise<void> {
  const scenarios = selected();
  const machine = machineInfo();
  log(`benchmark on ${machine.nproc} CPUs, ${machine.memoryGiB} GiB, Node ${machine.node}; scenarios: ${scenarios.map((s) => s.id).join(", ")}`);
  machine.speedAtStart = calibrationText(await calibrate());
  log(`machine speed: ${machine.speedAtStart}`);
  log("starting embedded PostgreSQL");
  cluster = await startCluster();
  const ctx: BenchContext = { cluster, pgDataDir: pgDataDirOf(cluster), log: (m) => log(`  ${m}`) };
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    log(`${s.id}: ${s.title}`);
    const r = await runScenario(s, ctx);
    results.push(r);
    log(`${s.id}: done in ${r.seconds.toFixed(0)} s`);
    // The next scenario must not share the cores with autovacuum and the checkpointer working
    // through this one's rows: with scenario 1's ~250,000 rows left, scenario 2's p99 at
    // 1,000 events/s was 48–101 ms; with them dropped and checkpointed, 23–25 ms.
    await cluster.dropCreated();
  }
  await cleanup();
  machine.speedAtEnd = calibrationText(await calibrate());
  log(`machine speed at the end: ${machine.speedAtEnd}`);
  const total = (Date.now() - t0) / 1000;
  console.log(`\n${textTable(results)}\n`);
  let md = markdown(machine, results, total);
  if (scenarios.length !== ALL.length) md = md.replace("# Benchmark results\n", `# Benchmark results\n\n> Partial run: scenarios ${scenarios.map((s) => s.id).join(", ")} only.\n`);
  writeFileSync(RESULTS_FILE, md);
  log(`results written to ${path.relative(ROOT, RESULTS_FILE)} (${(total / 60).toFixed(1)} min)`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`benchmark failed: ${err.stack ?? err.message}`);
    void cleanup().finally(() => process.exit(1));
  },
);
