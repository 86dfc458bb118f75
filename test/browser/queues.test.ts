/**
 * Queues on the wall in Chromium: calls waiting and longest wait change as the PBX simulator
 * queues and answers calls; the PBX banner appears within 5 s of losing the PBX.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser } from "playwright-core";
import type { PbxSimulator } from "../../sim/pbx/server";
import { FULL_HD, launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { pushEvent } from "../support/push";
import { startServerOnPbx } from "../support/pbx-server";
import type { TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let sim: PbxSimulator;
let browser: Browser;

beforeAll(async () => {
  ({ sim, server } = await startServerOnPbx({ password: "pw-123456", accounts: ["2101"], env: { CAMPAIGN_QUEUES: "INBOUND=800", QUEUE_SERVICE_LEVELS: "800=20" } }));
  browser = await launchBrowser();
});
afterAll(() => endAll(browser, server, sim));

describe("queue strip and calls panel", () => {
  it("calls waiting and longest wait follow the PBX; the banner shows a lost PBX link", async () => {
    await pushEvent(server.url, { user: "8101", event: "state_ready", message: "CLOSER", campaign: "INBOUND", counter: 1, epoch: Math.floor(Date.now() / 1000), token: server.pushToken });
    const page = await openPage(browser, server.url, `/wall/INBOUND`, { viewport: FULL_HD });
    const waiting = page.locator('[data-testid="queue-stats"][data-queue="800"] [data-testid="queue-waiting"]');
    await waiting.waitFor();
    expect((await waiting.innerText()).trim()).toBe("0");

    const first = sim.queueCall({ from: "+4930100", queue: "800" });
    const second = sim.queueCall({ from: "+4930200", queue: "800" });
    await page.waitForSelector('[data-testid="queue-stats"][data-queue="800"] [data-testid="queue-waiting"][data-count="2"]', { timeout: 5000 });
    await page.waitForSelector(`[data-testid="call-row"][data-call-id="${first}"][data-state="waiting"]`, { timeout: 5000 });
    const longest = page.locator('[data-testid="queue-stats"][data-queue="800"] [data-testid="queue-longest-wait"]');
    // The display ticks once a second, so it may lag the true wait by up to a second.
    await page.waitForTimeout(3200);
    const seconds = (await longest.innerText()).match(/(\d+):(\d\d)/);
    expect(seconds).not.toBeNull();
    expect(Number(seconds![1]) * 60 + Number(seconds![2])).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "wall-queue-waiting.png") });

    sim.ringAgent(first, "2101");
    sim.answer(first, "2101");
    await page.waitForSelector('[data-testid="queue-stats"][data-queue="800"] [data-testid="queue-waiting"][data-count="1"]', { timeout: 5000 });
    await page.waitForSelector(`[data-testid="call-row"][data-call-id="${first}"][data-state="connected"]`, { timeout: 5000 });
    sim.hangup(second);
    await page.waitForSelector('[data-testid="queue-stats"][data-queue="800"] [data-testid="queue-waiting"][data-count="0"]', { timeout: 5000 });
    await expect.poll(() => page.locator('[data-testid="queue-stats"][data-queue="800"] [data-testid="queue-abandon-rate"]').innerText(), { timeout: 5000 }).toMatch(/50\s*%/);

    const banner = page.locator('[data-testid="pbx-banner"]');
    expect(await banner.count()).toBe(0);
    const lostAt = Date.now();
    await sim.stop();
    await banner.waitFor({ state: "visible", timeout: 5000 });
    expect(Date.now() - lostAt).toBeLessThan(5000);
    expect(await banner.innerText()).toMatch(/PBX link down since/i);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "wall-pbx-down.png") });
    await sim.start();
    await banner.waitFor({ state: "hidden", timeout: 20_000 });
    await page.close();
  });
});
