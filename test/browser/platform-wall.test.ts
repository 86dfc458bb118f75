/**
 * A XiVO XuC centre and a VoIPBin centre on the wall in Chromium (issue 15): the platforms'
 * agents with their names, states and pause reasons; a XuC queue showing XuC's own figures
 * with XuC's definitions, its waiting callers in the calls panel, and one calls-waiting number
 * everywhere; a VoIPBin queue by our formulas; the banner naming a lost XuC link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { CallCentreWorld } from "../../sim/world/call-centre-world";
import { XucSimulator } from "../../sim/xuc/simulator";
import { VoipbinSimulator } from "../../sim/voipbin/simulator";
import { launchBrowser, signedInPage, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let xuc: XucSimulator;
let voipbin: VoipbinSimulator;
let browser: Browser;
let xucWorld: CallCentreWorld;

beforeAll(async () => {
  xucWorld = new CallCentreWorld({
    queues: [{ id: "sales", name: "sales", displayName: "Sales line", number: "3000" }],
    agents: [
      { id: "a1", login: "2001", firstName: "Ann", lastName: "Lee", phone: "1001", queues: ["sales"] },
      { id: "a2", login: "2002", firstName: "Bob", lastName: "Roy", phone: "1002", queues: ["sales"] },
    ],
  });
  const vbWorld = new CallCentreWorld({
    queues: [{ id: "billing", name: "billing", displayName: "Billing", number: "4000" }],
    agents: [{ id: "b1", login: "dana", firstName: "Dana", lastName: "Vo", phone: "5001", queues: ["billing"] }],
  });
  xucWorld.login("a1");
  xucWorld.login("a2");
  xucWorld.pause("a2", "lunch");
  vbWorld.login("b1");
  xuc = new XucSimulator({ world: xucWorld, login: "sup", password: "xuc-pw", statsKey: "queueRef", longestWaitName: "LongestWaitingTime" });
  voipbin = new VoipbinSimulator({ world: vbWorld, username: "sup", password: "vb-pw" });
  await xuc.start();
  await voipbin.start();
  server = await startServer({
    databaseUrl: await createTestDatabase(),
    env: {
      XUC_URL: xuc.url,
      XUC_LOGIN: "sup",
      XUC_PASSWORD: "xuc-pw",
      // 2 s (lost after 3 missed): a busy CI machine's pauses must not drop the link mid-test.
      XUC_HEARTBEAT_MS: "2000",
      VOIPBIN_URL: voipbin.url,
      VOIPBIN_CUSTOMER_ID: voipbin.customerId,
      VOIPBIN_USERNAME: "sup",
      VOIPBIN_PASSWORD: "vb-pw",
    },
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(() => endAll(browser, server, xuc, voipbin));

const tile = (page: Page, name: string) => page.locator('[data-testid="agent-tile"]', { has: page.locator('[data-testid="agent-name"]', { hasText: name }) });

describe("platform centres on the wall", () => {
  it("shows XuC agents and XuC's own queue figures as XuC reports them", async () => {
    const page = await signedInPage(browser, server.url, { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall/xuc`);
    await tile(page, "Bob Roy").waitFor({ timeout: 15_000 });
    expect(await tile(page, "Bob Roy").locator('[data-testid="agent-state"]').innerText()).toMatch(/^PAUSED/);
    expect(await tile(page, "Bob Roy").innerText()).toContain("lunch");
    expect(await tile(page, "Bob Roy").locator('[data-testid="agent-state-detail"]').getAttribute("title")).toMatch(/platform/);
    expect(await tile(page, "Ann Lee").locator('[data-testid="agent-state"]').innerText()).toMatch(/^READY/);

    xucWorld.callArrives("sales", "+33100000001", "First Caller");
    xucWorld.callArrives("sales", "+33100000002", null);
    const queueKey = `xuc:${xuc.queueId("sales")}`;
    const card = page.locator(`[data-testid="queue-stats"][data-queue="${queueKey}"]`);
    await card.locator('[data-testid="queue-waiting"][data-count="2"]').waitFor({ timeout: 15_000 });
    expect(await card.locator(".queue-name").innerText()).toBe("Sales line");
    expect(await card.locator('[data-testid="queue-platform-note"]').innerText()).toMatch(/computed by XuC/);
    await card.locator('[data-testid="queue-platform-figure"][data-counter="TotalNumberCallsEntered"]').waitFor();
    expect(await card.locator('[data-testid="queue-platform-figure"][data-counter="TotalNumberCallsEntered"]').innerText()).toBe("2");
    // Every figure fits its box (no label running into the next one).
    const clipped = await card.evaluate((el) =>
      [...el.querySelectorAll<HTMLElement>(".queue-figure, .queue-figure *")].filter((e) => getComputedStyle(e).display !== "inline" && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
    );
    expect(clipped).toEqual([]);
    // Our window figures are not shown for a queue whose platform computes its own.
    expect(await card.locator('[data-testid="queue-sl"]').count()).toBe(0);

    // The waiting callers are listed in the calls panel; the panel's count is the card's.
    await page.locator('[data-testid="calls-waiting"][data-count="2"]').waitFor({ timeout: 5000 });
    const rows = page.locator('[data-testid="call-row"][data-state="waiting"]');
    await expect.poll(() => rows.count(), { timeout: 5000 }).toBe(2);
    expect(await rows.first().innerText()).toContain("First Caller");

    await card.locator('[data-testid="queue-formulas-toggle"]').click();
    const formulas = await card.locator('[data-testid="queue-formulas"]').innerText();
    expect(formulas).toMatch(/Calls entered \(XuC TotalNumberCallsEntered\)/);
    expect(formulas).toMatch(/WaitingCalls/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "wall-xuc.png") });
    await page.close();
  });

  it("shows VoIPBin agents and a VoIPBin queue by our formulas on their own wall", async () => {
    const page = await signedInPage(browser, server.url, { viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/wall/voipbin`);
    await tile(page, "Dana Vo").waitFor({ timeout: 15_000 });
    expect(await tile(page, "Dana Vo").locator('[data-testid="agent-state"]').innerText()).toMatch(/^READY/);
    const card = page.locator(`[data-testid="queue-stats"][data-queue="voipbin:${voipbin.queueUuid("billing")}"]`);
    await card.waitFor();
    expect(await card.locator('[data-testid="queue-sl"]').count()).toBe(1);
    expect(await card.locator('[data-testid="queue-platform-note"]').count()).toBe(0);
    await page.close();
  });

  it("says which system's link is down", async () => {
    const page = await signedInPage(browser, server.url, { viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/wall/xuc`);
    await tile(page, "Ann Lee").waitFor({ timeout: 15_000 });
    await xuc.stop();
    const banner = page.locator('[data-testid="pbx-banner"]');
    await banner.waitFor({ state: "visible", timeout: 10_000 });
    expect(await banner.innerText()).toMatch(/XuC link down since .* \(xuc\)/);
    await xuc.start(xuc.port);
    await banner.waitFor({ state: "hidden", timeout: 30_000 });
    await page.close();
  });
});
