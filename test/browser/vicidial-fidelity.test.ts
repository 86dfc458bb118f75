/**
 * What a real VICIdial agent screen sends, end to end (issue 10): an imitation VICIdial web
 * server (PHP: the agent screen's URL building in Chromium, a get2post.php relay with its
 * quirks, a reverse proxy for the path-only URL; test/support/vicidial-web.ts) configured with
 * the Agent Push URLs and options.php lines exactly as the wallboard prints them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchBrowser, openPage } from "../support/browser";
import { createTestDatabase, query } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { fireAgentEvent, startVicidialWeb, type VicidialWeb } from "../support/vicidial-web";

let server: TestServer;
let browser: Browser;
let printed: { relay: string; path: string; hookSnippet: string; warning: string | null };
const webs: VicidialWeb[] = [];
const proxies: TcpProxy[] = [];

/** The PHP single-quoted value of an options.php line. */
function optionValue(snippet: string, name: string): string {
  const m = new RegExp(`^\\$${name} = '(.*)';$`, "m").exec(snippet);
  if (!m) throw new Error(`${name} missing from the snippet`);
  return m[1]!;
}

async function web(agentPushUrl: string, hook?: { via: TcpProxy }): Promise<VicidialWeb> {
  let insertHeadJs = "";
  let insertAgentEvents = "";
  if (hook) {
    const snippet = (await adminPush(`http://127.0.0.1:${hook.via.port}`)).hookSnippet;
    insertHeadJs = optionValue(snippet, "INSERT_head_js");
    insertAgentEvents = optionValue(snippet, "INSERT_agent_events");
  }
  const w = await startVicidialWeb({
    agentPushUrl,
    insertHeadJs,
    insertAgentEvents,
    wallboardUpstream: server.url,
    connectTo: `wallboard.test:80:127.0.0.1:${server.port}`,
  });
  webs.push(w);
  return w;
}

/** What Admin → Push prints (hook lines for a wallboard reachable at `hookBase`). */
async function adminPush(hookBase?: string): Promise<typeof printed> {
  const res = await fetch(`${server.url}/api/admin/push`, { headers: { cookie: server.cookie } });
  const body = (await res.json()) as typeof printed;
  if (hookBase) body.hookSnippet = body.hookSnippet.split("http://wallboard.test").join(hookBase);
  return body;
}

type Screen = Page & { fire(event: string, message: string, lead?: string): Promise<void> };

async function openScreen(w: VicidialWeb, user: string, campaign: string, agentLogId: number): Promise<Screen> {
  const page = (await browser.newPage()) as Screen;
  await page.goto(w.agentScreen(user, campaign, agentLogId));
  page.fire = (event, message, lead = "") => fireAgentEvent(page, event, message, lead);
  return page;
}

/** Waits until the screen's push XHRs have all been answered; returns their HTTP statuses. */
async function pushAnswers(page: Page, count: number): Promise<{ event: string; status: number; text: string; url: string }[]> {
  await page.waitForFunction((n) => (window as unknown as { push_answers: unknown[] }).push_answers.length >= n, count, { timeout: 15_000 });
  return page.evaluate(() => (window as unknown as { push_answers: { event: string; status: number; text: string; url: string }[] }).push_answers);
}

async function hookIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { WallboardAgentEvents?: { pending(): number } }).WallboardAgentEvents?.pending() === 0, null, { timeout: 20_000 });
}

