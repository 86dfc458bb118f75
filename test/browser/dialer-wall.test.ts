/**
 * What a supervisor sees of VICIdial's dialer on the wall (issue 13), in Chromium: the server
 * polls a real MariaDB changed by the VICIdial simulator; the SALES wall shows the dialer strip
 * and the in-group queue beside the queues with its waiting-call list, with the same numbers
 * the API gives; the wall follows a new waiting call; at 1920×1080, 1280×800 and 390×844 no
 * figure's text is clipped and the page does not scroll sideways; TV mode shows the strip too;
 * a tile says when VICIdial's database corrected its agent; a database outage shows the banner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import type { Connection } from "mysql2/promise";
import type { DialerSlice } from "../../lib/dialer/types";
import { VicidialDbDialer } from "../../sim/vicidial-db/dialer";
import { launchBrowser, signedInPage, SCREENSHOT_DIR } from "../support/browser";
import { endMariaDb, startMariaDb, type MariaDbServer } from "../support/mariadb";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";

let maria: MariaDbServer;
let admin: Connection;
let dialer: VicidialDbDialer;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  maria = await startMariaDb();
  admin = await maria.admin();
  dialer = new VicidialDbDialer(admin, { agentLogIds: "external", seed: 21 });
  await dialer.install({
    campaigns: [{ id: "SALES", name: "Sales outbound", dialMethod: "RATIO", dialLevel: "2.5", hopperLevel: 30, dialableLeads: 1200, inGroups: ["SALES_IN"] }],
    inGroups: [{ id: "SALES_IN", name: "Sales line", color: "#99FFCC", queuePriority: 5 }],
    users: [{ user: "2001", fullName: "Maria Fernanda Lopez" }],
  });
  await dialer.refillHopper("SALES");
  dialer.setCounters("SALES", { calls: 512, answers: 133, drops: 2 });
  await dialer.writeStats();
  const now = Date.now();
  for (let i = 0; i < 4; i++) await dialer.placeCall("SALES", now);
  await dialer.inboundCall("SALES_IN", now - 95_000, { phone: "5125552024", priority: 7 });
  await dialer.inboundCall("SALES_IN", now - 20_000, { phone: "7700900123", priority: 5 });
  server = await startServer({ databaseUrl: await createTestDatabase(), env: { VICIDIAL_DB_URL: maria.readOnlyUrl, VICIDIAL_DB_STATEMENT_TIMEOUT_MS: "1000" } });
  browser = await launchBrowser();
  // An agent on the board (pushed with its campaign).
  await pushEvent(server.url, { user: "2001", event: "logged_in", campaign: "SALES", counter: 1, epoch: Math.floor(now / 1000), agent_log_id: 900, token: server.pushToken });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await endMariaDb(admin, maria);
});

/** Figures whose text is wider or taller than their box (clipped), with what they say. */
function clipped(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('[data-testid="dialer-strip"] *, [data-testid="ingroup"] *, [data-testid="ingroup-waiting-list"] *')) {
      if (!el.textContent?.trim()) continue;
      const cs = getComputedStyle(el);
      if (cs.display === "inline" || cs.display === "contents" || cs.display === "table-row" || cs.display === "table-row-group") continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) bad.push(`${el.className || el.tagName}: "${el.textContent.trim().slice(0, 40)}" ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`);
    }
    return bad;
  });
}

const text = async (page: Page, selector: string) => (await page.locator(selector).first().innerText()).trim();

