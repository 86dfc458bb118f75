/**
 * The benchmark's own embedded PostgreSQL (support/postgres.ts) in `.data/bench-<pid>` on a
 * free port, one fresh database per scenario (migrations applied), and small query helpers.
 * The data directory is removed when the cluster stops.
 */
import path from "node:path";
import { applyMigrations } from "../../lib/db/migrate";
import { ROOT } from "../../support/paths";
import { createDatabase, query, startScratchPostgres } from "../../support/postgres";

export interface BenchCluster {
  serverUrl: string;
  dataDir: string;
  /** Creates database `name` (dropping an old one) with the wallboard's migrations; returns its URL. */
  createDatabase(name: string, migrate?: boolean): Promise<string>;
  /**
   * Drops every database created so far and checkpoints, so that the next scenario does not
   * share the cores with autovacuum and the checkpointer working through the last one's rows.
   */
  dropCreated(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<BenchCluster> {
  const pg = await startScratchPostgres(path.join(ROOT, ".data", `bench-${process.pid}`));
  const created = new Set<string>();
  const admin = `${pg.serverUrl}/postgres`;
  return {
    serverUrl: pg.serverUrl,
    dataDir: pg.dataDir,
    async createDatabase(name, migrate = true) {
      await query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      const url = await createDatabase(pg.serverUrl, name);
      created.add(name);
      if (migrate) await applyMigrations(url, path.join(ROOT, "prisma", "migrations"));
      return url;
    },
    async dropCreated() {
      for (const name of created) await query(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      created.clear();
      await query(admin, "CHECKPOINT");
    },
    stop: () => pg.stop(),
  };
}

/** Rows in agent_event: what is durably committed. */
export async function countEvents(url: string): Promise<number> {
  const [row] = await query<{ n: string }>(url, "SELECT count(*) AS n FROM agent_event");
  return Number(row!.n);
}
