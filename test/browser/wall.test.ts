/**
 * The wall in a real browser: a push over HTTP changes the tile without a reload, the timer
 * ticks from server time, and the board reconnects after a server restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser } from "playwright-core";
import { FULL_HD, launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let browser: Browser;
let counter = 1;
const push = (user: string, event: string, extra: Record<string, string> = {}) =>
  pushEvent(server.url, { user, event, epoch: Math.floor(Date.now() / 1000), counter: counter++, token: server.pushToken, ...extra });

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  browser = await launchBrowser();
});
afterAll(() => endAll(browser, server));

describe("/wall/<campaign> in Chromium", () => {
  it("shows a pushed event on the tile without a reload", async () => {
    for (let i = 1; i <= 12; i++) {
      await push(`40${String(i).padStart(2, "0")}`, "logged_in", { campaign: "SALES" });
      if (i % 3 === 0) await push(`40${String(i).padStart(2, "0")}`, "state_ready", { message: "READY" });
      if (i % 4 === 0) await push(`40${String(i).padStart(2, "0")}`, "call_answered", { lead_id: String(1000 + i) });
    }
    await push("4999", "logged_in", { campaign: "SUPPORT" });
    const page = await openPage(browser, server.url, `/wall/SALES`, { viewport: FULL_HD });
    const tile = page.locator('[data-testid="agent-tile"][data-user="4001"]');
    await tile.waitFor();
    expect(await tile.getAttribute("data-state")).toBe("PAUSED");
    expect(await page.locator('[data-testid="agent-tile"]').count()).toBe(12);
    expect(await page.locator('[data-testid="agent-tile"][data-user="4999"]').count()).toBe(0);

    let navigations = 0;
    page.on("framenavigated", () => navigations++);
    expect((await push("4001", "call_answered", { lead_id: "5551212" })).status).toBe(200);
    await page.waitForSelector('[data-testid="agent-tile"][data-user="4001"][data-state="INCALL"]', { timeout: 5000 });
    await expect.poll(() => tile.locator('[data-testid="agent-state"]').innerText()).toContain("INCALL");
    expect(await tile.innerText()).toContain("5551212");
    const t1 = await tile.locator('[data-testid="agent-time"]').innerText();
    await page.waitForTimeout(2100);
    const t2 = await tile.locator('[data-testid="agent-time"]').innerText();
    expect(t2).not.toBe(t1);
    expect(navigations).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "wall-sales.png") });
    await page.close();
  });

  it("keyboard focus stays on an agent's tile when its state moves it to another band", async () => {
    for (const [user, event] of [["4301", "state_ready"], ["4302", "state_paused"], ["4303", "state_ready"]] as const) await push(user, event, { campaign: "FOCUS" });
    const page = await openPage(browser, server.url, `/wall/FOCUS`);
    const tile = (user: string) => page.locator(`[data-testid="agent-tile"][data-user="${user}"]`);
    await tile("4302").waitFor();
    await tile("4301").focus();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.user ?? document.activeElement?.tagName);
    expect(await focused()).toBe("4301");
    // READY → INCALL: the tile leaves the READY band for the INCALL one (a new element).
    const before = await tile("4301").elementHandle();
    await push("4301", "call_answered", { lead_id: "77" });
    await page.waitForSelector('[data-testid="agent-tile"][data-user="4301"][data-state="INCALL"]', { timeout: 5000 });
    expect(await before!.evaluate((el) => el.isConnected)).toBe(false); // it was re-created
    await expect.poll(focused).toBe("4301");
    // Focus moved away by the person stays away at the next change.
    await tile("4303").focus();
    await push("4301", "agent_hangup", { lead_id: "77" });
    await page.waitForSelector('[data-testid="agent-tile"][data-user="4301"][data-state="DISPO"]', { timeout: 5000 });
    expect(await focused()).toBe("4303");
    await page.close();
  });

  it("a reload does not reset the time in state (it comes from server timestamps)", async () => {
    await push("4100", "state_paused", { campaign: "QA", message: "PAUSED BREAK" });
    const page = await openPage(browser, server.url, `/wall/QA`);
    await page.waitForTimeout(3200);
    await page.reload();
    const time = page.locator('[data-testid="agent-tile"][data-user="4100"] [data-testid="agent-time"]');
    await time.waitFor();
    const seconds = (await time.innerText()).split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
    expect(seconds).toBeGreaterThanOrEqual(3);
    await page.close();
  });

  it("shows that it is reconnecting while the server restarts, then resumes live updates", async () => {
    await push("4200", "state_ready", { campaign: "RESTART", message: "READY" });
    const page = await openPage(browser, server.url, `/wall/RESTART`);
    await page.locator('[data-testid="agent-tile"][data-user="4200"]').waitFor();
    const banner = page.locator('[data-testid="connection-banner"]');
    await server.stop();
    await banner.waitFor({ state: "visible", timeout: 10_000 });
    expect(await banner.innerText()).toMatch(/reconnecting/i);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "wall-reconnecting.png") });
    server = await startServer({ databaseUrl: server.databaseUrl, port: server.port });
    await banner.waitFor({ state: "hidden", timeout: 20_000 });
    await push("4200", "call_dialed", { lead_id: "42" });
    await page.waitForSelector('[data-testid="agent-tile"][data-user="4200"][data-state="DIAL"]', { timeout: 5000 });
    await page.close();
  });
});
