/**
 * Admin → Sources in Chromium against a XuC simulator that speaks XuC's protocol over a real
 * WebSocket: an admin adds a XiVO XuC link with a wrong password and sees XuC's refusal as the
 * link's last error, corrects the password (the stored one is never shown), sees the link up,
 * and the XuC agent on the wall. At phone width the page never scrolls sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import type { Browser } from "playwright-core";
import { CallCentreWorld } from "../../sim/world/call-centre-world";
import { XucSimulator } from "../../sim/xuc/simulator";
import { launchBrowser, openPage, SCREENSHOT_DIR } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { endAll } from "../support/teardown";

let server: TestServer;
let browser: Browser;
let xuc: XucSimulator;

beforeAll(async () => {
  const world = new CallCentreWorld({
    queues: [{ id: "sales", name: "sales", displayName: "Sales", number: "3000" }],
    agents: [{ id: "a1", login: "2001", firstName: "Ann", lastName: "Leclerc", phone: "1001", queues: ["sales"] }],
  });
  world.login("a1");
  xuc = new XucSimulator({ world, login: "sup", password: "right-pw" });
  await xuc.start();
  server = await startServer({ databaseUrl: await createTestDatabase() });
  browser = await launchBrowser();
}, 120_000);
afterAll(() => endAll(browser, server, xuc));

describe("/admin/sources in Chromium", () => {
  it("adds a XuC link, shows a refused password as its last error, connects once corrected, and the agent reaches the wall", async () => {
    const page = await openPage(browser, server.url, "/admin/sources", { viewport: { width: 1440, height: 1000 } });
    const form = page.getByTestId("source-form");
    await form.getByLabel("Name", { exact: false }).first().fill("paris");
    await form.getByLabel("XuC base URL").fill(xuc.url);
    await form.getByLabel("Supervisor login").fill("sup");
    await form.getByLabel(/^Password/).fill("wrong-pw");
    await page.getByTestId("source-save").click();
    const row = page.locator('[data-testid="source-row"][data-name="paris"]');
    await row.waitFor();
    await expect.poll(() => row.getByTestId("source-last-error").innerText(), { timeout: 15_000 }).not.toBe("");
    expect(await row.getAttribute("data-state")).not.toBe("up");
    expect(await row.innerText()).toContain("password set");
    expect(await row.innerText()).not.toContain("wrong-pw");

    await row.getByTestId("source-edit").click();
    expect(await form.getByLabel(/^Password/).inputValue()).toBe("");
    await expect.poll(() => form.getByLabel(/^Password/).evaluate((el) => el.parentElement?.textContent ?? "")).toMatch(/leave empty to keep the stored one/);
    await form.getByLabel(/^Password/).fill("right-pw");
    await page.getByTestId("source-save").click();
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 15_000 }).toBe("up");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "admin-sources.png"), fullPage: true });

    // The XuC agent is on the wall of the link's campaign (named after the link).
    const wall = await openPage(browser, server.url, "/wall/paris", { viewport: { width: 1440, height: 900 } });
    await expect.poll(() => wall.locator('[data-testid="agent-tile"]').allInnerTexts(), { timeout: 15_000 }).toEqual(expect.arrayContaining([expect.stringContaining("Ann Leclerc")]));
    await wall.close();

    // VICIdial's database: its own fields (no name), and a password inside the URL refused with the reason.
    await form.getByTestId("source-kind").selectOption("vicidial-db");
    expect(await form.getByLabel("Name", { exact: true }).count()).toBe(0);
    await form.getByLabel("Database URL, without the password").fill("mysql://report:secret@vicidial-db/asterisk");
    await page.getByTestId("source-save").click();
    await expect.poll(() => page.getByTestId("sources-status").innerText()).toMatch(/Not saved: put the password in its own field/);
    await form.getByTestId("source-kind").selectOption("xuc");

    // A phone: the table scrolls inside its card, never the page.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await row.waitFor();
    // Whatever sticks out (a visually hidden heading outside its scroller once did), named.
    const wider = await page.evaluate(() =>
      document.documentElement.scrollWidth <= window.innerWidth
        ? []
        : [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.parentElement?.closest(".admin-table-wrap, .history-scroll"))
            .concat([...document.querySelectorAll("body *")].filter((el) => getComputedStyle(el).position === "absolute" && el.getBoundingClientRect().right > window.innerWidth + 1))
            .map((el) => `${el.tagName.toLowerCase()}.${el.className} ends at ${Math.round(el.getBoundingClientRect().right)} px`),
    );
    expect(wider).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });
});
