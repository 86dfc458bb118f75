/**
 * XiVO XuC and VoIPBin as sources of the real wallboard (issue 15): the server (cluster, real
 * PostgreSQL) connects to both simulators over real sockets — sign-in, token, heartbeat or
 * pings, subscriptions, VoIPBin's doubled and wrapped frames, noise — and what they report
 * reaches /api/agents, /api/queues, Socket.IO topics and the admin's link list. A dropped link
 * reconnects and resyncs changes made while it was down; a roster row linking one person's
 * VICIdial user and XuC agent gives one agent on the board.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AgentView } from "../../lib/agents/view";
import type { CallView, PbxLinkStatus, QueueStats } from "../../lib/realtime/contract";
import { CallCentreWorld } from "../../sim/world/call-centre-world";
import { XucSimulator } from "../../sim/xuc/simulator";
import { VoipbinSimulator } from "../../sim/voipbin/simulator";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { until as poll } from "../support/until";
import { connectClient, type RecordingClient } from "../support/socket";
import { endAll } from "../support/teardown";

/** The shared poller with a 10 s bound: a server under the full suite's load is slow to start links. */
const until = <T,>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => poll(read, ok, 10_000);

let server: TestServer;
let xucWorld: CallCentreWorld;
let vbWorld: CallCentreWorld;
let xuc: XucSimulator;
let voipbin: VoipbinSimulator;
let client: RecordingClient;

const api = async <T>(p: string): Promise<T> => JSON.parse((await httpRequest(`${server.url}${p}`)).body) as T;
const agents = async () => (await api<{ agents: AgentView[] }>("/api/agents")).agents;
const queues = async () => (await api<{ queues: QueueStats[]; pbx: PbxLinkStatus[] }>("/api/queues"));
const calls = async () => (await api<{ calls: CallView[] }>("/api/calls")).calls;
const byName = (list: AgentView[], name: string) => list.find((a) => a.name === name);

beforeAll(async () => {
  xucWorld = new CallCentreWorld({
    queues: [
      { id: "sales", name: "sales", displayName: "Sales", number: "3000" },
      { id: "support", name: "support", displayName: "Support", number: "3001" },
    ],
    agents: [
      { id: "a1", login: "2001", firstName: "Ann", lastName: "Lee", phone: "1001", queues: ["sales", "support"] },
      { id: "a2", login: "2002", firstName: "Bob", lastName: "Roy", phone: "1002", queues: ["sales"] },
      { id: "a3", login: "2003", firstName: "Cy", lastName: "Oh", phone: "1003", queues: ["support"] },
    ],
  });
  vbWorld = new CallCentreWorld({
    queues: [{ id: "billing", name: "billing", displayName: "Billing", number: "4000" }],
    agents: [
      { id: "b1", login: "dana", firstName: "Dana", lastName: "Vo", phone: "5001", queues: ["billing"] },
      { id: "b2", login: "eli", firstName: "Eli", lastName: "Ng", phone: "5002", queues: ["billing"] },
    ],
  });
  xucWorld.login("a1");
  xucWorld.login("a2");
  xucWorld.pause("a2", "lunch");
  vbWorld.login("b1");
  xuc = new XucSimulator({ world: xucWorld, login: "supervisor", password: "xuc-pw", noise: true });
  voipbin = new VoipbinSimulator({ world: vbWorld, username: "supervisor", password: "vb-pw", noise: true, shape: "mixed", double: true });
  await xuc.start();
  await voipbin.start();
  // Ann (XuC agent a1) is also VICIdial user 7001: one person, one tile.
  const roster = path.join(tmpdir(), `platform-roster-${process.pid}.csv`);
  writeFileSync(roster, `user,full_name,campaign,team,extension,xuc_agent_id\n7001,Ann Lee,SALES,A,1001,${xuc.agentId("a1")}\n`);
  server = await startServer({
    databaseUrl: await createTestDatabase(),
    env: {
      ROSTER_CSV: roster,
      XUC_URL: xuc.url,
      XUC_LOGIN: "supervisor",
      XUC_PASSWORD: "xuc-pw",
      XUC_HEARTBEAT_MS: "500",
      VOIPBIN_URL: voipbin.url,
      VOIPBIN_CUSTOMER_ID: voipbin.customerId,
      VOIPBIN_USERNAME: "supervisor",
      VOIPBIN_PASSWORD: "vb-pw",
    },
  });
  client = await connectClient(server.url, server.cookie);
}, 120_000);

afterAll(() => endAll(client, server, xuc, voipbin));

