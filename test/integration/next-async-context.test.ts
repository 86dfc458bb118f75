/**
 * The production worker turns Node's async hooks off between Next.js requests and on again
 * with the next one (lib/server/next-async-context.ts, issue 14). What could break is Next.js
 * itself: a page reading the session (next/headers cookies(), which needs its request store
 * carried across awaits) and the sign-in route must work on both sides of the switch. The CPU
 * it saves is shown by `npm run bench`, not timed here.
 */
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_IDLE_MS } from "../../lib/server/next-async-context";
import { createTestDatabase } from "../support/database";
import { httpRequest } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { ADMIN_PASSWORD, signIn } from "../support/session";

let server: TestServer | undefined;
afterAll(async () => server?.stop());

describe("Next.js requests around the async-hooks switch", () => {
  it("renders a page that reads the session, and signs in, after the hooks were off", async () => {
    server = await startServer({ databaseUrl: await createTestDatabase() });
    const account = async () => {
      const page = await httpRequest(`${server!.url}/account`);
      expect(page.status).toBe(200);
      // The signed-in user's name comes from the session cookie, read through Next's request store.
      expect(page.body).toMatch(/<h1[^>]*>admin<\/h1>/);
    };
    await account();

    // Quiet for longer than the idle time: the worker has disabled Next's storages.
    await delay(DEFAULT_IDLE_MS + 700);
    await account();
    await delay(DEFAULT_IDLE_MS + 700);
    const session = await signIn(server.url, "admin", ADMIN_PASSWORD);
    expect(session.csrf).toMatch(/\S/);
    // Two requests at once, then each alone again.
    await Promise.all([account(), account()]);

    expect(server.output()).not.toMatch(/outside a request scope|Invariant|AsyncLocalStorage could be tracked/i);
  });
});
