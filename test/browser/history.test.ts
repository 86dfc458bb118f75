/**
 * /history/queues in Chromium for a scripted day (2026-11-10, Europe/Berlin): the chart's
 * canvas is drawn and the downloaded CSV carries the hand-computed numbers of the stored calls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser } from "playwright-core";
import { launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase, query } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

const DAY = "2026-11-10";
const at = (h: number, m = 0, s = 0) => Date.UTC(2026, 10, 10, h - 1, m, s);

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl, env: { TIMEZONE: "Europe/Berlin", CAMPAIGN_QUEUES: "SALES=700", QUEUE_SERVICE_LEVELS: "700=20" } });
  // 09:xx: two answered (waits 10 s and 30 s, talks 180 s and 60 s), one abandoned; 11:xx: one abandoned.
  const calls: [string, number, number | null, number, string][] = [
    ["b1", at(9, 6, 50), at(9, 7), at(9, 10), "answered"],
    ["b2", at(9, 16, 30), at(9, 17), at(9, 18), "answered"],
    ["b3", at(9, 20), null, at(9, 20, 45), "abandoned"],
    ["b4", at(11, 14), null, at(11, 14, 5), "abandoned"],
  ];
  for (const [id, entered, answered, ended, outcome] of calls) {
    await query(
      databaseUrl,
      `INSERT INTO call (pbx, call_id, "from", "to", queue, agent_extension, state, entered_at, answered_at, ended_at, end_known, outcome)
       VALUES ('env', $1, '+4930100', '700', '700', NULL, 'ended', to_timestamp($2 / 1000.0), to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), true, $5)`,
      [id, entered, answered, ended, outcome],
    );
  }
  browser = await launchBrowser();
});
afterAll(() => endAll(browser, server));

describe("queue history page", () => {
  it("draws the chart and downloads a CSV matching the stored calls", async () => {
    const page = await openPage(browser, server.url, `/history/queues?from=${DAY}&to=${DAY}&bucket=hour`, { viewport: { width: 1400, height: 1000 } });
    const canvas = page.locator('[data-testid="queue-chart"] canvas');
    await canvas.waitFor({ state: "visible", timeout: 10_000 });
    const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ w: c.width, h: c.height, drawn: c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data.some((v) => v !== 0) }));
    expect(size.w).toBeGreaterThan(100);
    expect(size.h).toBeGreaterThan(100);
    expect(size.drawn).toBe(true);
    const rows = page.locator('[data-testid="queue-period-row"]');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).locator('[data-col="offered"]').innerText()).toBe("3");
    expect(await page.locator('[data-testid="queue-total-row"]').innerText()).toMatch(/Total\s+4\s+2\s+2\s+25\.0 %\s+50\.0 %\s+20 s\s+2 min 00 s/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "history-queues.png"), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator('[data-testid="csv-queues"]').click()]);
    expect(download.suggestedFilename()).toBe(`queues-hour-${DAY}_${DAY}.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    expect(csv.split("\r\n")).toEqual([
      "period_start,offered,answered,abandoned,answered_within_sl,service_level,abandon_rate,asa_sec,aht_sec",
      "2026-11-10 09:00:00,3,2,1,1,0.3333,0.3333,20,120",
      "2026-11-10 11:00:00,1,0,1,0,0,1,,",
      "",
    ]);
    await page.close();
  });
});
