/**
 * The PBX link end to end: the real server against the PBX simulator over a real WebSocket,
 * observed through real Socket.IO clients and the HTTP API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CallView, QueueStats } from "../../lib/realtime/contract";
import { PbxSimulator } from "../../sim/pbx/server";
import { createTestDatabase, query } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { connectClient, type RecordingClient } from "../support/socket";
import { until } from "../support/until";
import { endAll } from "../support/teardown";

let server: TestServer;
let sim: PbxSimulator;
let client: RecordingClient;
const links: { state: string; since: number }[][] = [];

const api = async <T>(p: string): Promise<T> => JSON.parse((await httpRequest(`${server.url}${p}`)).body) as T;
const activeCalls = async () => (await api<{ calls: CallView[] }>("/api/calls")).calls;
const queueStats = async () => (await api<{ queues: QueueStats[]; pbx: { state: string }[] }>("/api/queues?campaign=SUPPORT"));

beforeAll(async () => {
  sim = new PbxSimulator({ username: "admin", password: "secret-pw", noise: true });
  await sim.start();
  for (const ext of ["2001", "2002"]) sim.addAccount(ext);
  const roster = path.join(tmpdir(), `pbx-roster-${process.pid}.csv`);
  writeFileSync(roster, "user,full_name,campaign,team,extension\n7001,Agent One,SUPPORT,A,2001\n7002,Agent Two,SUPPORT,A,2002\n");
  server = await startServer({
    databaseUrl: await createTestDatabase(),
    env: { PBX_URL: sim.url(), PBX_USERNAME: "admin", PBX_PASSWORD: "secret-pw", CAMPAIGN_QUEUES: "SUPPORT=700", QUEUE_SERVICE_LEVELS: "700=20", ROSTER_CSV: roster, TIMEZONE: "Europe/Berlin" },
  });
  client = await connectClient(server.url);
  client.socket.on("pbx", (m) => links.push(m.links));
  await client.subscribe(["campaign:SUPPORT"]);
});
afterAll(() => endAll(client, server, sim));

describe("PBX link", () => {
  it("logs in over REST, subscribes, and shows the queue's calls live on the campaign topic", async () => {
    await until(() => queueStats(), (q) => q.pbx[0]?.state === "up");
    await pushEvent(server.url, { user: "7001", event: "state_ready", message: "CLOSER", counter: 1, epoch: Math.floor(Date.now() / 1000), token: server.pushToken });
    const id = sim.queueCall({ from: '"Caller" <sip:+4930111@localhost>', queue: "700" });
    const waiting = await until(() => activeCalls(), (c) => c.some((x) => x.id === id));
    expect(waiting.find((c) => c.id === id)).toMatchObject({ queue: "700", state: "waiting", answeredAt: null });
    const stats = await until(() => queueStats(), (q) => q.queues[0]?.waiting === 1);
    expect(stats.queues[0]).toMatchObject({ queue: "700", serviceLevelSec: 20, timeZone: "Europe/Berlin" });
    const delta = await new Promise<CallView>((resolve) => {
      const seen = (m: { call: CallView }) => m.call.id === id && m.call.state === "connected" && resolve(m.call);
      client.socket.on("call", seen);
      sim.ringAgent(id, "2001");
      sim.answer(id, "2001");
    });
    expect(delta).toMatchObject({ agentExtension: "2001", queue: "700" });
    const agent = await until(
      () => api<{ agents: { user: string; phoneState: string | null }[] }>("/api/agents?campaign=SUPPORT"),
      (r) => r.agents.some((a) => a.user === "7001" && a.phoneState === "connected"),
    );
    expect(agent.agents.find((a) => a.user === "7001")).toBeDefined();
    sim.hangup(id);
    const done = await until(() => queueStats(), (q) => q.queues[0]?.windows.today.answered === 1 && q.queues[0].waiting === 0);
    expect(done.queues[0]!.windows.today).toMatchObject({ offered: 1, answered: 1, abandoned: 0, answeredWithinSl: 1, serviceLevel: 1 });
    const [row] = await query(server.databaseUrl, "SELECT state, outcome, end_known FROM call WHERE call_id = $1", [id]);
    expect(row).toEqual({ state: "ended", outcome: "answered", end_known: true });
    const frames = await query<{ action: string | null; n: number }>(server.databaseUrl, "SELECT action, count(*)::int AS n FROM pbx_frame GROUP BY action");
    expect(frames.map((f) => f.action)).toEqual(expect.arrayContaining(["domain-state", "call-state"]));
  });

  it("flags a READY agent whose phone is on DND", async () => {
    await pushEvent(server.url, { user: "7002", event: "state_ready", message: "READY", counter: 1, epoch: Math.floor(Date.now() / 1000), token: server.pushToken });
    sim.setAccount("2002", { dnd: true });
    const flagged = await client.nextDelta((m) => m.agent.user === "7002" && m.agent.phoneMismatch !== null);
    expect(flagged.agent).toMatchObject({ dnd: true, phoneMismatch: "ready but phone on DND" });
    sim.setAccount("2002", { dnd: false });
    await client.nextDelta((m) => m.agent.user === "7002" && m.agent.phoneMismatch === null && m.agent.dnd === false);
  });

  it("survives malformed and signalling frames", async () => {
    sim.sendRaw("{this is not json");
    sim.sendRaw('{"candidate":{"x":1}}');
    sim.sendRaw(JSON.stringify({ action: "call-state", calls: [{ nonsense: true }] }));
    const { pbx } = await until(() => queueStats(), (q) => (q.pbx[0] as { malformedFrames?: number }).malformedFrames! >= 1);
    expect(pbx[0]!.state).toBe("up");
  });

  it("reports the link down within 5 s of a PBX crash, reconnects, and ends calls that ended meanwhile as unknown-time", async () => {
    const survivor = sim.queueCall({ from: "+4930222", queue: "700" });
    const lost = sim.queueCall({ from: "+4930333", queue: "700" });
    await until(() => activeCalls(), (c) => c.length === 2);
    const killedAt = Date.now();
    await sim.stop();
    await until(async () => links.at(-1)?.[0]?.state, (s) => s === "down", 5000);
    expect(Date.now() - killedAt).toBeLessThan(5000);
    // While we are blind, one caller gives up.
    sim.hangup(lost);
    await sim.start();
    await until(async () => links.at(-1)?.[0]?.state, (s) => s === "up", 15_000);
    const calls = await until(() => activeCalls(), (c) => c.length === 1);
    expect(calls[0]!.id).toBe(survivor);
    const [row] = await query(server.databaseUrl, "SELECT state, outcome, ended_at, end_known FROM call WHERE call_id = $1", [lost]);
    expect(row).toEqual({ state: "ended", outcome: "unknown", ended_at: null, end_known: false });
    sim.hangup(survivor);
    await until(() => activeCalls(), (c) => c.length === 0);
  });

  it("statistics survive a server restart (computed from stored calls)", async () => {
    // One answered, one abandoned after the reconnect; the one lost while blind is not offered.
    const before = (await until(() => queueStats(), (q) => q.queues[0]!.windows.today.offered === 2)).queues[0]!.windows.today;
    expect(before).toMatchObject({ answered: 1, abandoned: 1, abandonRate: 0.5 });
    client.close();
    await server.stop();
    server = await startServer({ databaseUrl: server.databaseUrl, port: server.port, env: { PBX_URL: sim.url(), PBX_USERNAME: "admin", PBX_PASSWORD: "secret-pw", CAMPAIGN_QUEUES: "SUPPORT=700", TIMEZONE: "Europe/Berlin" } });
    const after = (await queueStats()).queues[0]!.windows.today;
    expect(after).toEqual(before);
  });
});
