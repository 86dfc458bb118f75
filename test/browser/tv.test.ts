/**
 * TV mode in Chromium through a wall display token URL: no chrome, clock and freshness
 * always visible, auto-rotation through campaign walls and the leaderboard, the light theme,
 * and 500 agents on a TV at 1920×1080 and 3840×2160.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let browser: Browser;
let counter = 1;
const push = (user: string, event: string, extra: Record<string, string> = {}) =>
  pushEvent(server.url, { user, event, epoch: Math.floor(Date.now() / 1000), counter: counter++, token: server.pushToken, ...extra });

async function bounded(jobs: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => { while (next < jobs.length) await jobs[next++]!(); }));
}

async function displayPath(campaigns: string[]): Promise<string> {
  const res = await httpRequest(`${server.url}/api/admin/wall-tokens`, { method: "POST", body: JSON.stringify({ name: `TV ${campaigns.join("+")}`, campaigns }), headers: { "content-type": "application/json" } });
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { path: string }).path;
}

/** A fresh browser context (no sign-in) opening the display URL with `to`. */
async function openTv(dPath: string, to: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${server.url}${dPath}?to=${encodeURIComponent(to)}`);
  expect(new URL(page.url()).pathname).toBe("/tv");
  await page.waitForSelector('[data-testid="tv"]');
  return page;
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  browser = await launchBrowser();
  for (const [user, campaign] of [["3001", "A"], ["3002", "A"], ["3003", "A"], ["3101", "B"], ["3102", "B"]] as const) await push(user, "state_ready", { campaign, message: "READY" });
  // 3001 handles two calls, 3101 one: the leaderboard ranks them.
  for (const user of ["3001", "3001", "3101"]) {
    await push(user, "call_answered", { lead_id: String(counter) });
    await push(user, "agent_hangup");
    await push(user, "dispo_set", { message: "SALE" });
    await push(user, "state_ready", { message: "READY" });
  }
  await push("3002", "state_paused", { message: "PAUSED BREAK" });
  await bounded(
    Array.from({ length: 500 }, (_, i) => async () => {
      const user = `6${String(i + 1).padStart(3, "0")}`;
      await push(user, "logged_in", { campaign: "BIG" });
      await push(user, ["state_ready", "call_answered", "state_paused", "dispo_screen_open"][i % 4]!, i % 4 === 2 ? { message: "PAUSED BREAK" } : {});
    }),
    24,
  );
});
afterAll(() => endAll(browser, server));

describe("TV mode", () => {
  it("rotates through campaign walls and the leaderboard; clock and freshness always visible; no chrome", async () => {
    const dPath = await displayPath(["A", "B"]);
    const page = await openTv(dPath, "/tv?views=campaign:A,campaign:B,leaderboard&every=2", { width: 1920, height: 1080 });
    const view = page.locator('[data-testid="tv-view"]');
    await page.waitForSelector('[data-testid="tv-view"][data-view="campaign:A"] [data-testid="agent-tile"]');
    // No navigation chrome, no desk toolbar, tiles are not buttons.
    expect(await page.locator("a[href]").count()).toBe(0);
    expect(await page.locator('[data-testid="wall-toolbar"]').count()).toBe(0);
    expect(await page.locator('[data-testid="agent-tile"][role="button"]').count()).toBe(0);
    expect(await page.locator('[data-testid="agent-tile"]').count()).toBe(3);
    expect(await page.locator('[data-testid="tv-clock"]').innerText()).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await page.locator('[data-testid="tv-freshness"]').innerText()).toMatch(/Live · updated \d+ s ago/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tv-rotation-1-campaign-A.png") });

    const seen: string[] = [];
    const started = Date.now();
    while (Date.now() - started < 9000 && seen.length < 4) {
      const v = await view.getAttribute("data-view");
      if (v && seen[seen.length - 1] !== v) {
        seen.push(v);
        if (v === "campaign:B") {
          await page.waitForSelector('[data-testid="tv-view"][data-view="campaign:B"] [data-testid="agent-tile"]');
          expect(await page.locator('[data-testid="agent-tile"]').count()).toBe(2);
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tv-rotation-2-campaign-B.png") });
        }
        if (v === "leaderboard") {
          await page.waitForSelector('[data-testid="leaderboard-row"]', { timeout: 2000 });
          const first = page.locator('[data-testid="leaderboard-row"]').first();
          expect(await first.getAttribute("data-user")).toBe("3001");
          expect(await first.innerText()).toMatch(/2 calls/);
          expect(await page.locator('[data-testid="leaderboard-row"][data-user="3101"]').getAttribute("data-rank")).toBe("2");
          // Scoped: no agent of campaign BIG.
          expect(await page.locator('[data-testid="leaderboard-row"][data-user^="6"]').count()).toBe(0);
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tv-rotation-3-leaderboard.png") });
        }
      }
      // Clock and freshness stay visible whichever view is shown.
      expect(await page.locator('[data-testid="tv-clock"]').isVisible()).toBe(true);
      expect(await page.locator('[data-testid="tv-freshness"]').isVisible()).toBe(true);
      await page.waitForTimeout(150);
    }
    expect(seen).toEqual(["campaign:A", "campaign:B", "leaderboard", "campaign:A"]);
    await page.context().close();
  });

  it("refuses views outside the display's campaigns; every=0 does not rotate; light theme", async () => {
    const dPath = await displayPath(["A"]);
    const page = await openTv(dPath, "/tv?views=campaign:A,campaign:BIG&every=0&theme=light", { width: 3840, height: 2160 });
    await page.waitForSelector('[data-testid="tv-view"][data-view="campaign:A"] [data-testid="agent-tile"]');
    expect(await page.getAttribute('[data-testid="tv"]', "data-theme")).toBe("light");
    expect(await page.locator("body").innerText()).toContain("Not shown (out of scope): campaign:BIG");
    const bg = await page.$eval('[data-testid="tv"]', (e) => getComputedStyle(e).backgroundColor);
    expect(bg).toBe("rgb(244, 246, 249)");
    // Type scales with the screen: a 4K TV gets a large header clock.
    expect(await page.$eval('[data-testid="tv-clock"]', (e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThan(60);
    await page.waitForTimeout(2500);
    expect(await page.getAttribute('[data-testid="tv-view"]', "data-view")).toBe("campaign:A");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "tv-light-3840x2160.png") });
    await page.context().close();
  });

  it("500 agents on a TV fit 1920×1080 and 3840×2160 without scrolling", async () => {
    const dPath = await displayPath(["BIG"]);
    for (const viewport of [{ width: 1920, height: 1080 }, { width: 3840, height: 2160 }]) {
      const page = await openTv(dPath, "/tv?views=campaign:BIG&every=0", viewport);
      await expect.poll(() => page.locator('[data-testid="agent-tile"]').count(), { timeout: 15_000 }).toBe(500);
      await page.waitForSelector('[data-testid="agent-fit"][data-fits="true"]');
      const m = await page.evaluate(() => {
        const fit = document.querySelector<HTMLElement>('[data-testid="agent-fit"]')!;
        return { doc: document.documentElement.scrollHeight, inner: innerHeight, s: fit.scrollHeight, c: fit.clientHeight };
      });
      expect(m.doc).toBeLessThanOrEqual(m.inner);
      expect(m.s).toBeLessThanOrEqual(m.c + 1);
      const states = await page.$$eval('[data-testid="agent-state"]', (els) => els.map((e) => (e.firstChild?.textContent ?? "").trim()));
      expect(states.every((s) => ["READY", "INCALL", "PAUSED", "DISPO"].includes(s))).toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `tv-500-${viewport.width}x${viewport.height}.png`) });
      await page.context().close();
    }
  });
});
