/**
 * Opens the wallboard's database: DATABASE_URL when set, else the embedded PostgreSQL; then
 * applies the migrations (advisory-locked: instances starting together apply them once) and
 * returns a Prisma client (pages, APIs, history, admin) and the ingest's own `pg` pool
 * (lib/db/pg-pool.ts), each with statement and query timeouts. Every connection carries the
 * process's writer id (session setting `wallboard.writer`), which replication reads to skip a
 * process's own rows (lib/replication/follower.ts).
 */
import type { Logger } from "../log";
export { createPgPool } from "./pg-pool";
import { applyMigrations } from "./migrate";
import type pg from "pg";
import { createPgPool, INGEST_POOL, PROBE_POOL } from "./pg-pool";
import type { Db } from "./prisma";

/**
 * What opening the database reads of the configuration (lib/env.ts's Env has these fields).
 * Named here rather than importing Env: the configuration sits above lib/db (it composes the
 * sources' schemas), and lib/db must not import upward (test/unit/layers.test.ts).
 */
export interface DatabaseSettings {
  /** PostgreSQL URL; unset: the embedded PostgreSQL under DATA_DIR is started. */
  DATABASE_URL?: string | undefined;
  DATA_DIR: string;
  EMBEDDED_PG_PORT: number;
}

export interface OpenDatabase {
  /**
   * The Prisma client, created on first call (its generated code is loaded then: the ingest
   * pools are usable before it, so the push URL answers sooner at start).
   */
  prisma(): Promise<Db>;
  /** Reserved for the ingest commit and its outage probe. */
  ingestPool: pg.Pool;
  /** /healthz's probe: one connection with a 2.5 s limit, never queued behind pages or ingest. */
  probePool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/** Starts (or adopts) the embedded PostgreSQL of DATA_DIR; returns its URL and how to stop it. */
export async function startDatabaseServer(env: DatabaseSettings, log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  // Imported here: a worker (its primary runs the embedded server) or an instance on
  // DATABASE_URL never needs the package, whose load took ~80 ms of each start (issue 14).
  const { startEmbeddedPostgres } = await import("./embedded");
  const embedded = await startEmbeddedPostgres(env.DATA_DIR, env.EMBEDDED_PG_PORT, (line) => log.debug({ pg: line }));
  if (embedded.relocatedBecause) log.info({ dataDir: embedded.dataDir, why: embedded.relocatedBecause }, "embedded PostgreSQL kept under /var/lib/vici-wallboard (running as root)");
  log.info({ dataDir: embedded.dataDir, port: env.EMBEDDED_PG_PORT }, "embedded PostgreSQL running");
  return { url: embedded.url, stop: () => embedded.stop() };
}

/** A writer id: this process, unique across restarts (letters, digits, `.`, `-`). */
export function newWriterId(host: string, pid = process.pid): string {
  return `${host.replace(/[^A-Za-z0-9.-]/g, "-").slice(0, 40)}-${pid}-${Date.now().toString(36)}`;
}

/** Opens the database (see the module comment); `writer` tags every connection for replication. Throws when migrations fail. */
export async function openDatabase(env: DatabaseSettings, log: Logger, options: { writer: string }): Promise<OpenDatabase> {
  let url = env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const server = await startDatabaseServer(env, log);
    url = server.url;
    stopEmbedded = server.stop;
  }
  const migrations = await applyMigrations(url);
  if (migrations.applied.length) log.info({ applied: migrations.applied }, "migrations applied");
  const session = `-c wallboard.writer=${options.writer}`;
  let db: Db | null = null;
  const ingestPool = createPgPool(url, INGEST_POOL, (err) => log.warn({ err: err.message }, "ingest connection lost"), session);
  const probePool = createPgPool(url, PROBE_POOL, () => {});
  const databaseUrl = url;
  return {
    async prisma() {
      const { createPrisma } = await import("./prisma");
      db ??= createPrisma(databaseUrl, 10, session);
      return db;
    },
    ingestPool,
    probePool,
    url,
    embedded: stopEmbedded !== undefined,
    async close() {
      await ingestPool.end().catch(() => {});
      await probePool.end().catch(() => {});
      await db?.$disconnect();
      await stopEmbedded?.();
    },
  };
}
