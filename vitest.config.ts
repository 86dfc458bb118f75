import { defineConfig } from "vitest/config";
import path from "node:path";

/**
 * One embedded PostgreSQL serves the whole run (test/support/global-setup.ts); each test file
 * creates its own database in it. Integration and browser tests start the real server as a
 * child process, so `npm test` builds Next.js first.
 */
export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
