/**
 * Fault: Socket.IO clients are cut off and come back. Each one resyncs from a fresh snapshot
 * and no agent stays stale: after reconnecting, a client's view (snapshot + the deltas after
 * it, applied with the wall's own rules) equals GET /api/agents for its topic.
 *
 * Clients on different topics are cut three different ways (transport closed under them,
 * disconnect()+connect(), the network between them and the server cut by a TCP proxy) while
 * a background sender keeps events flowing, so deltas race with the resubscription. While
 * they are away every agent changes, agents move between campaigns (also into a campaign
 * whose wall was empty), one logs out and new agents appear.
 *
 * Then the same in Chromium: the wall page's connection is cut by a proxy while events change
 * its tiles; once back, every tile's data-state matches /api/agents and the tile set is the
 * campaign's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import path from "node:path";
import type { AgentView } from "../../lib/agents/view";
import { launchBrowser, SCREENSHOT_DIR, signedInPage } from "../support/browser";
import { createTestDatabase } from "../support/database";
import { connectFeedClient, type FeedClient } from "../support/feed-client";
import { httpRequest } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { AgentScript, sendEvent } from "../../support/agent-push";
import { seededRandom } from "../../sim/shared/rng";
import { sleep } from "../support/load";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const SEED = Number(process.env.FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CAMPAIGNS = ["SALES", "SUPPORT", "COLLECT"] as const;

let server: TestServer;
let proxy: TcpProxy;
let browser: Browser | undefined;
const clients: FeedClient[] = [];
const scripts = new Map<string, AgentScript>();
const rng = seededRandom(SEED);

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  proxy = await startTcpProxy(server.port);
});
afterAll(async () => {
  for (const c of clients) c.close();
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

const agentsOf = async (query: string): Promise<AgentView[]> => {
  const res = await httpRequest(`${server.url}/api/agents${query}`);
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { agents: AgentView[] }).agents;
};

/** What GET /api/agents says the client's topic holds. */
const expectedFor = async (topic: string): Promise<AgentView[]> => {
  if (topic === "campaign:*") return agentsOf("");
  if (topic.startsWith("campaign:")) return agentsOf(`?campaign=${encodeURIComponent(topic.slice("campaign:".length))}`);
  const user = topic.slice("agent:".length);
  return (await agentsOf("")).filter((a) => a.user === user);
};

function scriptOf(user: string, campaign: string): AgentScript {
  let s = scripts.get(user);
  if (!s) {
    s = new AgentScript(user, campaign, seededRandom(SEED + Number(user)), undefined, CAMPAIGNS);
    scripts.set(user, s);
  }
  return s;
}

/** Sends the next `n` events of one agent in screen order; every one must be stored. */
async function advance(user: string, n: number, campaign = "SALES"): Promise<void> {
  const s = scriptOf(user, campaign);
  for (let i = 0; i < n; i++) {
    const res = await sendEvent(server.url, server.pushToken, s.next());
    expect(res, `push for ${user}`).toMatchObject({ status: 200 });
  }
}

/** Keeps one event per ~15 ms flowing to random agents until stopped. */
function backgroundSender(users: readonly string[]): { stop(): Promise<number> } {
  let running = true;
  let sent = 0;
  const loop = (async () => {
    while (running) {
      await advance(users[Math.floor(rng() * users.length)]!, 1);
      sent++;
      await sleep(15);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return sent;
    },
  };
}

/** Polls until every client's view equals the API for its topic; fails naming the stale ones. */
async function expectAllInSync(list: readonly FeedClient[], timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stale: { topic: string; mode: string; differs: string[] }[] = [];
    for (const c of list) {
      const want = await expectedFor(c.topic);
      const have = c.agents();
      if (JSON.stringify(have) === JSON.stringify(want)) continue;
      const wantBy = new Map(want.map((a) => [a.user, a]));
      const haveBy = new Map(have.map((a) => [a.user, a]));
      const users = [...new Set([...wantBy.keys(), ...haveBy.keys()])].sort();
      const differs = users
        .filter((u) => JSON.stringify(wantBy.get(u)) !== JSON.stringify(haveBy.get(u)))
        .map((u) => `${u}: client ${haveBy.get(u)?.state ?? "absent"}/${haveBy.get(u)?.campaign ?? "-"}, server ${wantBy.get(u)?.state ?? "absent"}/${wantBy.get(u)?.campaign ?? "-"}`);
      stale.push({ topic: c.topic, mode: c.mode, differs });
    }
    if (stale.length === 0) return;
    if (Date.now() > deadline) expect(stale, `clients still stale after ${timeoutMs} ms (seed ${SEED})`).toEqual([]);
    await sleep(100);
  }
}

