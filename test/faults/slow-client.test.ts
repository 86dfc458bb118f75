/**
 * Fault: a Socket.IO client that stops reading (a stuck TV, a tab frozen by its machine, a
 * network path that stalls). The server bounds what it keeps for one client
 * (lib/realtime/fanout.ts, DEFAULT_MAX_BACKLOG_BYTES): a client over the bound is disconnected
 * and its backlog dropped; it reconnects by itself and resyncs from a snapshot, and a client
 * that keeps up is not touched.
 *
 * The slow client is a real socket.io-client that subscribes again on every connect, as the
 * wall does (test/support/feed-client.ts). Its WebSocket stops reading from its TCP connection
 * (`ws` pause()); while it reads nothing it asks for snapshots of every campaign, about 40 MB
 * in all: more than the kernel's socket buffers on both sides and the bound, so the rest can
 * only wait in the server's memory. The server's count of connected clients (/metrics) tells
 * when it let the client go, while the client has still not read a byte.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { AgentView } from "../../lib/agents/view";
import { createTestDatabase } from "../support/database";
import { connectFeedClient, type FeedClient } from "../support/feed-client";
import { metricValue } from "../support/metrics";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { sleep } from "../support/load";

const AGENTS = 1_000;
const CAMPAIGNS = Array.from({ length: 20 }, (_, i) => `C${String(i).padStart(2, "0")}`);
/** Subscribe requests the slow client sends while not reading, each for every campaign. */
const FLOOD_REQUESTS = 40;

let server: TestServer;
let counter = 1;
const epoch = Math.floor(Date.now() / 1000) - 60;
const campaignOf = (i: number) => CAMPAIGNS[i % CAMPAIGNS.length]!;
const push = (i: number, event: string, extra: Record<string, string> = {}) =>
  pushEvent(server.url, { user: `s${i}`, event, epoch, counter: counter++, agent_log_id: "1", token: server.pushToken, campaign: campaignOf(i), ...extra });

/** Runs `jobs` with at most `limit` in flight. */
async function bounded(jobs: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) await jobs[next++]!();
    }),
  );
}

/** Connected Socket.IO clients as the server counts them (`wallboard_socket_clients`). */
async function serverClients(): Promise<number> {
  return metricValue(server.url, "wallboard_socket_clients");
}

async function expectInSync(client: FeedClient, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await httpRequest(`${server.url}/api/agents?campaign=${encodeURIComponent(client.topic.slice("campaign:".length))}`);
    const want = (JSON.parse(res.body) as { agents: AgentView[] }).agents;
    const have = client.agents();
    if (JSON.stringify(have) === JSON.stringify(want)) return;
    if (Date.now() > deadline) expect(have.map((a) => `${a.user} ${a.state}`), `${client.topic} still stale`).toEqual(want.map((a) => `${a.user} ${a.state}`));
    await sleep(100);
  }
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  await bounded(
    Array.from({ length: AGENTS }, (_, i) => async () => expect((await push(i, "logged_in")).status).toBe(200)),
    24,
  );
});
afterAll(async () => server?.stop());

describe("a client that stops reading", () => {
  it("is disconnected once its backlog is over the bound, then reconnects and resyncs; a client that keeps up is untouched", async () => {
    const headers = { cookie: server.cookie };
    const healthy = await connectFeedClient(server.url, "campaign:C00", "network", headers);
    const slow = await connectFeedClient(server.url, "campaign:C01", "network", headers);
    let healthyDrops = 0;
    healthy.socket.on("disconnect", () => healthyDrops++);
    try {
      expect(await serverClients()).toBe(2);

      // The slow client's WebSocket stops taking data from its connection; it can still send.
      const ws = (slow.socket.io.engine as unknown as { transport: { ws: WebSocket } }).transport.ws;
      expect(typeof ws.pause).toBe("function");
      ws.pause();
      for (let r = 0; r < FLOOD_REQUESTS; r++) slow.socket.emit("subscribe", { topics: ["campaign:*", ...CAMPAIGNS] }, () => undefined);

      // Events keep flowing (the server checks backlogs when it sends).
      let flowing = true;
      let n = 0;
      const flow = (async () => {
        while (flowing) {
          const i = (n++ * CAMPAIGNS.length) % AGENTS; // agents of C00
          await push(i, n % 2 ? "state_ready" : "state_paused", n % 2 ? { message: "READY" } : { message: "PAUSED BREAK" });
          await sleep(50);
        }
      })();
      try {
        // The server lets the slow client go while it has still read nothing.
        const deadline = Date.now() + 20_000;
        while ((await serverClients()) !== 1) {
          expect(Date.now(), "the server still holds the client that does not read").toBeLessThan(deadline);
          await sleep(200);
        }
        expect(slow.socket.connected, "the slow client has not noticed yet (it reads nothing)").toBe(true);
        expect(healthy.socket.connected).toBe(true);

        // It reads again: it takes what was in flight, finds the connection closed, reconnects
        // by itself, subscribes again and gets a fresh snapshot.
        ws.resume();
        await slow.waitForDisconnect(30_000);
        const seen = slow.snapshots;
        await slow.waitForSnapshot(seen, 15_000);
      } finally {
        flowing = false;
        await flow;
      }

      // Changes after the reconnect reach it; both views equal the server's.
      for (let k = 0; k < 10; k++) expect((await push(1 + k * CAMPAIGNS.length, "state_ready", { message: "READY" })).status).toBe(200); // agents of C01
      await expectInSync(slow);
      await expectInSync(healthy);
      expect(healthyDrops, "the client that keeps up was never cut").toBe(0);
      expect(healthy.deltas).toBeGreaterThan(0);
      expect(await serverClients()).toBe(2);
    } finally {
      healthy.close();
      slow.close();
    }
  });
});
