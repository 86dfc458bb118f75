/**
 * Alerts on the wall in Chromium: a calls-waiting threshold of 0 on queue 800 fires when the
 * PBX simulator queues a call (a row with colour, icon, words and its start time; the queue
 * block is marked; the sound plays) and clears when the caller hangs up. The mute toggle
 * silences it and survives a reload; under prefers-reduced-motion the critical row is steady.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser } from "playwright-core";
import type { PbxSimulator } from "../../sim/pbx/server";
import { FULL_HD, launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { httpRequest, pushEvent } from "../support/push";
import { startServerOnPbx } from "../support/pbx-server";
import type { TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let sim: PbxSimulator;
let browser: Browser;
const ALERT = "calls_waiting:queue:800";
const row = `[data-testid="alert-row"][data-alert-id="${ALERT}"]`;

beforeAll(async () => {
  ({ sim, server } = await startServerOnPbx({ password: "pw-123456", accounts: ["2101"], env: { CAMPAIGN_QUEUES: "INBOUND=800" } }));
  browser = await launchBrowser();
  await pushEvent(server.url, { user: "8101", event: "state_ready", message: "CLOSER", campaign: "INBOUND", counter: 1, epoch: Math.floor(Date.now() / 1000), token: server.pushToken });
  const put = await httpRequest(`${server.url}/api/admin/alerts`, {
    method: "PUT",
    body: JSON.stringify({ queues: { "800": { callsWaitingAbove: 0, longestWaitAboveSec: null, serviceLevelBelow: null, raiseAfterSec: 0 } } }),
    headers: { "content-type": "application/json" },
  });
  expect(put.status).toBe(200);
});
afterAll(() => endAll(browser, server, sim));

describe("alerts on the wall", () => {
  it("fires with words, icon and start time, sounds, marks the queue, and clears", async () => {
    const page = await openPage(browser, server.url, `/wall/INBOUND`, { viewport: FULL_HD });
    await page.waitForSelector('[data-testid="queue-stats"][data-queue="800"]');
    expect(await page.locator('[data-testid="alert-row"]').count()).toBe(0);
    const mute = page.locator('[data-testid="alerts-mute"]');
    expect(await mute.getAttribute("data-muted")).toBe("false");

    const call = sim.queueCall({ from: "+4930100", queue: "800" });
    await page.waitForSelector(row, { timeout: 5000 });
    const r = page.locator(row);
    // 1 waiting > 0: above twice the threshold, so critical.
    expect(await r.getAttribute("data-severity")).toBe("critical");
    const text = await r.innerText();
    expect(text).toContain("CRITICAL");
    // The rule, then the queue card's own live figure.
    expect(text).toMatch(/calls waiting above 0 · now 1 call waiting/);
    expect(text).toMatch(/since \d\d:\d\d:\d\d \(\d+:\d\d ago\)/);
    expect(await page.locator('[data-testid="queue-stats"][data-queue="800"]').getAttribute("data-alert")).toBe("critical");
    expect(await page.locator('[data-testid="queue-alert"]').innerText()).toContain("CRITICAL");
    // The critical row flashes (an animation), and the sound played once on raise.
    expect(await r.evaluate((e) => getComputedStyle(e).animationName)).toBe("alert-flash");
    await expect.poll(() => mute.getAttribute("data-plays"), { timeout: 3000 }).toBe("1");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "alert-firing.png") });

    // Mute: persisted; a reload with the alert still active stays silent.
    await mute.click();
    expect(await mute.getAttribute("data-muted")).toBe("true");
    expect(await mute.getAttribute("aria-pressed")).toBe("true");
    await page.reload();
    await page.waitForSelector(row, { timeout: 5000 });
    expect(await mute.getAttribute("data-muted")).toBe("true");
    await page.waitForTimeout(1500);
    expect(await mute.getAttribute("data-plays")).toBe("0");

    // Reduced motion: a steady high-contrast style instead of flashing.
    await page.emulateMedia({ reducedMotion: "reduce" });
    expect(await r.evaluate((e) => getComputedStyle(e).animationName)).toBe("none");
    expect(await r.evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(0, 0, 0)");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "alert-reduced-motion.png") });

    sim.hangup(call);
    await page.waitForSelector(row, { state: "detached", timeout: 5000 });
    expect(await page.locator('[data-testid="alerts-list"]').getAttribute("data-count")).toBe("0");
    expect(await page.locator('[data-testid="queue-stats"][data-queue="800"]').getAttribute("data-alert")).toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "alert-cleared.png") });

    // Unmuted again, the next alert sounds.
    await mute.click();
    expect(await mute.getAttribute("data-muted")).toBe("false");
    const again = sim.queueCall({ from: "+4930200", queue: "800" });
    await page.waitForSelector(row, { timeout: 5000 });
    await expect.poll(() => mute.getAttribute("data-plays"), { timeout: 3000 }).toBe("1");
    sim.hangup(again);
    await page.waitForSelector(row, { state: "detached", timeout: 5000 });
    await page.close();
  });

  it("GET /api/alerts agrees with the wall (nothing active after the hang-up)", async () => {
    const res = await httpRequest(`${server.url}/api/alerts`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as { alerts: unknown[] }).alerts.filter((a) => (a as { id: string }).id === ALERT)).toEqual([]);
  });
});
