/**
 * The admin pages in Chromium. The issue's required flow: an admin signs in through the real
 * /login form, rotates the push token on /admin/push, and the old token gets 401 while the
 * new one (read from the page) is accepted. Plus the ingest log and the other pages' key flows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { pushEvent } from "../support/push";
import { ADMIN_PASSWORD } from "../support/session";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let browser: Browser;
let counter = 1;
const push = (token: string, user = "6001", event = "state_ready") =>
  pushEvent(server.url, { user, event, message: "READY", epoch: Math.floor(Date.now() / 1000), counter: counter++, token });

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase(), pushToken: null });
  browser = await launchBrowser();
});
afterAll(() => endAll(browser, server));

/** The token shown on the page, once loaded. */
async function shownToken(page: Page): Promise<string> {
  const el = page.getByTestId("push-token");
  await expect.poll(async () => (await el.innerText()).trim(), { timeout: 10_000 }).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  return (await el.innerText()).trim();
}

describe("/admin/push in Chromium", () => {
  it("an admin rotates the push token and the old one gets 401", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/push`);
    // Not signed in: the real sign-in form, which brings us back to the push page.
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel("User name").fill("admin");
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${server.url}/admin/push`);

    const oldToken = await shownToken(page);
    expect(oldToken).toBe(server.pushToken);
    expect(await page.getByTestId("push-url-relay").innerText()).toContain(`token=${oldToken}`);
    expect(await page.getByTestId("push-url-path").innerText()).toMatch(new RegExp(`^/api/push/vicidial\\?token=${oldToken}&.*&message=--A--message--B--$`));
    expect((await push(oldToken)).status).toBe(200);

    page.once("dialog", (d) => void d.accept());
    await page.getByTestId("rotate-token").click();
    await expect.poll(async () => (await page.getByTestId("push-token").innerText()).trim(), { timeout: 10_000 }).not.toBe(oldToken);
    const newToken = await shownToken(page);
    expect(await page.getByTestId("push-url-path").innerText()).toContain(`token=${newToken}`);
    await expect.poll(() => page.getByTestId("push-status").innerText()).toMatch(/old one is refused/);

    expect((await push(oldToken)).status).toBe(401);
    expect((await push(newToken)).status).toBe(200);
    server.pushToken = newToken;

    // The live ingest log (polled every 2 s) shows both: the refusal and the accepted event.
    await page.waitForSelector('[data-testid="ingest-log-row"][data-status="401"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="ingest-log-row"][data-user="6001"]', { timeout: 10_000 });
    const rows = page.getByTestId("ingest-log-row");
    expect(await rows.first().getAttribute("data-status")).toBe("200");
    expect(await rows.first().innerText()).toContain("state → ");

    // A test event through the real push path.
    await page.getByTestId("send-test-event").click();
    await expect.poll(() => page.getByTestId("push-status").innerText(), { timeout: 10_000 }).toMatch(/HTTP 200 OK stored/);
    await page.waitForSelector('[data-testid="ingest-log-row"][data-user="wallboard-test"]', { timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-push.png"), fullPage: true });
    await context.close();
  });
});

