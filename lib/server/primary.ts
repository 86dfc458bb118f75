/**
 * The primary process of `npm start` (Node's `cluster` module): it owns the listening socket,
 * the embedded PostgreSQL (when DATABASE_URL is unset) and the wallboard's worker process,
 * which does all the work (lib/server/wallboard.ts). Because the socket stays with the
 * primary, a worker can be replaced without the push URL ever refusing a connection
 * (issue 12 §2):
 *
 * - SIGHUP (`npm run reload`) re-reads the configuration file (ENV_FILE, default `.env` when
 *   present), forks a new worker with the new code and configuration, waits until it is
 *   ready, then tells the old one to drain: it stops taking connections, answers what it
 *   received (committed first) and exits. A new worker that fails to start is reported and
 *   the old one keeps serving. The outcome is written to DATA_DIR/reload-status.json.
 * - A worker that dies unexpectedly is replaced at once (with a backoff if it keeps dying).
 * - SIGTERM/SIGINT drain the worker, stop the embedded PostgreSQL, and exit.
 * - The pid is in DATA_DIR/wallboard.pid for `npm run reload`.
 * - Under systemd socket activation (./socket-activation.ts) the worker listens on the socket
 *   systemd passed, which outlives this process: a stop and a start refuse nothing. Node's
 *   cluster closes the primary's copy of that socket when its last worker is gone, so a worker
 *   that dies is not replaced here: the primary exits (status 1) and systemd restarts the
 *   service (`Restart=always`) while the socket keeps queueing connections.
 */
import cluster, { type Worker } from "node:cluster";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import type { Env } from "../env";
import type { Logger } from "../log";
import type { WorkerMessage, PrimaryMessage, ReadyInfo } from "./worker-protocol";
import { takeListenFd, WORKER_LISTEN_FD_ENV } from "./socket-activation";

const DRAIN_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 120_000;

/**
 * glibc malloc settings for the worker (a new process, so glibc reads them at its start; an
 * operator's own values in the environment win). By default glibc raises its mmap threshold
 * each time a large block is freed, after which such blocks come from the heap and their pages
 * stay resident once freed: the worker kept ~90 MB of freed native memory (V8's compiler
 * zones at start, socket read buffers) on top of a 77 MB JavaScript heap. Fixed thresholds
 * return blocks of 32 KiB and more to the system when freed, and trim the heap's top beyond
 * 64 KiB. Measured (issue 14, idle after start): worker RSS 225–240 MB → 141–143 MB.
 */
export const WORKER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: "32768",
  MALLOC_TRIM_THRESHOLD_: "65536",
};

export interface PrimaryOptions {
  /** Prints the start banner from the first worker's ready report. */
  banner(info: ReadyInfo): void;
}

/** Reads ENV_FILE (or ./.env) as KEY=value lines; empty when absent. */
export function readEnvFile(file = process.env["ENV_FILE"] ?? ".env"): Record<string, string> {
  return existsSync(file) ? (parseEnv(readFileSync(file, "utf8")) as Record<string, string>) : {};
}

/**
 * V8 flags of the worker, after the primary's own (`process.execArgv`).
 *
 * `--no-allocation-site-pretenuring`: V8 otherwise starts allocating straight into the old
 * generation the objects of any allocation site whose objects it saw survive — and under a
 * burst of pushes (hundreds waiting for one commit) that is every site of the request path:
 * sockets, HTTP parsers, form fields, validation results. Once pretenured, each later push's
 * garbage went to the old generation (~15 MB/s at 2,000 pushes/s, a connection each), which a
 * full mark-compact (10–25 ms pauses, with concurrent marking taking a core) had to clear every
 * second or two: the push tail. Without it that garbage dies young. Measured (issue 14 ingest
 * experiment, 2,000 events/s, a connection per event; three runs each): old generation growth
 * 14–15 → 5–6 MB/s, scavenge time 30–40 → 14–20 ms per second, push p99 81/35/30 → 38/21/15 ms;
 * closed loop with a connection per event, worker CPU per event 0.170 → 0.142–0.145 ms.
 *
 * `--max-semi-space-size=32` (MB; V8's default is 16 on 64-bit): a young generation twice as
 * large. A CSV export makes its garbage faster than anything else the worker does (csv-stringify
 * allocates several small arrays per field: about 5 million objects for a 90-day agents.csv);
 * with 16 MB semi-spaces the scavenges copied the rows in flight so often that garbage
 * collection was a fifth of the export's time. Measured (scripts/history-bench.ts, which runs
 * with these flags, 90-day agents.csv, median of 7): 317–351 ms at 16 MB, 245 ms at 32, 248
 * at 64. New space only grows that large while the allocation rate needs it, and shrinks when
 * idle (V8's memory reducer); the cost is memory under the fastest allocation: npm run bench's
 * fan-out scenario peaked at 254–285 MB RSS (233–254 before; target 300), idle 176–186 MB.
 */
export const WORKER_V8_FLAGS: readonly string[] = ["--no-allocation-site-pretenuring", "--max-semi-space-size=32"];

