/**
 * The production worker's start-up footprint (issue 14, RSS idle under 200 MB): it must not
 * load Next's native SWC binding only to transpile next.config.ts (the build's resolved config
 * is handed over instead), and it runs with fixed glibc malloc thresholds so freed native
 * memory goes back to the system, and with its own V8 flags (no allocation-site pretenuring, a larger young generation).
 * Read from the worker's own /proc files (Linux).
 * The RSS itself is shown by `npm run bench` (scenario 3), not timed or sized here.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { WORKER_MALLOC_ENV, WORKER_V8_FLAGS } from "../../lib/server/primary";
import { createTestDatabase } from "../support/database";
import { httpRequest } from "../support/push";
import { startServer, type TestServer } from "../support/server";

let server: TestServer | undefined;
afterAll(async () => server?.stop());

describe("production worker footprint", () => {
  it("serves pages without Next's SWC binding mapped, and with the malloc thresholds set", async () => {
    server = await startServer({ databaseUrl: await createTestDatabase() });
    // A page and a route handler: Next has loaded its configuration and rendered.
    expect((await httpRequest(`${server.url}/login`)).status).toBe(200);
    expect((await httpRequest(`${server.url}/healthz`)).status).toBe(200);

    const maps = readFileSync(`/proc/${server.pid}/maps`, "utf8");
    expect(maps).toContain("/node"); // the worker's own maps were read
    expect(maps).not.toMatch(/next-swc[^\n]*\.node/);

    const environ = readFileSync(`/proc/${server.pid}/environ`, "utf8").split("\0");
    for (const [name, value] of Object.entries(WORKER_MALLOC_ENV)) expect(environ).toContain(`${name}=${value}`);

    // The worker's V8 flags (WORKER_V8_FLAGS: its garbage dies young), and only the worker's.
    const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    expect(WORKER_V8_FLAGS.length).toBeGreaterThan(0);
    for (const flag of WORKER_V8_FLAGS) {
      expect(cmdline(server.pid)).toContain(flag);
      expect(cmdline(server.primaryPid)).not.toContain(flag);
    }
  });
});
