/**
 * Opens the wallboard's database: DATABASE_URL when set, else the embedded PostgreSQL; then
 * applies the migrations and returns a Prisma client (pages, APIs, history, admin) and the
 * ingest's own `pg` pool (lib/db/pg-pool.ts), each with statement and query timeouts.
 */
import type { Env } from "../env";
import type { Logger } from "../log";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./migrate";
import type pg from "pg";
import { createPgPool, INGEST_POOL, PROBE_POOL } from "./pg-pool";
import { createPrisma, type Db } from "./prisma";

export interface OpenDatabase {
  db: Db;
  /** Reserved for the ingest commit and its outage probe. */
  ingestPool: pg.Pool;
  /** /healthz's probe: one connection with a 2.5 s limit, never queued behind pages or ingest. */
  probePool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(env: Env, log: Logger): Promise<OpenDatabase> {
  let url = env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT, (line) => log.debug({ pg: line }));
    url = embedded.url;
    stopEmbedded = embedded.stop;
    if (embedded.relocatedBecause) log.info({ dataDir: embedded.dataDir, why: embedded.relocatedBecause }, "embedded PostgreSQL kept under /var/lib/vici-wallboard (running as root)");
    log.info({ dataDir: embedded.dataDir, port: env.EMBEDDED_PG_PORT }, "embedded PostgreSQL running");
  }
  const migrations = await applyMigrations(url);
  if (migrations.applied.length) log.info({ applied: migrations.applied }, "migrations applied");
  const db = createPrisma(url);
  const ingestPool = createPgPool(url, INGEST_POOL, (err) => log.warn({ err: err.message }, "ingest connection lost"));
  const probePool = createPgPool(url, PROBE_POOL, () => {});
  return {
    db,
    ingestPool,
    probePool,
    url,
    embedded: stopEmbedded !== undefined,
    async close() {
      await ingestPool.end().catch(() => {});
      await probePool.end().catch(() => {});
      await db.$disconnect();
      await stopEmbedded?.();
    },
  };
}