describe("Socket.IO clients cut off and reconnected", () => {
  it("each client resyncs from a fresh snapshot and ends equal to /api/agents for its topic", async () => {
    const users = Array.from({ length: 15 }, (_, i) => String(8000 + i));
    await Promise.all(users.map((u, i) => advance(u, 2, CAMPAIGNS[i % CAMPAIGNS.length])));

    const direct = server.url;
    const viaProxy = `http://127.0.0.1:${proxy.port}`;
    const specs: [string, "engine" | "disconnect" | "network"][] = [
      ["campaign:SALES", "engine"],
      ["campaign:SALES", "network"],
      ["campaign:SUPPORT", "disconnect"],
      ["campaign:COLLECT", "network"],
      ["campaign:NEWCAMP", "engine"],
      ["campaign:*", "network"],
      ["campaign:*", "disconnect"],
      ["agent:8001", "engine"],
      ["agent:8004", "network"],
    ];
    for (const [topic, mode] of specs) clients.push(await connectFeedClient(mode === "network" ? viaProxy : direct, topic, mode, { cookie: server.cookie }));
    await expectAllInSync(clients);

    const background = backgroundSender(users);
    let nextNewAgent = 8100;
    for (let round = 1; round <= 3; round++) {
      const snapshotsBefore = clients.map((c) => c.snapshots);
      for (const c of clients) c.cut();
      await proxy.cut();
      await Promise.all(clients.map((c) => c.waitForDisconnect()));

      // While they are away: every agent changes, some move, one logs out, new ones appear.
      await Promise.all(users.map((u) => advance(u, 2 + Math.floor(rng() * 3))));
      const movers = [users[(round * 2) % users.length]!, users[(round * 2 + 1) % users.length]!];
      for (const [i, u] of movers.entries()) {
        const s = scriptOf(u, "SALES");
        s.moveTo(i === 0 ? "NEWCAMP" : CAMPAIGNS[(CAMPAIGNS.indexOf(s.currentCampaign as (typeof CAMPAIGNS)[number]) + 1) % CAMPAIGNS.length]!);
        await advance(u, 1);
      }
      for (let k = 0; k < 2; k++) await advance(String(nextNewAgent++), 3, CAMPAIGNS[k % CAMPAIGNS.length]);
      const loggingOut = users[(round * 5) % users.length]!;
      await sendEvent(server.url, server.pushToken, { ...scriptOf(loggingOut, "SALES").next(), event: "logged_out", message: "" });

      // They really were away, and what they show is out of date now.
      expect(clients.filter((c) => c.socket.connected).map((c) => `${c.topic} (${c.mode})`)).toEqual([]);
      const alreadyCurrent: string[] = [];
      for (const c of clients) if (JSON.stringify(c.agents()) === JSON.stringify(await expectedFor(c.topic))) alreadyCurrent.push(`${c.topic} (${c.mode})`);
      expect(alreadyCurrent, "every client should have missed changes while away").toEqual([]);

      for (const c of clients) c.resume();
      await proxy.restore();
      await Promise.all(clients.map((c, i) => c.waitForSnapshot(snapshotsBefore[i]!)));
      await sleep(100 + rng() * 300);
    }
    const sentInBackground = await background.stop();
    await expectAllInSync(clients);
    console.log(`seed ${SEED}: ${clients.length} clients, 3 cuts each, ${sentInBackground} background events; snapshots ${clients.map((c) => c.snapshots).join(",")}`);
  });

  it("the wall in Chromium shows every tile as /api/agents says after its connection was cut", async () => {
    browser = await launchBrowser();
    const wallProxy = await startTcpProxy(server.port);
    try {
      // Signed in as the test server's admin (cookies ignore the port, so the proxy gets it too).
      const page = await signedInPage(browser, `http://127.0.0.1:${wallProxy.port}`, { cookie: server.cookie, viewport: { width: 1920, height: 1080 } });
      await page.goto(`http://127.0.0.1:${wallProxy.port}/wall/SALES`);
      const tilesNow = () =>
        page.$$eval('[data-testid="agent-tile"]', (tiles) =>
          tiles.map((t) => ({
            user: t.getAttribute("data-user")!,
            state: t.getAttribute("data-state")!,
            text: t.querySelector('[data-testid="agent-state"]')?.textContent ?? "",
          })),
        );
      const wanted = async () =>
        (await agentsOf("?campaign=SALES")).map((a) => ({
          user: a.user,
          state: a.state,
          detail: (a.state === "PAUSED" ? a.pauseCode : a.state === "DISPO" ? a.disposition : null)?.trim() || null,
        }));
      const matches = async () => {
        const tiles = new Map((await tilesNow()).map((t) => [t.user, t]));
        const want = await wanted();
        const bad: string[] = [];
        if (tiles.size !== want.length) bad.push(`${tiles.size} tiles for ${want.length} agents`);
        for (const a of want) {
          const t = tiles.get(a.user);
          if (!t) bad.push(`${a.user}: no tile`);
          else if (t.state !== a.state || (a.detail !== null && !t.text.includes(a.detail))) bad.push(`${a.user}: tile ${t.state} "${t.text}", server ${a.state} ${a.detail ?? ""}`);
        }
        return bad;
      };
      await expect.poll(matches, { timeout: 10_000 }).toEqual([]);

      const banner = page.locator('[data-testid="connection-banner"]');
      await wallProxy.cut();
      await banner.waitFor({ state: "visible", timeout: 10_000 });

      // While the wall is cut off: every SALES agent changes, one leaves SALES, one joins, one is new.
      const sales = (await agentsOf("?campaign=SALES")).map((a) => a.user);
      await Promise.all(sales.map((u) => advance(u, 2 + Math.floor(rng() * 3))));
      const leaving = sales[0]!;
      scriptOf(leaving, "SALES").moveTo("SUPPORT");
      await advance(leaving, 1);
      const joining = (await agentsOf("?campaign=SUPPORT")).find((a) => a.user !== leaving)!.user;
      scriptOf(joining, "SUPPORT").moveTo("SALES");
      await advance(joining, 1);
      await advance("8200", 3, "SALES");
      expect((await matches()).length, "the cut-off wall should be out of date").toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, "fault-wall-cut.png") });

      await wallProxy.restore();
      // Events keep coming while the wall reconnects.
      const background = backgroundSender([...sales.slice(1), joining, "8200"]);
      await banner.waitFor({ state: "hidden", timeout: 20_000 });
      await sleep(500);
      await background.stop();
      await expect.poll(matches, { timeout: 10_000 }).toEqual([]);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, "fault-wall-resynced.png") });
      await page.context().close();
    } finally {
      await wallProxy.close();
    }
  });
});