async function agent(user: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/agents`, { headers: { cookie: server.cookie } });
  const { agents } = (await res.json()) as { agents: Record<string, unknown>[] };
  return agents.find((a) => a.user === user) ?? {};
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase(), env: { PUBLIC_URL: "http://wallboard.test" } });
  printed = await adminPush();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const w of webs) await w.stop();
  for (const p of proxies) await p.close();
  await server?.stop();
});

describe("the printed Agent Push URLs (issue 10 items 1 and 2)", () => {
  it("prints a get2post.php form and a path-only form, message last, neither with a scheme or a port", () => {
    expect(printed.relay).toMatch(/^get2post\.php\?uniqueid=--A--epoch--B--\.--A--agent_log_id--B--&type=event&HTTPURLTOPOST=wallboard\.test\/api\/push\/vicidial\?token=[^&]+&user=/);
    expect(printed.path).toMatch(/^\/api\/push\/vicidial\?token=[^&]+&user=--A--user--B--&/);
    for (const url of [printed.relay, printed.path]) {
      expect(url.endsWith("&message=--A--message--B--")).toBe(true);
      expect(url).not.toMatch(/[:;#"{}^$`']/);
    }
  });

  it("a URL with http:// can never work: the agent screen deletes its ':' and posts to a relative path", async () => {
    const direct = `http://wallboard.test/api/push/vicidial?token=${server.pushToken}&user=--A--user--B--&event=--A--event--B--&epoch=--A--epoch--B--&counter=--A--counter--B--`;
    const w = await web(direct);
    const screen = await openScreen(w, "7100", "URLS", 700);
    await screen.fire("logged_in", "session 1");
    const [answer] = await pushAnswers(screen, 1);
    expect(answer!.url).toBe("http//wallboard.test/api/push/vicidial");
    expect(answer!.status).toBe(404);
    expect(await query(server.databaseUrl, "SELECT count(*)::int AS n FROM agent_event WHERE agent_user = '7100'")).toEqual([{ n: 0 }]);
    await screen.close();
  });

  it.each([
    ["get2post.php relay", () => printed.relay, "7101"],
    ["path-only reverse proxy", () => printed.path, "7102"],
  ])("the %s form delivers every field, a `?` and `&` in a message cut only the message", async (_name, url, user) => {
    const w = await web(url());
    const screen = await openScreen(w, user, "URLS", 701);
    await screen.fire("logged_in", "session 8600051 10.0.0.5");
    await screen.fire("agent_alert", "Are you there? Call me & wait", "");
    await screen.fire("state_ready", "READY");
    const answers = await pushAnswers(screen, 3);
    expect(answers.map((a) => [a.status, a.text.trim()])).toEqual([
      [200, "OK stored"],
      [200, "OK stored"],
      [200, "OK stored"],
    ]);
    const rows = await query<{ event: string; message: string | null; counter: number | null; epoch: string | null; agent_log_id: string | null }>(
      server.databaseUrl,
      `SELECT event, message, counter, epoch::text, agent_log_id FROM agent_event WHERE agent_user = '${user}' ORDER BY counter`,
    );
    expect(rows.map((r) => [r.event, r.counter, r.agent_log_id])).toEqual([
      ["logged_in", 0, "701"],
      ["agent_alert", 1, "701"],
      ["state_ready", 2, "701"],
    ]);
    expect(rows.every((r) => r.epoch !== null)).toBe(true);
    // get2post.php keeps only the text between the first and second `?`; a direct post keeps up to the `&`.
    expect(rows[1]!.message).toBe(url().startsWith("get2post") ? "Are you there" : "Are you there? Call me ");
    expect(await agent(user)).toMatchObject({ state: "READY" });
    await screen.close();
  });
});

describe("push and hook together (issue 10 items 3 and 4)", () => {
  it("stores each event once with the hook's exact text, and the campaign the push lacks, even when the push copy comes first", async () => {
    const hookProxy = await startTcpProxy(server.port);
    proxies.push(hookProxy);
    const w = await web(printed.relay, { via: hookProxy });
    const wall = await openPage(browser, server.url, `/wall/BOTHWAYS`);
    const screen = await openScreen(w, "7200", "BOTHWAYS", 800);
    await screen.waitForFunction(() => (window as unknown as { WallboardAgentEvents?: { connected(): boolean } }).WallboardAgentEvents?.connected());
    // The hook is held up: the relayed copies are stored first, without a campaign.
    await hookProxy.cut();
    const day: [string, string, string?][] = [
      ["logged_in", "session 8600051"],
      ["state_paused", "PAUSED"],
      ["state_ready", "READY"],
      ["call_answered", "V1121100000000012345", "12345"],
      ["agent_alert", `Customer said: "it's 50% off?" & {more} $5; #1 C:\\temp ^_^ \`x\``, "12345"],
      ["update_fields", "first_name\tlast_name\ncity  state", "12345"],
      ["agent_hangup", "", "12345"],
      ["dispo_screen_open", "", "12345"],
      ["dispo_set", "SALE", "12345"],
      ["state_ready", "READY"],
    ];
    for (const [event, message, lead] of day) await screen.fire(event, message, lead);
    const answers = await pushAnswers(screen, day.length);
    expect(answers.map((a) => a.status)).toEqual(day.map(() => 200));
    const before = await query<{ campaign: string | null }>(server.databaseUrl, "SELECT campaign FROM agent_event WHERE agent_user = '7200'");
    expect(before).toHaveLength(day.length);
    expect(before.every((r) => r.campaign === null)).toBe(true);
    expect(await agent("7200")).toMatchObject({ campaign: "UNASSIGNED" });

    await hookProxy.restore();
    await hookIdle(screen);
    const rows = await query<{ event: string; message: string | null; campaign: string | null; source: string }>(
      server.databaseUrl,
      "SELECT event, message, campaign, source FROM agent_event WHERE agent_user = '7200' ORDER BY counter",
    );
    expect(rows).toHaveLength(day.length);
    expect(rows.map((r) => [r.event, r.message ?? ""])).toEqual(day.map(([e, m]) => [e, m]));
    expect(rows.every((r) => r.campaign === "BOTHWAYS" && r.source === "vicidial-push")).toBe(true);
    await wall.waitForSelector('[data-testid="agent-tile"][data-user="7200"][data-state="READY"]', { timeout: 5000 });
    expect(await agent("7200")).toMatchObject({ campaign: "BOTHWAYS", state: "READY" });
    await screen.close();
    await wall.close();
  });
});

