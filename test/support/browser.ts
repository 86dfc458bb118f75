/**
 * Debian's chromium driven by playwright-core (playwright cannot download browsers here).
 * Screenshots go to test-results/.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { sessionFor } from "./session";

export const SCREENSHOT_DIR = path.resolve("test-results");

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A new page signed in as the test server's admin (or with `cookie`, name=value). */
export async function signedInPage(browser: Browser, baseUrl: string, options: { cookie?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const cookie = options.cookie ?? sessionFor(baseUrl)?.cookie;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 } });
  if (cookie) {
    const [name, ...value] = cookie.split("=");
    await context.addCookies([{ name: name!, value: value.join("="), url: baseUrl }]);
  }
  return context.newPage();
}

/** The viewport of a wall on a Full HD screen. */
export const FULL_HD = { width: 1920, height: 1080 } as const;

/** {@link signedInPage}, already at `path` (e.g. `/wall/SALES`) of `baseUrl`. */
export async function openPage(browser: Browser, baseUrl: string, path: string, options: { cookie?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const page = await signedInPage(browser, baseUrl, options);
  await page.goto(`${baseUrl}${path}`);
  return page;
}
