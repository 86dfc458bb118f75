/**
 * A throwaway cluster of Debian's own PostgreSQL server (package `postgresql`; .ci/run installs
 * it), for tests of several wallboard instances on one "real" PostgreSQL (issue 12 §3): its
 * own data directory under the OS temp folder, a free port on 127.0.0.1, trust authentication
 * for local TCP (test only). As root it runs as the `postgres` user (PostgreSQL refuses root).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "../../support/ports";
import { createDatabase } from "../../support/postgres";
import { captureOutput, stopChild } from "../../support/processes";

export interface DebianPostgres {
  port: number;
  /** postgresql://postgres@127.0.0.1:PORT (add a database name). */
  serverUrl: string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** The newest installed /usr/lib/postgresql/<version>/bin, or null. */
export function debianPostgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "postgres"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, "bin") : null;
}

function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (id.status !== 0) throw new Error("running as root needs the postgres user (apt-get install postgresql)");
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startDebianPostgres(): Promise<DebianPostgres> {
  const bin = debianPostgresBin();
  if (!bin) throw new Error("Debian's PostgreSQL server is not installed (apt-get install postgresql)");
  const as = runAs();
  const dir = mkdtempSync(path.join(tmpdir(), "wb-debian-pg-"));
  if (as.uid !== undefined) chownSync(dir, as.uid, as.gid!);
  const user = as.uid !== undefined ? "postgres" : userInfo().username;
  const init = spawnSync(path.join(bin, "initdb"), ["-D", dir, "-U", user, "--auth=trust", "-E", "UTF8", "--no-instructions"], { ...as, encoding: "utf8" });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const child: ChildProcess = spawn(
    path.join(bin, "postgres"),
    ["-D", dir, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on", "-c", "log_min_messages=warning"],
    { ...as, stdio: ["ignore", "pipe", "pipe"] },
  );
  const output = captureOutput(child);
  const serverUrl = `postgresql://${user}@127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited: ${output()}`);
    const c = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    try {
      await c.connect();
      await c.end();
      break;
    } catch {
      await c.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres not answering: ${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    serverUrl,
    createDatabase: (name) => createDatabase(serverUrl, name),
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown.
      await stopChild(child, "SIGINT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
