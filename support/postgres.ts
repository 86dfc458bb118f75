/**
 * PostgreSQL helpers for the tests and the bench: a scratch embedded PostgreSQL
 * (lib/db/embedded.ts) in a fresh data directory on a free port, databases created in a
 * cluster, and one-statement queries on their own connection. URLs are `postgresql://…`
 * server URLs without a database name (`serverUrl`) or with one.
 *
 * Part of support/, the one kit the tests (test/), the bench (bench/), the demo and the scripts
 * share. It sits at the top level, not under test/, because the bench and the demo are not
 * tests and must not reach into them; test/support/ keeps only what needs vitest or is for
 * tests alone.
 */
import { rmSync } from "node:fs";
import pg from "pg";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { freePort } from "./ports";

export interface ScratchPostgres {
  /** postgresql://USER:PASSWORD@127.0.0.1:PORT (add `/<database>`). */
  serverUrl: string;
  dataDir: string;
  /** Stops the server and removes its data directory; a second call does nothing. */
  stop(): Promise<void>;
}

/**
 * Starts an embedded PostgreSQL in `dataDir` (emptied first: a run never inherits an older
 * run's data) on a free loopback port.
 */
export async function startScratchPostgres(dataDir: string): Promise<ScratchPostgres> {
  rmSync(dataDir, { recursive: true, force: true });
  const embedded = await startEmbeddedPostgres(dataDir, await freePort());
  let stopped = false;
  return {
    serverUrl: embedded.serverUrl,
    dataDir,
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

/** Creates database `name` in the cluster at `serverUrl` (through its `postgres` database); returns the new database's URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await query(`${serverUrl}/postgres`, `CREATE DATABASE ${name}`);
  return `${serverUrl}/${name}`;
}

/** Runs one statement on its own connection to `url` (closed afterwards); returns the rows. */
export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
