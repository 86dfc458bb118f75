/**
 * Starts one embedded PostgreSQL for the test run (fresh data directory each run) and hands
 * its server URL to the test files; stops it at the end.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startScratchPostgres } from "../../support/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // A spool left by an earlier, interrupted run must not be replayed into this run's databases.
  rmSync(path.resolve(".data", "test-servers"), { recursive: true, force: true });
  const pg = await startScratchPostgres(path.resolve(".data", `test-${process.pid}`));
  project.provide("pgServerUrl", pg.serverUrl);
  return () => pg.stop();
}
