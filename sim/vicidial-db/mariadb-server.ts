/**
 * A throwaway MariaDB server (for a test file, or `npm run demo`): Debian's `mariadbd` from the `mariadb-server`
 * package (`.ci/run` installs it when missing), its own data directory under the OS temp
 * folder (mariadb-install-db), a free port on 127.0.0.1 and its socket inside the data
 * directory. Loaded with sim/vicidial-db/schema.sql into database `asterisk` (VICIdial's
 * usual name) and given the read-only account of the README ("Connect VICIdial's database") (grants from
 * lib/sources/vicidial-db/grants.ts).
 *
 * Runs as whoever runs the tests. As root (this machine, most CI containers) mariadbd
 * refuses to start without `--user`, so it gets `--user=root` and keeps every file in the
 * root-owned temp directory; as another user it simply runs as that user.
 *
 * The server runs like a VICIdial install: non-strict sql_mode (VICIdial's own inserts need
 * it, e.g. lead_id='' into an INT column at login), MyISAM/MEMORY tables as in the schema,
 * and the time zone you ask for (default the system's), so DATETIME values are local times
 * as on a VICIdial server.
 *
 * Start ≈ 0.3 s for the data directory and ≈ 0.2 s until it accepts connections on this
 * machine. stop() keeps the data (MEMORY tables empty, as on a real restart) so start() can
 * bring the same server back on the same port; destroy() stops it and removes the folder.
 * A process exit kills a server still running (SIGKILL), so a crashed test leaves none.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { createReadOnlyUserStatement, readOnlyGrantStatements } from "../../lib/sources/vicidial-db/grants";
import { freePort } from "../../support/ports";
import { stopChild } from "../../support/processes";

const SCHEMA_FILE = path.resolve(import.meta.dirname, "schema.sql");

/** True when Debian's MariaDB server binaries are installed (the demo skips the database without them). */
export function mariaDbAvailable(): boolean {
  try {
    findBinary(["mariadbd", "mysqld"]);
    findBinary(["mariadb-install-db", "mysql_install_db"]);
    return true;
  } catch {
    return false;
  }
}

/** VICIdial installs run without STRICT_TRANS_TABLES (see the file comment). */
export const VICIDIAL_SQL_MODE = "NO_ENGINE_SUBSTITUTION";

export interface MariaDbOptions {
  /** Database created and loaded with the schema; default "asterisk". */
  database?: string;
  /** Server time zone (`--default-time-zone`), e.g. "+05:30"; default the system's. */
  timeZone?: string;
  /** Read-only account; default "wallboard_ro" with a random password, host 127.0.0.1. */
  readOnlyUser?: string;
  /** ms to wait for the server to accept connections; default 30000. */
  startTimeoutMs?: number;
}

export interface MariaDbServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly socketPath: string;
  readonly dataDir: string;
  readonly database: string;
  readonly readOnlyUser: string;
  readonly readOnlyPassword: string;
  /** mysql://user:password@127.0.0.1:port/database of the read-only account. */
  readonly readOnlyUrl: string;
  /** A new root connection over the socket, `database` selected, multipleStatements on. Close it. */
  admin(): Promise<mysql.Connection>;
  /** True while the server process runs. */
  running(): boolean;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s); the data stays. */
  stop(): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  start(): Promise<void>;
  /** stop() and remove the data directory. */
  destroy(): Promise<void>;
}

