/**
 * Dense walls in Chromium: 20 and 500 agents fit a 1920×1080 screen without scrolling (and
 * 3840×2160), every tile shows its state in words; the desk toolbar groups, sorts, filters
 * and searches; a click on a tile opens the agent's day (timeline, Esc closes).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { FULL_HD, launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let browser: Browser;
let counter = 1;
const epoch = () => Math.floor(Date.now() / 1000);
const push = (user: string, event: string, extra: Record<string, string> = {}) =>
  pushEvent(server.url, { user, event, epoch: epoch(), counter: counter++, token: server.pushToken, ...extra });

/** Runs `jobs` with at most `limit` in flight. */
async function bounded(jobs: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/** Each agent: logged in (PAUSED), then one more event so the wall shows every state family. */
function agentJobs(prefix: string, n: number, campaign: string): (() => Promise<unknown>)[] {
  return Array.from({ length: n }, (_, i) => async () => {
    const user = `${prefix}${String(i + 1).padStart(3, "0")}`;
    await push(user, "logged_in", { campaign });
    const second = [
      ["state_ready", { message: "READY" }],
      ["call_answered", { lead_id: String(9000 + i) }],
      ["state_paused", { message: "PAUSED BREAK" }],
      ["dispo_screen_open", {}],
      ["call_dialed", { lead_id: String(9000 + i) }],
    ] as const;
    const [event, extra] = second[i % second.length]!;
    await push(user, event, { ...extra });
  });
}

const STATE_WORDS = new Set(["READY", "CLOSER", "PAUSED", "DIAL", "INCALL", "DEAD", "DISPO", "PARK", "3-WAY", "LOGGED OUT"]);

async function noScroll(page: Page): Promise<void> {
  const m = await page.evaluate(() => {
    const fit = document.querySelector<HTMLElement>('[data-testid="agent-fit"]')!;
    return { doc: document.documentElement.scrollHeight, inner: window.innerHeight, fitScroll: fit.scrollHeight, fitClient: fit.clientHeight, fits: fit.dataset.fits };
  });
  expect(m.doc).toBeLessThanOrEqual(m.inner);
  expect(m.fitScroll).toBeLessThanOrEqual(m.fitClient + 1);
  expect(m.fits).toBe("true");
}

async function statesShown(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="agent-tile"] [data-testid="agent-state"]', (els) => els.map((e) => (e.firstChild?.textContent ?? "").trim()));
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  browser = await launchBrowser();
  const t0 = Date.now();
  await bounded([...agentJobs("2", 20, "SMALL"), ...agentJobs("5", 500, "BIG")], 24);
  console.log(`pushed 1,040 events in ${Date.now() - t0} ms`);
});
afterAll(() => endAll(browser, server));