describe("other admin pages in Chromium", () => {
  it("roster: import a CSV, see the agent, the unrostered user and the export link", async () => {
    expect((await push(server.pushToken, "6100", "logged_in")).status).toBe(200);
    const page = await openPage(browser, server.url, `/admin/roster`, { viewport: { width: 1440, height: 1000 } });
    await page.waitForSelector('[data-testid="unrostered-row"][data-user="6100"]');
    await page.getByTestId("roster-import-text").fill("user,full_name,campaign,team,extension\n6200,Grace Hopper,SALES,B,2200\n");
    await page.getByTestId("roster-import-submit").click();
    await page.waitForSelector('[data-testid="roster-row"][data-user="6200"]');
    expect(await page.getByTestId("roster-import-status").innerText()).toMatch(/1 agent imported/);
    // A bad file shows its line errors.
    await page.getByTestId("roster-import-text").fill("user,full_name,campaign\n,Nobody,SALES\n");
    await page.getByTestId("roster-import-submit").click();
    await expect.poll(() => page.getByTestId("roster-import-status").innerText()).toMatch(/line 2: user is required/);
    expect(await page.getByTestId("roster-export").getAttribute("href")).toBe("/api/admin/roster/export");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-roster.png"), fullPage: true });
    await page.close();
  });

  it("users: create a supervisor with a generated password shown once, then disable it", async () => {
    const page = await openPage(browser, server.url, `/admin/users`, { viewport: { width: 1440, height: 1000 } });
    await page.waitForSelector('[data-testid="user-row"][data-username="admin"]');
    const form = page.getByTestId("user-create");
    await form.getByLabel("User name").fill("sally");
    await form.getByLabel(/^Campaigns/).fill("SALES");
    await page.getByTestId("user-create-submit").click();
    await page.waitForSelector('[data-testid="user-row"][data-username="sally"][data-role="supervisor"]');
    expect((await page.getByTestId("user-created-password").innerText()).length).toBeGreaterThanOrEqual(10);
    await page.locator('[data-testid="user-row"][data-username="sally"] [data-testid="user-toggle"]').click();
    await page.waitForSelector('[data-testid="user-row"][data-username="sally"][data-disabled="true"]');
    await page.close();
  });

  it("wall tokens: create shows the URL once; revoke marks it revoked", async () => {
    const page = await openPage(browser, server.url, `/admin/wall-tokens`, { viewport: { width: 1440, height: 1000 } });
    await page.getByLabel("Name").fill("Lobby TV");
    await page.getByTestId("wall-token-campaigns").fill("SALES");
    await page.getByTestId("wall-token-create-submit").click();
    await expect.poll(() => page.getByTestId("wall-token-url").innerText()).toMatch(/\/d\/[A-Za-z0-9_-]{16,}$/);
    await page.waitForSelector('[data-testid="wall-token-row"][data-name="Lobby TV"][data-revoked="false"]');
    page.once("dialog", (d) => void d.accept());
    await page.locator('[data-testid="wall-token-row"][data-name="Lobby TV"] [data-testid="wall-token-revoke"]').click();
    await page.waitForSelector('[data-testid="wall-token-row"][data-name="Lobby TV"][data-revoked="true"]');
    await page.close();
  });

  it("campaigns & queues: add a queue and link it to a campaign; the PBX page adds, shows and removes a connection", async () => {
    const page = await openPage(browser, server.url, `/admin/campaigns`, { viewport: { width: 1440, height: 1000 } });
    const queueForm = page.getByTestId("queue-form");
    await queueForm.getByLabel(/^Queue id/).fill("800");
    await queueForm.getByLabel("Name", { exact: true }).fill("Hotline");
    await queueForm.getByLabel(/^Service-level threshold/).fill("25");
    await queueForm.getByLabel(/^Campaigns taking calls/).fill("SALES");
    await page.getByTestId("queue-save").click();
    await page.waitForSelector('[data-testid="queue-row"][data-queue="800"]');
    expect(await page.locator('[data-testid="queue-row"][data-queue="800"]').innerText()).toContain("25 s");
    await page.waitForSelector('[data-testid="campaign-row"][data-campaign="SALES"]');
    // A bad threshold JSON is refused with a message that says what is wrong.
    await page.locator('[data-testid="campaign-row"][data-campaign="SALES"]').getByRole("button", { name: "Edit SALES" }).click();
    // Colour thresholds are a form: the defaults in force show as placeholders.
    expect(await page.getByLabel("READY shade 2 from (seconds)").getAttribute("placeholder")).toBe("60");
    await page.getByLabel("READY shade 1 from (seconds)").fill("0");
    await page.getByLabel("READY shade 2 from (seconds)").fill("300");
    await page.getByLabel("READY shade 3 from (seconds)").fill("60");
    await page.getByTestId("campaign-save").click();
    await expect.poll(() => page.getByTestId("campaign-status").innerText()).toMatch(/READY values must increase/);
    await page.getByLabel("READY shade 2 from (seconds)").fill("60");
    await page.getByLabel("READY shade 3 from (seconds)").fill("300");
    await page.getByLabel(/^Stale after/).fill("90");
    await page.getByTestId("campaign-save").click();
    await expect.poll(() => page.locator('[data-testid="campaign-row"][data-campaign="SALES"]').innerText()).toMatch(/90 s[\s\S]*READY: 0 \/ 60 \/ 300 s/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-campaigns.png"), fullPage: true });

    await page.goto(`${server.url}/admin/pbx`);
    const pbxForm = page.getByTestId("pbx-form");
    await pbxForm.getByLabel(/^Name/).fill("lab");
    await pbxForm.getByLabel("WebSocket URL").fill("http://127.0.0.1:9/websocket");
    await page.getByTestId("pbx-save").click();
    await expect.poll(() => page.getByTestId("pbx-status").innerText()).toMatch(/must start with ws:\/\/ or wss:\/\//);
    await pbxForm.getByLabel("WebSocket URL").fill("ws://127.0.0.1:9/websocket?domain=lab&user=wallboard");
    await page.getByTestId("pbx-save").click();
    await expect.poll(() => page.getByTestId("pbx-status").innerText()).toMatch(/user name and password, or a session cookie/);
    await pbxForm.getByLabel(/^User name/).fill("lab-admin");
    await pbxForm.getByLabel(/^Password/).fill("lab-password");
    await page.getByTestId("pbx-save").click();
    const row = page.locator('[data-testid="pbx-row"][data-name="lab"]');
    await row.waitFor();
    expect(["connecting", "down"]).toContain(await row.getAttribute("data-state"));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-pbx.png"), fullPage: true });
    page.once("dialog", (d) => void d.accept());
    await row.getByTestId("pbx-remove").click();
    await row.waitFor({ state: "detached" });
    await page.close();
  });

  it("audit: the changes made above are listed with the admin as actor", async () => {
    const page = await openPage(browser, server.url, `/admin/audit`, { viewport: { width: 1440, height: 1000 } });
    for (const action of ["push.rotate", "roster.import", "user.create", "wall-token.revoke", "queue.create", "campaign.save", "pbx.create", "pbx.delete"]) {
      await page.waitForSelector(`[data-testid="audit-row"][data-action="${action}"][data-actor="admin"]`);
    }
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-audit.png"), fullPage: true });
    await page.close();
  });
});
