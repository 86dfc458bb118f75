/**
 * Plain `pg` pools, beside the Prisma client, for the work that must not queue behind anything
 * else: the ingest commit (its own connections, so a slow history export or CSV cannot delay
 * a push) and the outage probe; and for the history exports' pages, read faster without
 * Prisma's decoding. Every connection has explicit timeouts: a black-holed
 * PostgreSQL fails a query within `queryTimeoutMs` instead of hanging it (issue 11 item 8).
 */
import pg from "pg";

export interface PoolLimits {
  /** Connections in the pool. */
  max: number;
  /** Giving up on opening a connection, ms. */
  connectTimeoutMs: number;
  /** PostgreSQL's statement_timeout, ms: the server cancels a statement running longer. */
  statementTimeoutMs: number;
  /** Client-side limit, ms: the query is failed even if the server never answers. */
  queryTimeoutMs: number;
}

/** The ingest pool: two connections, a statement may run 5 s, the client gives up at 6 s. */
export const INGEST_POOL: PoolLimits = { max: 2, connectTimeoutMs: 3_000, statementTimeoutMs: 5_000, queryTimeoutMs: 6_000 };

/** Replication reads (lib/replication/follower.ts): two connections, 10 s per statement. */
export const REPLICATION_POOL: PoolLimits = { max: 2, connectTimeoutMs: 3_000, statementTimeoutMs: 10_000, queryTimeoutMs: 12_000 };

/**
 * The live board's rebuild reads (lib/queries/agent-events.ts replayEventsOfAgents): at start,
 * and for agents with an event too late for their logs. One connection, so that a re-derivation
 * of many agents (replication catching up after an outage) never holds replication's
 * connections; a read of 50 agents' 256 events takes a fraction of a second.
 */
export const REPLAY_POOL: PoolLimits = { max: 1, connectTimeoutMs: 3_000, statementTimeoutMs: 30_000, queryTimeoutMs: 35_000 };

/**
 * History exports (agents.csv's pages, lib/queries/history/agent-days.ts): four pages read at
 * once, a fifth waits up to 5 s for a connection and then fails the download; each page may
 * run 30 s (the Prisma client's limit, lib/db/prisma.ts). A download holds a connection only
 * while a page is read, so any number of downloads share them; the exports have their own
 * pool so that they never take the pages' connections.
 */
export const EXPORT_POOL: PoolLimits = { max: 4, connectTimeoutMs: 5_000, statementTimeoutMs: 30_000, queryTimeoutMs: 35_000 };

/** The health probe's pool: one connection, answered within 2.5 s or reported down. */
export const PROBE_POOL: PoolLimits = { max: 1, connectTimeoutMs: 2_000, statementTimeoutMs: 2_000, queryTimeoutMs: 2_500 };

/** Opens a pool on `url` with the given limits. Errors of idle clients are passed to `onError`, never thrown. */
export function createPgPool(url: string, limits: PoolLimits, onError: (err: Error) => void = () => {}, sessionOptions?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    // libpq-style options for every session, e.g. "-c wallboard.writer=<id>".
    ...(sessionOptions ? { options: sessionOptions } : {}),
    max: limits.max,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    query_timeout: limits.queryTimeoutMs,
    // A half-open TCP connection (black-holed server) is detected by keep-alive probes.
    keepAlive: true,
    idleTimeoutMillis: 30_000,
  });
  pool.on("error", onError);
  return pool;
}

/** True when PostgreSQL answers `SELECT 1` within `timeoutMs` on a fresh connection of `pool`. */
export async function pingPostgres(pool: pg.Pool, timeoutMs = 1_500): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      pool.query({ text: "SELECT 1", query_timeout: timeoutMs } as pg.QueryConfig),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("ping timed out")), timeoutMs))),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