describe("the dialer on the SALES wall", () => {
  it("shows the strip and the in-group queue with the API's numbers, follows the database, never clips", async () => {
    const api = JSON.parse((await httpRequest(`${server.url}/api/dialer?campaign=SALES`)).body) as { dialer: DialerSlice };
    const sales = api.dialer.campaigns[0]!;
    expect(sales).toMatchObject({ campaign: "SALES", calls: { placed: 4, ringing: 4 }, today: { answers: 133, drops: 2 } });

    for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const page = await signedInPage(browser, server.url, { viewport });
      await page.goto(`${server.url}/wall/SALES`);
      const strip = page.locator('[data-testid="dialer-campaign"][data-campaign="SALES"]');
      await strip.waitFor({ timeout: 10_000 });
      // What the person reads: the same numbers as the API.
      expect(await text(page, '[data-testid="dialer-dial-level"]')).toBe("2.5");
      expect(await text(page, '[data-testid="dialer-hopper"]')).toBe(String(sales.hopper.leads));
      expect(await text(page, '[data-testid="dialer-placed"]')).toBe("4");
      expect(await text(page, '[data-testid="dialer-ringing"]')).toBe("4");
      expect(await text(page, '[data-testid="dialer-answers"]')).toBe("133");
      expect(await text(page, '[data-testid="dialer-drops"]')).toBe("2");
      expect(await text(page, '[data-testid="dialer-drop-pct"]')).toBe(`${sales.today.dropRates.vicidial!.toFixed(2)} %`);
      expect(await text(page, '[data-testid="dialer-drop-pct-calls"]')).toBe(`${sales.today.dropRates.ofCalls!.toFixed(2)} %`);
      expect(await text(page, '[data-testid="dialer-agents-paused"]')).toBe("1");
      // The labels say which drop % is which.
      expect(await strip.innerText()).toMatch(/Drop % \(VICIdial\)[\s\S]*Drop % of calls/);

      const group = page.locator('[data-testid="ingroup"][data-in-group="SALES_IN"]');
      expect(await group.locator('[data-testid="ingroup-waiting"]').innerText()).toBe("2");
      expect(await group.locator('[data-testid="ingroup-priority"]').innerText()).toBe("7");
      // One truth per number: the calls panel counts the in-group's waiting calls too.
      expect(await page.locator('[data-testid="calls-waiting"]').getAttribute("data-count")).toBe("2");
      const longest = (await group.locator('[data-testid="ingroup-longest"]').innerText()).match(/(\d+):(\d\d)/);
      expect(Number(longest![1]) * 60 + Number(longest![2])).toBeGreaterThanOrEqual(94);
      const rows = page.locator('[data-testid="ingroup-waiting-call"]');
      expect(await rows.count()).toBe(2);
      // Ordered by priority: the priority-7 caller first, its number as VICIdial stores it.
      const first = await rows.first().innerText();
      expect(first).toMatch(/^\+1 5125552024\s+Sales line\s+\d+:\d\d\s+7$/);
      const wait = first.match(/(\d+):(\d\d)/)!;
      expect(Number(wait[1]) * 60 + Number(wait[2])).toBeGreaterThanOrEqual(94);

      expect(await clipped(page)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `wall-dialer-${viewport.width}x${viewport.height}.png`), fullPage: true });
      await page.context().close();
    }
  });

  it("follows a new waiting call within 2 s and shows it in the list", async () => {
    const page = await signedInPage(browser, server.url, { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall/SALES`);
    await page.locator('[data-testid="ingroup"][data-in-group="SALES_IN"] [data-testid="ingroup-waiting"][data-value="2"]').waitFor({ timeout: 10_000 });
    const t = Date.now();
    await dialer.inboundCall("SALES_IN", t, { phone: "3125550100", priority: 9 });
    await page.locator('[data-testid="ingroup"][data-in-group="SALES_IN"] [data-testid="ingroup-waiting"][data-value="3"]').waitFor({ timeout: 2000 });
    expect(await page.locator('[data-testid="ingroup-waiting-call"]').first().innerText()).toMatch(/3125550100/);
    await page.context().close();
  });

  it("TV mode shows the dialer strip", async () => {
    const page = await signedInPage(browser, server.url, { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/tv?views=campaign:SALES&every=0`);
    await page.locator('[data-testid="dialer-campaign"][data-campaign="SALES"]').waitFor({ timeout: 10_000 });
    expect(await clipped(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tv-dialer-1920x1080.png") });
    await page.context().close();
  });

  it("says on the tile when VICIdial's database corrected the agent, and shows the banner when the database is down", async () => {
    const page = await signedInPage(browser, server.url, { viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall/SALES`);
    // The agent readies on its screen in VICIdial; the push is lost.
    await dialer.login("2001", "SALES", Date.now(), { agentLogId: 900 });
    await dialer.ready("2001", Date.now());
    const tile = page.locator('[data-testid="agent-tile"][data-user="2001"][data-corrected="true"]');
    await tile.waitFor({ timeout: 12_000 });
    expect(await tile.getAttribute("data-state")).toBe("READY");
    expect(await tile.getAttribute("aria-label")).toMatch(/corrected from VICIdial DB \(was PAUSED\)/);

    await maria.stop();
    const banner = page.locator('[data-testid="pbx-outage"][data-link="vicidial-db"]');
    await banner.waitFor({ timeout: 8000 });
    expect(await banner.innerText()).toMatch(/VICIdial database link down since/);
    expect(await page.locator('[data-testid="pbx-banner"]').innerText()).toMatch(/dialer, in-group queues/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "wall-dialer-db-down.png") });
    await maria.start();
    await banner.waitFor({ state: "detached", timeout: 10_000 });
    await page.context().close();
  });
});
