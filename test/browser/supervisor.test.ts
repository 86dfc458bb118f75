/**
 * Signing in through the real form, as a supervisor: only the assigned campaigns are listed
 * and shown live; another campaign's wall, the all-campaigns wall and the admin pages are not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import path from "node:path";
import { launchBrowser, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  let counter = 0;
  for (const [user, campaign] of [["1201", "NORTH"], ["1202", "NORTH"], ["1301", "SOUTH"]] as const) {
    await pushEvent(server.url, { user, event: "state_ready", message: "READY", campaign, counter: ++counter, epoch: Math.floor(Date.now() / 1000), token: server.pushToken });
  }
  const created = await httpRequest(`${server.url}/api/admin/users`, {
    method: "POST",
    body: JSON.stringify({ username: "nora", role: "supervisor", campaigns: ["NORTH"], password: "nora-password-1" }),
    headers: { "content-type": "application/json" },
  });
  expect(created.status).toBe(200);
  browser = await launchBrowser();
});
afterAll(() => endAll(browser, server));

describe("a supervisor in the browser", () => {
  it("signs in and sees only their campaigns", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${server.url}/wall/NORTH`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill('input[name="username"]', "nora");
    await page.fill('input[name="password"]', "a-wrong-password");
    await page.click('button[type="submit"]');
    await page.locator('[data-testid="login-error"]').waitFor();
    await page.fill('input[name="username"]', "nora");
    await page.fill('input[name="password"]', "nora-password-1");
    await page.click('button[type="submit"]');
    await page.waitForURL(`${server.url}/wall/NORTH`);
    await page.locator('[data-testid="agent-tile"][data-user="1201"]').waitFor();
    expect(await page.locator('[data-testid="agent-tile"]').count()).toBe(2);

    await page.goto(`${server.url}/`);
    const rows = page.locator('[data-testid="campaign-row"]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-campaign")))).toEqual(["NORTH"]);
    expect(await page.locator('[data-testid="all-campaigns-link"]').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "supervisor-home.png") });

    await page.goto(`${server.url}/wall/SOUTH`);
    await page.locator('[data-testid="forbidden"]').waitFor();
    expect(await page.locator('[data-testid="agent-tile"]').count()).toBe(0);
    await page.goto(`${server.url}/wall`);
    expect(new URL(page.url()).pathname).toBe("/");
    const admin = await page.goto(`${server.url}/admin`);
    expect(admin?.status()).toBe(403);
    await page.close();
  });
});
