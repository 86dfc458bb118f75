/**
 * Several instances, one PostgreSQL (issue 12 §3): two wallboard instances on Debian's
 * PostgreSQL server behind Debian's HAProxy (deploy/haproxy.cfg), with the PBX simulator.
 * - an event pushed to one instance reaches a Socket.IO client of the other;
 * - under 300 events/s through HAProxy, `kill -9` of the instance holding the once-only roles
 *   loses no acknowledged event; its Socket.IO clients reconnect through HAProxy and resync;
 *   the survivor's board equals the fold of the stored events; the PBX link and the rollup
 *   job move to the survivor within 10 s (the simulator sees the new connection).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io, type Socket } from "socket.io-client";
import { PbxSimulator } from "../../sim/pbx/server";
import type { AgentView } from "../../lib/agents/view";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/realtime/contract";
import { startDebianPostgres, type DebianPostgres } from "../support/debian-postgres";
import { startHaproxy, type Haproxy } from "../support/haproxy";
import { startSteadyPusher, type PushAttempt } from "../../support/agent-push";
import { foldedView, groupByUser, readStoredEvents, viewFields } from "../support/load";
import { pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { connectClient } from "../support/socket";
import { endAll } from "../support/teardown";
import { metricValue } from "../support/metrics";

let pg: DebianPostgres;
let databaseUrl: string;
let sim: PbxSimulator;
let a: TestServer;
let b: TestServer;
let hap: Haproxy;

const nowSec = () => Math.floor(Date.now() / 1000);

async function health(s: TestServer): Promise<{ ready: boolean; roles: { leader: boolean; roles: string[] } } | null> {
  try {
    return (await (await fetch(`${s.url}/healthz`)).json()) as { ready: boolean; roles: { leader: boolean; roles: string[] } };
  } catch {
    return null;
  }
}

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${timeoutMs} ms (last ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  pg = await startDebianPostgres();
  databaseUrl = await pg.createDatabase("wallboard_multi");
  sim = new PbxSimulator({ username: "admin", password: "secret-pw" });
  await sim.start();
  const env = { PBX_URL: sim.url(), PBX_USERNAME: "admin", PBX_PASSWORD: "secret-pw", CAMPAIGN_QUEUES: "MULTI=700" };
  a = await startServer({ databaseUrl, env });
  b = await startServer({ databaseUrl, env });
  hap = await startHaproxy([
    { name: "wb1", port: a.port },
    { name: "wb2", port: b.port },
  ]);
  // Both instances healthy behind HAProxy.
  await waitFor(async () => [await health(a), await health(b)], (h) => h.every((x) => x?.ready), 20_000, "both instances ready");
}, 120_000);
afterAll(() => endAll(hap, a, b, sim, pg));

describe("two instances on one PostgreSQL behind HAProxy", () => {
  it("an event pushed to one instance reaches a Socket.IO client of the other", async () => {
    const client = await connectClient(b.url, b.cookie);
    await client.subscribe(["campaign:MULTI"]);
    const t0 = Date.now();
    expect((await pushEvent(a.url, { user: "m001", event: "logged_in", campaign: "MULTI", epoch: nowSec(), counter: 0, agent_log_id: "1", token: a.pushToken })).body).toBe("OK stored\n");
    const delta = await client.nextDelta((m) => m.agent.user === "m001", 5000);
    expect(delta.agent.state).toBe("PAUSED");
    console.log(`cross-instance delivery: ${Date.now() - t0} ms`);
    client.close();
  });

  it("HAProxy keeps its connections to the instances: 100 pushes through it open a few, not one each", async () => {
    // A Node.js server accepts one connection per turn of its event loop (libuv >= 1.45), so a
    // new connection per push let pushes wait in a busy instance's accept queue (deploy/haproxy.cfg).
    const accepted = async () => (await metricValue(a.url, "wallboard_http_connections_total")) + (await metricValue(b.url, "wallboard_http_connections_total"));
    const before = await accepted();
    for (let i = 0; i < 100; i++) {
      const answer = await pushEvent(hap.url, { user: "c001", event: "logged_in", campaign: "MULTI", epoch: nowSec(), counter: i, agent_log_id: "7", token: a.pushToken });
      expect(answer.status).toBe(200);
    }
    // The difference also counts the two /metrics reads and HAProxy's health checks (one
    // connection per check per second); one connection per push would be 100 or more.
    const opened = (await accepted()) - before;
    console.log(`100 pushes through HAProxy: ${opened} connections accepted by the instances`);
    expect(opened).toBeLessThan(25);
  });

  it("kill -9 of the leader under 300 events/s through HAProxy: no push fails (HAProxy retries it on the survivor), nothing acknowledged is lost, clients resync, roles move within 10 s", { timeout: 120_000 }, async () => {
    const [ha, hb] = [await health(a), await health(b)];
    const leader = ha?.roles.leader ? a : b;
    const survivor = leader === a ? b : a;
    expect((leader === a ? ha : hb)!.roles.roles).toEqual(expect.arrayContaining(["pbx", "history-rollup"]));
    expect(sim.clients()).toBe(1);

    // Browsers through HAProxy (round robin: some on each instance), watching the campaign.
    const sockets: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
    const boards: Map<string, AgentView>[] = [];
    for (let i = 0; i < 6; i++) {
      const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(hap.url, { transports: ["websocket"], forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 1000, extraHeaders: { cookie: a.cookie } });
      const board = new Map<string, AgentView>();
      socket.on("connect", () => void socket.emit("subscribe", { topics: ["campaign:MULTI"] }, () => {}));
      socket.on("snapshot", (m) => {
        board.clear();
        for (const agent of m.agents) board.set(agent.user, agent);
      });
      socket.on("agents", (m) => m.agents.forEach((agent) => board.set(agent.user, agent)));
      sockets.push(socket);
      boards.push(board);
    }
    await waitFor(async () => sockets.every((s) => s.connected), (v) => v, 10_000, "sockets connected");

    const pusher = startSteadyPusher({ target: () => hap.url, token: a.pushToken, rate: 300, agents: 60, userPrefix: "k", campaign: "MULTI", timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 3000));
    const killedAt = Date.now();
    await leader.kill();
    // The survivor takes the PBX link (the simulator sees a new connection) and the rollup job.
    await waitFor(async () => sim.clients(), (n) => n === 1, 10_000, "PBX link on the survivor");
    const roles = await waitFor(async () => (await health(survivor))?.roles, (r) => !!r?.leader && r.roles.includes("history-rollup"), 10_000, "roles on the survivor");
    console.log(`roles moved within ${Date.now() - killedAt} ms: ${roles!.roles.join(", ")}`);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 3000));
    const attempts = await pusher.stop();

    // Nothing acknowledged is lost.
    const acked = attempts.filter((x) => x.result.status === 200);
    const failed = attempts.filter((x) => x.result.status !== 200);
    // Who answered what (HAProxy's own 503 says "No server is available"; ours says why nothing was stored).
    const reasons = new Map<string, number>();
    for (const f of failed) {
      const why = f.result.error ?? `${f.result.status} ${f.result.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 80)}`;
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
    const lastFailure = Math.max(...failed.map((f) => f.sentAt - killedAt), 0);
    // HAProxy's own account of its servers (e.g. "Server wallboards/wb2 is DOWN, reason: Layer7 timeout").
    const serverStates = hap.output().split("\n").filter((l) => /Server wallboards\/\S+ is (DOWN|UP)/.test(l));
    console.log(`HAProxy server states:\n${serverStates.map((l) => `  ${l.trim().slice(0, 200)}`).join("\n")}`);
    // How long the acknowledged pushes waited (VICIdial's get2post.php waits without a timeout):
    // before the kill, and sent after it (through HAProxy's retry and the survivor's take-over).
    console.log(`kill -9: push answer ms, before the kill ${answerTimes(acked.filter((x) => x.sentAt < killedAt))}; sent after it ${answerTimes(acked.filter((x) => x.sentAt >= killedAt), killedAt)}`);
    console.log(`kill -9: ${attempts.length} pushes, ${acked.length} acknowledged, ${failed.length} not (${[...reasons].map(([k, n]) => `${n}× ${k}`).join("; ")}), last one sent ${lastFailure} ms after the kill`);
    // HAProxy retries a push that met the dead instance (refused, or accepted and never
    // answered: retry-on conn-failure empty-response) on the survivor: VICIdial retries none.
    expect(failed.length, `pushes not answered 200 through HAProxy: ${[...reasons].map(([k, n]) => `${n}× ${k}`).join("; ")}`).toBe(0);
    const stored = await readStoredEvents(databaseUrl);
    const keys = new Set(stored.map((e) => `${e.user}|${e.epoch}|${e.counter}`));
    expect(acked.filter((x) => !keys.has(`${x.event.user}|${x.event.epoch}|${x.event.counter}`)).map((x) => x.event)).toEqual([]);

    // The survivor's board equals the fold of what is stored.
    const api = (await (await fetch(`${survivor.url}/api/agents?campaign=MULTI`, { headers: { cookie: survivor.cookie } })).json()) as { agents: AgentView[] };
    const byUser = groupByUser(stored.filter((e) => e.user.startsWith("k")));
    for (const [user, events] of byUser) {
      const agent = api.agents.find((x) => x.user === user);
      expect(agent, user).toBeDefined();
      expect(viewFields(agent!), user).toEqual(foldedView(events));
    }

    // Every browser is connected again (through HAProxy, to the survivor) and shows the same board.
    await waitFor(async () => sockets.every((s) => s.connected), (v) => v, 15_000, "sockets reconnected");
    await waitFor(
      async () => boards.map((board) => api.agents.filter((x) => x.user.startsWith("k")).every((x) => board.get(x.user)?.state === x.state && board.get(x.user)?.stateSince === x.stateSince)),
      (v) => v.every(Boolean),
      10_000,
      "every browser equal to the survivor's board",
    );
    for (const s of sockets) s.close();
  });
});

/** "p50 a, p99 b, max c (sent +d ms)" of the answer times (ms) of `xs`; the slowest's send time after `since`. */
function answerTimes(xs: PushAttempt[], since?: number): string {
  if (xs.length === 0) return "none";
  const sorted = [...xs].sort((p, q) => p.answeredAt - p.sentAt - (q.answeredAt - q.sentAt));
  const ms = (x: PushAttempt) => x.answeredAt - x.sentAt;
  const at = (q: number) => ms(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  const slowest = sorted[sorted.length - 1]!;
  return `p50 ${at(0.5)}, p99 ${at(0.99)}, max ${ms(slowest)}${since === undefined ? "" : ` (sent +${slowest.sentAt - since} ms)`} of ${xs.length}`;
}