describe("pause codes (issue 10 item 5)", () => {
  it("real VICIdial sends only PAUSED; the hook reports the code the agent picks, and the tile says where it came from", async () => {
    const hookProxy = await startTcpProxy(server.port);
    proxies.push(hookProxy);
    const w = await web(printed.relay, { via: hookProxy });
    const wall = await openPage(browser, server.url, `/wall/PAUSES`);
    const screen = await openScreen(w, "7300", "PAUSES", 900);
    await screen.fire("logged_in", "session 1");
    const call = <T extends unknown[]>(fn: string, ...args: T) =>
      screen.evaluate(([f, a]) => (window as unknown as Record<string, (...x: unknown[]) => unknown>)[f as string]!(...(a as unknown[])), [fn, args] as const);
    await call("AutoDial_ReSume_PauSe", "VDADpause");
    await call("PauseCodeSelectContent_create");
    await call("PauseCodeSelect_submit", "BREAK", "YES");
    await hookIdle(screen);
    expect(await agent("7300")).toMatchObject({ state: "PAUSED", pauseCode: "BREAK", pauseCodeSource: "agent-screen" });
    const detail = wall.locator('[data-testid="agent-tile"][data-user="7300"] [data-testid="agent-state-detail"]');
    await detail.waitFor({ timeout: 5000 });
    expect(await detail.innerText()).toContain("BREAK");
    expect(await detail.getAttribute("title")).toMatch(/agent screen/);
    // What VICIdial itself sent over the push: PAUSED without a code.
    const relayed = await query<{ message: string }>(server.databaseUrl, "SELECT message FROM agent_event WHERE agent_user = '7300' AND event = 'state_paused'");
    expect(relayed).toEqual([{ message: "PAUSED" }]);

    // An automatic pause code (VICIdial pauses the agent itself with a code, e.g. after a dial timeout).
    await call("AutoDial_ReSume_PauSe", "VDADready");
    await call("AutoDial_ReSume_PauSe", "VDADpause", "", "", "", "", "1", "NXDIAL");
    await hookIdle(screen);
    expect(await agent("7300")).toMatchObject({ state: "PAUSED", pauseCode: "NXDIAL", pauseCodeSource: "agent-screen" });
    await screen.close();
    await wall.close();
  });
});

describe("screen sessions (issue 10 item 6)", () => {
  it("a screen reloaded within the same second is ordered after the old one", async () => {
    const w = await web(printed.relay);
    const old = await openScreen(w, "7400", "RELOAD", 1000);
    const epoch = String(Math.floor(Date.now() / 1000));
    const freeze = (page: Page) =>
      page.evaluate((e) => {
        const win = window as unknown as { unix_time_timer: number; UnixTime: string };
        clearInterval(win.unix_time_timer);
        win.UnixTime = e;
      }, epoch);
    await freeze(old);
    await old.fire("logged_in", "session 1");
    await old.fire("state_ready", "READY");
    await old.fire("call_answered", "V1", "1");
    await old.fire("agent_hangup", "", "1");
    await old.fire("dispo_screen_open", "", "1");
    // The agent reloads the page: a new login (agent_log_id 1001), counters from 0, the same second.
    const reloaded = await openScreen(w, "7400", "RELOAD", 1001);
    await freeze(reloaded);
    await reloaded.fire("logged_in", "session 2");
    await reloaded.fire("state_ready", "READY");
    await pushAnswers(old, 5);
    await pushAnswers(reloaded, 2);
    expect(await agent("7400")).toMatchObject({ state: "READY", lastEvent: "state_ready" });
    await old.close();
    await reloaded.close();
  });
});
