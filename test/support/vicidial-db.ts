/**
 * Helpers for the VICIdial database source tests: a poller config for a test MariaDB and the
 * database clock.
 */
import type { Connection } from "mysql2/promise";
import { parseVicidialDbUrl, redactUrl, type VicidialDbConfig } from "../../lib/sources/vicidial-db/config";

/** A config for `url` with test-sized bounds; override any field. */
export function testConfig(url: string, over: Partial<VicidialDbConfig> = {}): VicidialDbConfig {
  return {
    connection: parseVicidialDbUrl(url),
    redactedUrl: redactUrl(url),
    pollMs: 250,
    statementTimeoutMs: 2000,
    connectTimeoutMs: 2000,
    backoffBaseMs: 250,
    backoffMaxMs: 2000,
    maxAgents: 5000,
    maxWaitingCalls: 500,
    maxGroups: 1000,
    ...over,
  };
}

/** The database's clock, ms (UNIX_TIMESTAMP(NOW(3))). */
export async function dbNowMs(db: Pick<Connection, "query">): Promise<number> {
  const [rows] = await db.query("SELECT UNIX_TIMESTAMP(NOW(3)) AS now");
  return Math.round(Number((rows as { now: string }[])[0]!.now) * 1000);
}

/** Resolves when `check()` is true, polling every 20 ms; rejects after `timeoutMs` with `what`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