/** The server binary: mariadbd (10.5+) or mysqld, from PATH or /usr/sbin (not in a user's PATH). */
function findBinary(names: readonly string[]): string {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error(`${names.join(" / ")} not found: install Debian's mariadb-server (apt-get install -y mariadb-server)`);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function run(command: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(command)} exited with ${code ?? signal}: ${output.slice(-2000)}`));
    });
  });
}

/**
 * Creates, starts and loads a MariaDB server. Rejects (after cleaning up) when the binaries
 * are missing, the data directory cannot be created, or the server does not come up in time.
 */
export async function startMariaDb(opts: MariaDbOptions = {}): Promise<MariaDbServer> {
  const serverBin = findBinary(["mariadbd", "mysqld"]);
  const installBin = findBinary(["mariadb-install-db", "mysql_install_db"]);
  const database = opts.database ?? "asterisk";
  const readOnlyUser = opts.readOnlyUser ?? "wallboard_ro";
  const readOnlyPassword = `ro-${Math.random().toString(36).slice(2, 12)}`;
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000;
  // The data directory and MariaDB's own temporary directory side by side in one folder: with
  // the default tmpdir (/tmp) shared by instances starting at once, an install once failed
  // ("Could not remove temporary table '/tmp/#sql-temptable-…'", then "Unknown table
  // 'mysql.tmp_user_sys'").
  const home = mkdtempSync(path.join(tmpdir(), "vdb-mariadb-"));
  const dataDir = path.join(home, "data");
  const tmpDir = path.join(home, "tmp");
  mkdirSync(dataDir);
  mkdirSync(tmpDir);
  const socketPath = path.join(dataDir, "mysqld.sock");
  const port = await freePort();
  const userArgs = isRoot ? ["--user=root"] : [];
  // Small InnoDB files: the VICIdial tables are MyISAM/MEMORY; only the system tables use InnoDB.
  const innodbArgs = ["--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M"];

  let child: ChildProcess | null = null;
  const errorLogTail = () => {
    try {
      return readFileSync(path.join(dataDir, "error.log"), "utf8").slice(-2000);
    } catch {
      return "";
    }
  };
  const killOnExit = () => child?.kill("SIGKILL");
  process.once("exit", killOnExit);

  const connectAdmin = () =>
    mysql.createConnection({ socketPath, user: "root", database, multipleStatements: true, connectTimeout: 5000 });

  const launch = async (): Promise<void> => {
    const proc = spawn(
      serverBin,
      [
        "--no-defaults",
        `--datadir=${dataDir}`,
        `--tmpdir=${tmpDir}`,
        ...userArgs,
        "--bind-address=127.0.0.1",
        `--port=${port}`,
        `--socket=${socketPath}`,
        `--pid-file=${path.join(dataDir, "mysqld.pid")}`,
        `--log-error=${path.join(dataDir, "error.log")}`,
        "--skip-name-resolve",
        "--skip-log-bin",
        `--sql-mode=${VICIDIAL_SQL_MODE}`,
        "--character-set-server=utf8mb4",
        ...(opts.timeZone ? [`--default-time-zone=${opts.timeZone}`] : []),
        ...innodbArgs,
      ],
      { stdio: "ignore" },
    );
    child = proc;
    let exited: string | null = null;
    proc.on("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      if (child === proc) child = null;
    });
    proc.on("error", (err) => (exited = err.message));
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (exited) throw new Error(`mariadbd ${exited}: ${errorLogTail()}`);
      try {
        const c = await mysql.createConnection({ socketPath, user: "root", connectTimeout: 1000 });
        await c.end();
        return;
      } catch (err) {
        if (Date.now() > deadline) {
          proc.kill("SIGKILL");
          throw new Error(`mariadbd did not accept connections within ${startTimeoutMs} ms (${(err as Error).message}): ${errorLogTail()}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };

  // SIGTERM is mariadbd's clean shutdown; one that hangs is killed after 10 s.
  const stop = async (): Promise<void> => {
    if (child) await stopChild(child, "SIGTERM", { killAfterMs: 10_000 });
  };

  try {
    await run(
      installBin,
      ["--no-defaults", `--datadir=${dataDir}`, `--tmpdir=${tmpDir}`, ...userArgs, "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", ...innodbArgs],
      60_000,
    );
    await launch();
    const root = await mysql.createConnection({ socketPath, user: "root", multipleStatements: true });
    try {
      await root.query(`CREATE DATABASE \`${database}\``);
      await root.query(`USE \`${database}\``);
      await root.query(readFileSync(SCHEMA_FILE, "utf8"));
      await root.query(createReadOnlyUserStatement(readOnlyUser, "127.0.0.1", readOnlyPassword));
      for (const grant of readOnlyGrantStatements(database, readOnlyUser, "127.0.0.1")) await root.query(grant);
    } finally {
      await root.end();
    }
  } catch (err) {
    await stop();
    process.removeListener("exit", killOnExit);
    rmSync(home, { recursive: true, force: true });
    throw err;
  }

  return {
    host: "127.0.0.1",
    port,
    socketPath,
    dataDir,
    database,
    readOnlyUser,
    readOnlyPassword,
    readOnlyUrl: `mysql://${encodeURIComponent(readOnlyUser)}:${encodeURIComponent(readOnlyPassword)}@127.0.0.1:${port}/${database}`,
    admin: connectAdmin,
    running: () => child !== null,
    stop,
    start: async () => {
      if (child) return;
      await launch();
    },
    destroy: async () => {
      await stop();
      process.removeListener("exit", killOnExit);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