describe("platform links as sources", () => {
  it("shows every platform agent with its name, state and pause reason", async () => {
    const list = await until(agents, (l) => !!byName(l, "Bob Roy") && !!byName(l, "Dana Vo") && !!byName(l, "Cy Oh"));
    const bob = byName(list, "Bob Roy")!;
    expect(bob.user).toBe(`xuc:${xuc.agentId("a2")}`);
    expect(bob.state).toBe("PAUSED");
    expect(bob.pauseCode).toBe("lunch");
    expect(bob.pauseCodeSource).toBe("platform");
    expect(bob.campaign).toBe("xuc");
    expect(bob.extension).toBe("1002");
    expect(byName(list, "Cy Oh")!.state).toBe("LOGGED_OUT");
    const dana = byName(list, "Dana Vo")!;
    expect(dana.user).toBe(`voipbin:${voipbin.agentUuid("b1")}`);
    expect(dana.state).toBe("READY");
    expect(dana.campaign).toBe("voipbin");
    // Time in state starts when the platform says the state began, not at our receive time.
    expect(Math.abs(bob.stateSince - xucWorld.agent("a2").since)).toBeLessThan(1500);
  });

  it("links one person across VICIdial and XuC into one agent", async () => {
    const list = await until(agents, (l) => l.some((a) => a.user === "7001" && a.state === "READY"));
    expect(list.filter((a) => a.name === "Ann Lee")).toHaveLength(1);
    expect(list.some((a) => a.user === `xuc:${xuc.agentId("a1")}`)).toBe(false);
    const epoch = Math.floor(Date.now() / 1000);
    const res = await pushEvent(server.url, { user: "7001", event: "state_paused", message: "PAUSED", epoch, agent_log_id: "900", counter: 1, token: server.pushToken });
    expect(res.status).toBe(200);
    const paused = await until(agents, (l) => l.find((a) => a.user === "7001")?.state === "PAUSED");
    expect(paused.find((a) => a.user === "7001")!.campaign).toBe("SALES");
    // XuC says READY and VICIdial PAUSED: both are remembered; the tile says so after the grace period (unit-tested).
  });

  it("publishes state changes to the campaign topic of the platform", async () => {
    const ack = await client.subscribe(["campaign:xuc"]);
    expect(ack.ok).toBe(true);
    xucWorld.ready("a2");
    const msg = await client.nextDelta((m) => m.agent.name === "Bob Roy" && m.agent.state === "READY", 10_000);
    expect(msg.topic).toBe("campaign:xuc");
  });

  it("shows XuC's own queue figures and waiting calls, and VoIPBin's queue calls by our formulas", async () => {
    const callId = xucWorld.callArrives("sales", "+33123456789", "Caller One");
    const salesKey = `xuc:${xuc.queueId("sales")}`;
    const sales = await until(queues, (q) => (q.queues.find((s) => s.queue === salesKey)?.platformFigures?.counters["WaitingCalls"] ?? 0) >= 1);
    const s = sales.queues.find((x) => x.queue === salesKey)!;
    expect(s.name).toBe("Sales");
    expect(s.waiting).toBe(1);
    expect(s.platformFigures!.platform).toBe("xuc");
    expect(s.platformFigures!.definitions["WaitingCalls"]!.label).toBe("Calls waiting");
    const listed = await until(queues, (q) => (q.queues.find((x) => x.queue === salesKey)?.platformFigures?.waitingCalls?.length ?? 0) === 1);
    expect(listed.queues.find((x) => x.queue === salesKey)!.platformFigures!.waitingCalls![0]!.callerNumber).toBe("+33123456789");
    xucWorld.offer(callId, "a1");
    xucWorld.answer(callId);
    await until(queues, (q) => q.queues.find((x) => x.queue === salesKey)?.waiting === 0);

    const vbCall = vbWorld.callArrives("billing", "+4930123", null);
    const billingKey = `voipbin:${voipbin.queueUuid("billing")}`;
    await until(queues, (q) => q.queues.find((x) => x.queue === billingKey)?.waiting === 1);
    await until(calls, (l) => l.some((c) => c.pbx === "voipbin" && c.queue === billingKey && c.state === "waiting"));
    vbWorld.offer(vbCall, "b1");
    vbWorld.answer(vbCall);
    const answered = await until(calls, (l) => l.some((c) => c.pbx === "voipbin" && c.state === "connected"));
    expect(answered.find((c) => c.pbx === "voipbin")!.agentExtension).toBe("5001");
    expect((await until(agents, (l) => byName(l, "Dana Vo")?.state === "INCALL")).length).toBeGreaterThan(0);
    vbWorld.hangup(vbCall);
    const billing = await until(queues, (q) => (q.queues.find((x) => x.queue === billingKey)?.windows.today.answered ?? 0) === 1);
    expect(billing.queues.find((x) => x.queue === billingKey)!.platformFigures ?? null).toBeNull();
  });

  it("lists both links as up, and resyncs after a drop with changes made while down", async () => {
    const links = await until(queues, (q) => q.pbx.filter((l) => l.state === "up").length === 2);
    expect(links.pbx.map((l) => [l.name, l.kind]).sort()).toEqual([
      ["voipbin", "voipbin"],
      ["xuc", "xuc"],
    ]);
    const before = links.pbx.find((l) => l.name === "xuc")!.reconnects;
    xuc.dropLinks();
    xucWorld.login("a3");
    xucWorld.pause("a3", "training");
    const after = await until(queues, (q) => {
      const l = q.pbx.find((x) => x.name === "xuc");
      return !!l && l.state === "up" && l.reconnects > before;
    });
    expect(after.pbx.find((l) => l.name === "xuc")!.reconnects).toBe(before + 1);
    const cy = await until(agents, (l) => byName(l, "Cy Oh")?.state === "PAUSED");
    expect(byName(cy, "Cy Oh")!.pauseCode).toBe("training");
  });
});
