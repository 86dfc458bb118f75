/**
 * The agent-screen hook in a real browser: a page that imitates VICIdial's agent screen
 * (its globals and its agent_events() function with the $INSERT_agent_events code from the
 * printed options.php lines) on another origin, connected to the wallboard through a proxy
 * that the test cuts mid-stream.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { Browser } from "playwright-core";
import { hookSnippet } from "../../lib/sources/vicidial/hook-snippet";
import { launchBrowser, openPage } from "../support/browser";
import { createTestDatabase, query } from "../support/database";
import { freePort } from "../../support/ports";
import { startServer, type TestServer } from "../support/server";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { endAll } from "../support/teardown";
import { fireAgentEvent } from "../support/vicidial-web";

let server: TestServer;
let proxy: TcpProxy;
let browser: Browser;
let agentScreen: Server;
let agentScreenUrl: string;

/** The PHP single-quoted value of an options.php line, as the agent screen would inline it. */
function optionValue(snippet: string, name: string): string {
  const m = new RegExp(`^\\$${name} = '(.*)';$`, "m").exec(snippet);
  if (!m) throw new Error(`${name} missing from the snippet`);
  return m[1]!;
}

function agentScreenHtml(token: string, wallboardUrl: string): string {
  const snippet = hookSnippet(wallboardUrl, token);
  return `<!doctype html><html><head><title>VICIdial agent screen (imitation)</title>
<script>
var user = '6001'; var campaign = 'HOOKCAMP'; var agent_log_id = '900'; var UnixTime = Math.floor(Date.now() / 1000);
setInterval(function () { UnixTime = Math.floor(Date.now() / 1000); }, 1000);
var aec = 0;
function agent_events(event_type, event_msg, event_counter) {
${optionValue(snippet, "INSERT_agent_events")}
}
${optionValue(snippet, "INSERT_head_js")}
</script></head><body><form name="vicidial_form"><input name="lead_id" value=""></form></body></html>`;
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  proxy = await startTcpProxy(server.port);
  const html = agentScreenHtml(server.pushToken, `http://127.0.0.1:${proxy.port}`);
  const port = await freePort();
  agentScreen = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
  await new Promise<void>((r) => agentScreen.listen(port, "127.0.0.1", () => r()));
  agentScreenUrl = `http://localhost:${port}/agc/vicidial.php`;
  browser = await launchBrowser();
});
afterAll(() => endAll(browser, agentScreen, proxy, server));

describe("agent-screen hook in Chromium", () => {
  it("forwards agent_events() calls to the wall, survives a cut connection without loss or duplicates", async () => {
    const wall = await openPage(browser, server.url, `/wall/HOOKCAMP`);
    const screen = await browser.newPage();
    await screen.goto(agentScreenUrl);
    await screen.waitForFunction(() => (window as unknown as { WallboardAgentEvents?: { connected(): boolean } }).WallboardAgentEvents?.connected());

    const fire = (event: string, message: string, lead = "") => fireAgentEvent(screen, event, message, lead);

    await fire("logged_in", "session 8600051");
    await fire("state_ready", "READY");
    await wall.waitForSelector('[data-testid="agent-tile"][data-user="6001"][data-state="READY"]', { timeout: 5000 });

    // A network blip while the agent keeps working: events queue in the page.
    await proxy.cut();
    await fire("call_answered", "V1121100000000012345", "12345");
    await fire("agent_hangup", "", "12345");
    await fire("dispo_set", "SALE", "12345");
    expect(await screen.evaluate(() => (window as unknown as { WallboardAgentEvents: { pending(): number } }).WallboardAgentEvents.pending())).toBe(3);
    await proxy.restore();
    await wall.waitForSelector('[data-testid="agent-tile"][data-user="6001"][data-state="DISPO"]', { timeout: 20_000 });
    await screen.waitForFunction(() => (window as unknown as { WallboardAgentEvents: { pending(): number } }).WallboardAgentEvents.pending() === 0, null, { timeout: 20_000 });

    // Cut again right after sending: acks may be lost, the resend must not double anything.
    await fire("state_paused", "PAUSED BREAK");
    await proxy.cut();
    await proxy.restore();
    await screen.waitForFunction(() => (window as unknown as { WallboardAgentEvents: { pending(): number } }).WallboardAgentEvents.pending() === 0, null, { timeout: 20_000 });
    await wall.waitForSelector('[data-testid="agent-tile"][data-user="6001"][data-state="PAUSED"]', { timeout: 5000 });

    const rows = await query<{ event: string; counter: number; campaign: string; source: string }>(
      server.databaseUrl,
      "SELECT event, counter, campaign, source FROM agent_event WHERE agent_user = '6001' ORDER BY counter",
    );
    expect(rows.map((r) => [r.counter, r.event])).toEqual([
      [0, "logged_in"],
      [1, "state_ready"],
      [2, "call_answered"],
      [3, "agent_hangup"],
      [4, "dispo_set"],
      [5, "state_paused"],
    ]);
    expect(new Set(rows.map((r) => `${r.source}/${r.campaign}`))).toEqual(new Set(["vicidial-hook/HOOKCAMP"]));
    await screen.close();
    await wall.close();
  });

  it("a screen with a wrong token gets nothing stored", async () => {
    const html = agentScreenHtml("a-wrong-token-0000", `http://127.0.0.1:${server.port}`).replace("'6001'", "'6002'");
    const port = await freePort();
    const other = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(html));
    await new Promise<void>((r) => other.listen(port, "127.0.0.1", () => r()));
    try {
      const screen = await browser.newPage();
      await screen.goto(`http://localhost:${port}/`);
      await screen.waitForFunction(() => "WallboardAgentEvents" in window);
      await screen.evaluate(() => (window as unknown as { agent_events(t: string, m: string, c: number): void }).agent_events("logged_in", "", 0));
      await screen.waitForTimeout(1500);
      expect(await screen.evaluate(() => (window as unknown as { WallboardAgentEvents: { connected(): boolean; pending(): number } }).WallboardAgentEvents.connected())).toBe(false);
      expect(await query(server.databaseUrl, "SELECT count(*)::int AS n FROM agent_event WHERE agent_user = '6002'")).toEqual([{ n: 0 }]);
      await screen.close();
    } finally {
      other.close();
    }
  });
});