export async function runPrimary(env: Env, log: Logger, options: PrimaryOptions): Promise<void> {
  // The worker accepts connections itself from the socket the primary holds (SCHED_NONE),
  // instead of the primary accepting each one and passing it over IPC (Node's default on
  // Linux, round-robin): with get2post.php's connection per event that hand-off cost 3/4 of the
  // push throughput (npm run bench, scenario 1: 1,064 vs 4,572 events/s for the baseline). One
  // worker serves at a time, so round-robin's balancing buys nothing; the socket still stays
  // open across a reload because the primary keeps it while any worker listens.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...WORKER_V8_FLAGS] });
  const listenFd = takeListenFd();
  if (listenFd !== null) log.info({ fd: listenFd }, "listening on the socket passed by systemd (PORT and HOST are not used)");
  const dataDir = path.resolve(env.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const baseEnv = { ...process.env };
  let embedded: { stop(): Promise<void> } | null = null;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const { startDatabaseServer } = await import("../db/database");
    const server = await startDatabaseServer(env, log);
    embedded = server;
    databaseUrl = server.url;
  }
  const pidFile = path.join(dataDir, "wallboard.pid");
  const statusFile = path.join(dataDir, "reload-status.json");
  writeFileSync(pidFile, `${process.pid}\n`);

  let current: Worker | null = null;
  let announced = false;
  let stopping = false;
  let crashes: number[] = [];

  const workerEnv = (extra: Record<string, string>) => ({ ...WORKER_MALLOC_ENV, ...baseEnv, ...extra, DATABASE_URL: databaseUrl!, [WORKER_LISTEN_FD_ENV]: listenFd === null ? "" : String(listenFd) });

  /** Forks a worker and resolves when it is ready (rejects when it exits first). */
  function fork(extra: Record<string, string>): Promise<{ worker: Worker; info: ReadyInfo }> {
    const worker = cluster.fork(workerEnv(extra));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        worker.kill("SIGKILL");
        reject(new Error(`worker not ready after ${READY_TIMEOUT_MS / 1000} s`));
      }, READY_TIMEOUT_MS);
      worker.on("message", (m: WorkerMessage) => {
        if (m.type === "ready") {
          clearTimeout(timer);
          resolve({ worker, info: m.info });
        } else if (m.type === "fatal") {
          clearTimeout(timer);
          reject(new Error(m.message));
        }
      });
      worker.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`worker exited before it was ready (${signal ?? `code ${code}`})`));
      });
    });
  }

  function watch(worker: Worker): void {
    worker.once("exit", (code, signal) => {
      if (stopping || worker !== current) return;
      if (listenFd !== null) {
        log.error({ code, signal }, "worker died; exiting so that systemd restarts the wallboard on its socket");
        void shutdown("worker died", 1);
        return;
      }
      log.error({ code, signal }, "worker died; starting a new one");
      crashes = [...crashes.filter((t) => Date.now() - t < 60_000), Date.now()];
      const delay = crashes.length > 3 ? Math.min(30_000, 1000 * 2 ** (crashes.length - 3)) : 0;
      current = null;
      setTimeout(() => void replace("restart after a crash"), delay);
    });
  }

  function drain(worker: Worker): Promise<void> {
    return new Promise((resolve) => {
      if (worker.isDead()) return resolve();
      const timer = setTimeout(() => worker.kill("SIGKILL"), DRAIN_TIMEOUT_MS);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      worker.send({ type: "drain" } satisfies PrimaryMessage);
    });
  }

  let replacing: Promise<boolean> | null = null;
  function replace(reason: string): Promise<boolean> {
    replacing ??= (async () => {
      const previous = current;
      writeFileSync(statusFile, JSON.stringify({ state: "reloading", reason, at: new Date().toISOString() }));
      try {
        const { worker, info } = await fork(readEnvFile());
        current = worker;
        watch(worker);
        if (!announced) {
          announced = true;
          options.banner(info);
        } else {
          log.info({ reason, worker: info.workerPid }, "new worker serving");
        }
        if (previous) await drain(previous);
        writeFileSync(statusFile, JSON.stringify({ state: "done", reason, at: new Date().toISOString(), worker: info.workerPid }));
        return true;
      } catch (err) {
        const message = (err as Error).message;
        log.error({ err: message, reason }, previous ? "reload failed: the running worker keeps serving" : "worker failed to start");
        writeFileSync(statusFile, JSON.stringify({ state: "failed", reason, at: new Date().toISOString(), message }));
        if (!previous && !announced) throw err;
        return false;
      } finally {
        replacing = null;
      }
    })();
    return replacing;
  }

  async function shutdown(signal: string, exitCode = 0): Promise<void> {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await replacing?.catch(() => {});
    await Promise.all(Object.values(cluster.workers ?? {}).map((w) => (w ? drain(w) : undefined)));
    await embedded?.stop().catch(() => {});
    rmSync(pidFile, { force: true });
    process.exit(exitCode);
  }

  process.on("SIGHUP", () => void replace("reload (SIGHUP)"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  try {
    await replace("start");
  } catch (err) {
    await embedded?.stop().catch(() => {});
    rmSync(pidFile, { force: true });
    throw err;
  }
}
