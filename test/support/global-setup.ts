/**
 * Starts one embedded PostgreSQL for the test run (fresh data directory each run) and hands
 * its server URL to the test files; stops it at the end.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startScratchPostgres, type ScratchPostgres } from "../../support/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

/**
 * vitest calls the global setup once per project (vitest.config.ts has two) and once for the
 * root, in one process: they share one PostgreSQL, started by the first call and stopped by
 * the last teardown. Kept on globalThis because each call may load this module anew.
 */
const SHARED = Symbol.for("wallboard.test.postgres");
type Shared = { pg: Promise<ScratchPostgres>; users: number };

export default async function setup(project: TestProject) {
  const holder = globalThis as unknown as Record<symbol, Shared | undefined>;
  let shared = holder[SHARED];
  if (!shared) {
    // A spool left by an earlier, interrupted run must not be replayed into this run's databases.
    rmSync(path.resolve(".data", "test-servers"), { recursive: true, force: true });
    shared = holder[SHARED] = { pg: startScratchPostgres(path.resolve(".data", `test-${process.pid}`)), users: 0 };
  }
  shared.users++;
  const pg = await shared.pg;
  project.provide("pgServerUrl", pg.serverUrl);
  return async () => {
    if (--shared.users > 0) return;
    holder[SHARED] = undefined;
    await pg.stop();
  };
}
