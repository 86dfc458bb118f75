/**
 * The benchmark's own embedded PostgreSQL (lib/db/embedded.ts) in `.data/bench-<pid>` on a
 * free port, one fresh database per scenario (migrations applied), and small query helpers.
 * The data directory is removed when the cluster stops.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { freePort, ROOT } from "./proc";

export interface BenchCluster {
  serverUrl: string;
  dataDir: string;
  /** Creates database `name` (dropping an old one) with the wallboard's migrations; returns its URL. */
  createDatabase(name: string, migrate?: boolean): Promise<string>;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<BenchCluster> {
  const dataDir = path.join(ROOT, ".data", `bench-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const embedded = await startEmbeddedPostgres(dataDir, await freePort());
  let stopped = false;
  return {
    serverUrl: embedded.serverUrl,
    dataDir,
    async createDatabase(name, migrate = true) {
      await query(`${embedded.serverUrl}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await query(`${embedded.serverUrl}/postgres`, `CREATE DATABASE ${name}`);
      const url = `${embedded.serverUrl}/${name}`;
      if (migrate) await applyMigrations(url, path.join(ROOT, "prisma", "migrations"));
      return url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await embedded.stop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs one statement on its own connection. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Rows in agent_event: what is durably committed. */
export async function countEvents(url: string): Promise<number> {
  const [row] = await query<{ n: string }>(url, "SELECT count(*) AS n FROM agent_event");
  return Number(row!.n);
}
