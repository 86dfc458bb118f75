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

/**
 * A shift's worth of stored pushes in `url`: `agents` agents (`s1`…, campaigns S0–S9) with
 * `eventsPerAgent` events each, the agent-screen cycle (ready, dial, in call, disposition,
 * paused) 10 s apart and ending now, each row with its raw push fields as the event store
 * writes them (source vicidial-push, dedup key, jsonb raw); their `agent` rows seen now.
 * One INSERT … SELECT generate_series, then VACUUM ANALYZE, as a database after a day.
 */
export async function seedShift(url: string, agents: number, eventsPerAgent: number): Promise<void> {
  await query(url, `INSERT INTO agent ("user", first_seen_at, last_event_at) SELECT 's' || a, now() - interval '1 hour' * 8, now() FROM generate_series(1, $1::int) a`, [agents]);
  await query(
    url,
    `WITH cycle(i, event, message) AS (VALUES (0, 'state_ready', 'READY'), (1, 'call_dialed', '5551234567'), (2, 'state_incall', 'INCALL'), (3, 'dispo_set', 'SALE'), (4, 'state_paused', 'PAUSED')),
     ev AS (
       SELECT a, k, 's' || a AS agent_user, 'S' || (a % 10) AS campaign, c.event, c.message, (100000 + k)::text AS lead_id,
              extract(epoch FROM now())::int8 - ($2::int - k) * 10 AS epoch, (700000 + a)::text AS agent_log_id
       FROM generate_series(1, $1::int) AS g(a) CROSS JOIN generate_series(1, $2::int) AS s(k) JOIN cycle c ON c.i = s.k % 5
     )
     INSERT INTO agent_event (received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
     SELECT to_timestamp(epoch), 'vicidial-push', agent_user, event, message, lead_id, epoch, agent_log_id, k, campaign,
            jsonb_build_object('user', agent_user, 'event', event, 'message', message, 'lead_id', lead_id, 'epoch', epoch::text,
                               'agent_log_id', agent_log_id, 'counter', k::text, 'campaign', campaign),
            md5(agent_user || '-' || k)
     FROM ev`,
    [agents, eventsPerAgent],
  );
  await query(url, "VACUUM ANALYZE");
}