describe("dense walls", () => {
  it("20 agents fit 1920×1080 without scrolling, in large type; every tile says its state", async () => {
    const page = await openPage(browser, server.url, `/wall/SMALL`, { viewport: FULL_HD });
    await expect.poll(() => page.locator('[data-testid="agent-tile"]').count(), { timeout: 10_000 }).toBe(20);
    await page.waitForSelector('[data-testid="agent-fit"][data-fits="true"]');
    await noScroll(page);
    // The fit settles once the page around the grid has its final size (a busy machine measured
    // a transient, smaller box first and fitted it with smaller tiles).
    await expect.poll(() => page.getAttribute('[data-testid="agent-fit"]', "data-variant"), { timeout: 10_000 }).toBe("full");
    const font = await page.$eval('[data-testid="agent-fit"]', (e) => parseFloat(getComputedStyle(e).fontSize));
    expect(font).toBeGreaterThanOrEqual(18);
    const states = await statesShown(page);
    expect(states).toHaveLength(20);
    for (const s of states) expect(STATE_WORDS.has(s)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dense-20-1920x1080.png") });

    await page.setViewportSize({ width: 3840, height: 2160 });
    await expect.poll(() => page.$eval('[data-testid="agent-fit"]', (e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThan(font * 1.6);
    await noScroll(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dense-20-3840x2160.png") });
    await page.close();
  });

  it("500 agents fit 1920×1080 with compact tiles (name, state word, time), and 3840×2160", async () => {
    const page = await openPage(browser, server.url, `/wall/BIG`, { viewport: FULL_HD });
    await expect.poll(() => page.locator('[data-testid="agent-tile"]').count(), { timeout: 15_000 }).toBe(500);
    await page.waitForSelector('[data-testid="agent-fit"][data-fits="true"]');
    await noScroll(page);
    // The fit settles once the page around the grid has its final size (a busy machine measured
    // a transient, smaller box first and fitted it with smaller tiles).
    await expect.poll(() => page.getAttribute('[data-testid="agent-fit"]', "data-variant"), { timeout: 10_000 }).toBe("compact");
    const states = await statesShown(page);
    expect(states).toHaveLength(500);
    for (const s of states) expect(STATE_WORDS.has(s)).toBe(true);
    // The time is on every tile, with its unit in the accessible name.
    expect(await page.locator('[data-testid="agent-tile"] [data-testid="agent-time"]').count()).toBe(500);
    expect(await page.getAttribute('[data-testid="agent-tile"][data-user="5003"]', "aria-label")).toMatch(/^5003: PAUSED BREAK, \d+:\d\d \(min:s\) in state/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dense-500-1920x1080.png") });

    await page.setViewportSize({ width: 3840, height: 2160 });
    await page.waitForTimeout(300);
    await noScroll(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dense-500-3840x2160.png") });
    await page.close();
  });

  it("a 500-agent wall that had to show minimal tiles in a smaller window goes back to compact tiles at 1920×1080", async () => {
    // The minimal tiles' code legend sits above the tiles; measured inside it, the box was too
    // short for compact tiles once the legend showed, and the wall kept minimal tiles for good.
    const page = await openPage(browser, server.url, `/wall/BIG`, { viewport: { width: 1920, height: 880 } });
    await expect.poll(() => page.locator('[data-testid="agent-tile"]').count(), { timeout: 15_000 }).toBe(500);
    await expect.poll(() => page.getAttribute('[data-testid="agent-fit"]', "data-variant"), { timeout: 10_000 }).toBe("minimal");
    expect(await page.locator('[data-testid="state-legend"]').isVisible()).toBe(true);
    await noScroll(page);
    await page.setViewportSize(FULL_HD);
    await expect.poll(() => page.getAttribute('[data-testid="agent-fit"]', "data-variant"), { timeout: 10_000 }).toBe("compact");
    expect(await page.locator('[data-testid="state-legend"]').count()).toBe(0);
    await noScroll(page);
    await page.close();
  });

  it("the desk toolbar groups, sorts, filters and searches", async () => {
    const page = await openPage(browser, server.url, `/wall/SMALL`, { viewport: FULL_HD });
    await expect.poll(() => page.locator('[data-testid="agent-tile"]').count(), { timeout: 10_000 }).toBe(20);
    await page.selectOption('[data-testid="group-by"]', "state");
    await expect.poll(() => page.locator('[data-testid="agent-group"]').count()).toBe(5);
    const labels = await page.$$eval('[data-testid="agent-group"]', (els) => els.map((e) => e.getAttribute("aria-label")));
    expect(labels.map((l) => l!.replace(/ \(\d+\)$/, ""))).toEqual(["Ready", "Dialling", "In call", "Wrap-up", "Paused"]);
    await noScroll(page);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "dense-20-grouped.png") });

    await page.selectOption('[data-testid="group-by"]', "none");
    await page.selectOption('[data-testid="sort-by"]', "name");
    const users = await page.$$eval('[data-testid="agent-tile"]', (els) => els.map((e) => e.getAttribute("data-user")));
    expect(users).toEqual([...users].sort());

    await page.selectOption('[data-testid="state-filter"]', "paused");
    await expect.poll(() => page.locator('[data-testid="agent-tile"]').count()).toBe(4);
    await page.selectOption('[data-testid="state-filter"]', "all");
    await page.fill('[data-testid="search"]', "2007");
    await expect.poll(() => page.locator('[data-testid="agent-tile"]').count()).toBe(1);
    expect(await page.locator('[data-testid="shown-count"]').innerText()).toBe("1 of 20 agents");
    await page.close();
  });

  it("a click on a tile opens the agent's day: timeline segments, phone status; Esc closes", async () => {
    await push("2001", "state_ready", { message: "READY" });
    await push("2001", "call_answered", { lead_id: "777" });
    await push("2001", "dispo_set", { message: "SALE" });
    await push("2001", "state_paused", { message: "PAUSED LUNCH" });
    const page = await openPage(browser, server.url, `/wall/SMALL`, { viewport: FULL_HD });
    const tile = page.locator('[data-testid="agent-tile"][data-user="2001"]');
    await tile.waitFor();
    await page.waitForSelector('[data-testid="agent-tile"][data-user="2001"][data-state="PAUSED"]');
    await tile.click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.getAttribute("data-testid")).toBe("agent-detail");
    await expect.poll(() => page.locator('[data-testid="timeline-segment"]').count(), { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    const statuses = await page.$$eval('[data-testid="timeline-segment"]', (els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses).toEqual(expect.arrayContaining(["READY", "INCALL", "PAUSED"]));
    expect(await page.locator('[data-testid="agent-dispositions"]').innerText()).toContain("SALE");
    expect(await page.locator('[data-testid="agent-pauses"]').innerText()).toContain("LUNCH");
    expect(await page.locator('[data-testid="agent-detail-phone"]').innerText()).toMatch(/Phone:/);
    // Focus is inside the dialog.
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="agent-detail"]'))).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => !!document.activeElement?.closest('[data-testid="agent-detail"]') || document.activeElement === document.body)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "agent-detail.png") });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: 3000 });

    // The API refuses agents outside the caller's scope and unknown ones.
    expect((await page.request.get(`${server.url}/api/agents/nobody-here/day`)).status()).toBe(404);
    await page.close();
  });
});
