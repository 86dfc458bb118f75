import { defineConfig } from "vitest/config";

/**
 * One embedded PostgreSQL serves the whole run (test/support/global-setup.ts); each test file
 * creates its own database in it. Integration and browser tests start the real server as a
 * child process, so `npm test` builds Next.js first.
 *
 * Two projects: "suite" runs two files at a time; "alone" runs after it, one file at a time,
 * the tests whose bound is a wall-clock time the issue sets for this kind of machine (a
 * restart's dead push URL at most 2 s, an export's first byte within 100 ms). Beside another
 * test file on 2 cores (a browser test, a load test) such a start took 4 s in CI (issue 14
 * stop 27) while taking 1.1 s alone, so the bound would measure the neighbour, not the
 * wallboard.
 */
const ALONE = [
  "test/faults/restart-and-reload.test.ts",
  // First byte of the 90-day agents.csv within 100 ms (issue 14): beside another file it
  // measured 126–238 ms with the whole file taking 11.8 s instead of ~1 s (CI, stop 28).
  "test/integration/history-export.test.ts",
];

export default defineConfig({
  resolve: { alias: { "@": import.meta.dirname } },
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
    projects: [
      { extends: true, test: { name: "suite", include: ["test/**/*.test.ts"], exclude: ALONE, maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "alone", include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
