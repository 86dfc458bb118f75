/**
 * VICIdial's database as a source of the real wallboard (issue 13): the server (cluster, real
 * PostgreSQL) polls a real MariaDB holding VICIdial's tables, changed by the simulator as
 * VICIdial's dialer, AGI scripts and agent screens would; a real Socket.IO client and the HTTP
 * API read what the wall gets. Shown here:
 * - the dialer strip and the in-group queues follow the database within 2 s (measured from
 *   the write to the `dialer` message), and /api/dialer returns the same objects;
 * - an agent pushed without a campaign lands in its VICIdial campaign;
 * - a lost push is corrected from vicidial_live_agents (after the grace period, not before),
 *   the board says so, and the next push is primary again;
 * - a table lock (a slow query) never blocks ingest: pushes answer at once while the source
 *   is down with a timeout, and it recovers when the lock goes;
 * - a database outage shows on the banner (link down) with an alert, and recovers;
 * - samples per minute reach dialer_sample.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "mysql2/promise";
import type { AgentView } from "../../lib/agents/view";
import type { AlertView, DialerSlice, PbxLinkStatus } from "../../lib/realtime/contract";
import type { DialerMessage, PbxMessage } from "../../lib/realtime/contract";
import { VicidialDbDialer } from "../../sim/vicidial-db/dialer";
import { endMariaDb, startMariaDb, type MariaDbServer } from "../support/mariadb";
import { createTestDatabase, query } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { until } from "../support/until";
import { connectClient, type RecordingClient } from "../support/socket";

let maria: MariaDbServer;
let admin: Connection;
let dialer: VicidialDbDialer;
let server: TestServer;
let client: RecordingClient;
const dialerMessages: { at: number; msg: DialerMessage }[] = [];
const pbxMessages: PbxMessage[] = [];

const api = async <T>(p: string): Promise<T> => JSON.parse((await httpRequest(`${server.url}${p}`)).body) as T;
const agent = async (user: string) => (await api<{ agents: AgentView[] }>("/api/agents")).agents.find((a) => a.user === user);

/** Resolves with the ms from `since` to the first `dialer` message on `topic` whose slice passes `ok`. */
async function dialerWithin(topic: string, since: number, ok: (d: DialerSlice) => boolean, timeoutMs: number): Promise<{ ms: number; dialer: DialerSlice }> {
  const m = await until(() => dialerMessages.find((x) => x.at >= since && x.msg.topic === topic && ok(x.msg.dialer)), (x) => x !== undefined, timeoutMs, `dialer message on ${topic}`);
  return { ms: m!.at - since, dialer: m!.msg.dialer };
}

let counter = 0;
const epoch = () => Math.floor(Date.now() / 1000);
function push(user: string, event: string, fields: Record<string, string | number> = {}) {
  return pushEvent(server.url, { user, event, epoch: epoch(), counter: counter++, agent_log_id: 500, token: server.pushToken, ...fields });
}

beforeAll(async () => {
  maria = await startMariaDb();
  admin = await maria.admin();
  dialer = new VicidialDbDialer(admin, { agentLogIds: "external", seed: 13 });
  await dialer.install({
    campaigns: [
      { id: "SALES", name: "Sales outbound", dialMethod: "RATIO", dialLevel: "2.5", hopperLevel: 20, dialableLeads: 900, inGroups: ["SALES_IN"] },
      { id: "SUPPORT", name: "Support", dialMethod: "INBOUND_MAN", dialLevel: "0", hopperLevel: 0, dialableLeads: 0, inGroups: ["SUPPORT_IN"] },
    ],
    inGroups: [
      { id: "SALES_IN", name: "Sales line", color: "#99FFCC", queuePriority: 5 },
      { id: "SUPPORT_IN", name: "Support line", queuePriority: 0 },
    ],
    users: [
      { user: "1001", fullName: "Olivia Johnson" },
      { user: "1002", fullName: "Liam Smith" },
    ],
  });
  await dialer.refillHopper("SALES");
  server = await startServer({
    databaseUrl: await createTestDatabase(),
    env: { VICIDIAL_DB_URL: maria.readOnlyUrl, VICIDIAL_DB_STATEMENT_TIMEOUT_MS: "1000", VICIDIAL_DB_BACKOFF_MAX_MS: "2000" },
  });
  client = await connectClient(server.url);
  client.socket.on("dialer", (msg) => dialerMessages.push({ at: Date.now(), msg }));
  // A snapshot carries the topic's dialer slice too (what a wall starts from).
  client.socket.on("snapshot", (msg) => dialerMessages.push({ at: Date.now(), msg: { topic: msg.topic, dialer: msg.dialer!, serverTime: msg.serverTime } }));
  client.socket.on("pbx", (msg) => pbxMessages.push(msg));
  const ack = await client.subscribe(["campaign:SALES", "campaign:*"]);
  expect(ack.ok).toBe(true);
}, 120_000);

afterAll(async () => {
  client?.close();
  await server?.stop();
  await endMariaDb(admin, maria);
});

describe("the dialer strip and in-group queues", () => {
  it("follow the database within 2 s, on the campaign's topic and in /api/dialer", async () => {
    // The first poll: the campaigns and in-groups as installed.
    await dialerWithin("campaign:SALES", 0, (d) => d.campaigns.some((c) => c.campaign === "SALES" && c.hopper.leads > 0), 10_000);

    const t0 = Date.now();
    const placed = [await dialer.placeCall("SALES", t0), await dialer.placeCall("SALES", t0), await dialer.placeCall("SALES", t0)];
    expect(placed.every((p) => p !== null)).toBe(true);
    const strip = await dialerWithin("campaign:SALES", t0, (d) => d.campaigns[0]?.calls.placed === 3 && d.campaigns[0]?.calls.ringing === 3, 2000);
    expect(strip.ms).toBeLessThan(2000);
    expect(strip.dialer.campaigns.map((c) => c.campaign)).toEqual(["SALES"]);
    expect(strip.dialer.campaigns[0]).toMatchObject({ dialLevel: 2.5, dialMethod: "RATIO", inGroups: ["SALES_IN"] });

    const t1 = Date.now();
    const callerId = await dialer.inboundCall("SALES_IN", t1 - 40_000, { phone: "5125552024", priority: 7 });
    const queue = await dialerWithin("campaign:SALES", t1, (d) => d.inGroups.find((g) => g.inGroup === "SALES_IN")?.waiting === 1, 2000);
    expect(queue.ms).toBeLessThan(2000);
    const g = queue.dialer.inGroups.find((x) => x.inGroup === "SALES_IN")!;
    expect(g).toMatchObject({ name: "Sales line", campaigns: ["SALES"], topWaitingPriority: 7 });
    // The wait is the database's (40 s ago), on the server clock.
    expect(Math.round((Date.now() - g.oldestWaitingSince!) / 1000)).toBeGreaterThanOrEqual(39);
    const w = queue.dialer.waitingCalls.find((x) => x.callerId === callerId)!;
    expect(w).toMatchObject({ group: "SALES_IN", direction: "inbound", phoneNumber: "5125552024", priority: 7 });
    // The SUPPORT campaign's topic does not carry SALES' in-group; campaign:* carries everything.
    const all = await dialerWithin("campaign:*", t1, (d) => d.inGroups.some((x) => x.inGroup === "SALES_IN" && x.waiting === 1), 2000);
    expect(all.dialer.campaigns.map((c) => c.campaign)).toEqual(["SALES", "SUPPORT"]);

    // Today's counters and drop % as AST_VDadapt.pl writes them once a minute.
    dialer.setCounters("SALES", { calls: 400, answers: 80, drops: 3 });
    await dialer.writeStats();
    const t2 = Date.now();
    const stats = await dialerWithin("campaign:SALES", t2, (d) => d.campaigns[0]?.today.answers === 80, 2000);
    expect(stats.ms).toBeLessThan(2000);
    expect(stats.dialer.campaigns[0]!.today).toEqual({ calls: 400, answers: 80, drops: 3, dropRates: { vicidial: 3.75, vicidialText: "3.75", ofAnswers: 3.75, ofCalls: 0.75 } });

    // The API returns the same objects as the socket.
    const viaApi = await api<{ dialer: DialerSlice; source: PbxLinkStatus }>("/api/dialer?campaign=SALES");
    expect(viaApi.dialer.campaigns).toEqual(stats.dialer.campaigns);
    expect(viaApi.source).toMatchObject({ name: "vicidial-db", kind: "vicidial-db", state: "up" });
    expect((await httpRequest(`${server.url}/api/dialer?campaign=${encodeURIComponent("bad id")}`)).status).toBe(400);

    // The drop rate (3.75 % > 3 %) raises its alert on the campaign's wall.
    await until(() => api<{ alerts: AlertView[] }>("/api/alerts"), (r) => r.alerts.some((a) => a.id === "drop_rate:campaign:SALES"), 15_000, "drop_rate alert");
  });
});

describe("campaign and corrections from vicidial_live_agents", () => {
  it("puts an agent pushed without a campaign into its VICIdial campaign", async () => {
    await dialer.login("1001", "SALES", Date.now(), { agentLogId: 501 });
    expect((await push("1001", "logged_in", { agent_log_id: 501 })).status).toBe(200);
    const a = await until(() => agent("1001"), (x) => x?.campaign === "SALES", 4000, "1001 in SALES");
    expect(a!.state).toBe("PAUSED");
    const rows = await query<{ event: string; campaign: string }>(server.databaseUrl, "SELECT event, campaign FROM agent_event WHERE agent_user = '1001' AND source = 'vicidial-db' AND event <> 'db_pause_code'");
    expect(rows).toEqual([{ event: "db_campaign", campaign: "SALES" }]);
  });

  it("corrects a lost push after the grace period (not before), says so, and the next push is primary again", async () => {
    await dialer.login("1002", "SALES", Date.now(), { agentLogId: 502 });
    await push("1002", "logged_in", { campaign: "SALES", agent_log_id: 502 });
    await dialer.ready("1002", Date.now());
    await push("1002", "state_ready", { campaign: "SALES", agent_log_id: 502 });
    await until(() => agent("1002"), (x) => x?.state === "READY", 4000, "1002 READY");

    // The agent pauses with a pause code; the state_paused push is lost.
    const lost = Date.now();
    await dialer.pause("1002", lost);
    await dialer.pauseCode("1002", "LUNCH", lost);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await agent("1002"))!.state).toBe("READY"); // a push may still be in flight
    const a = await until(() => agent("1002"), (x) => x?.state === "PAUSED", 8000, "1002 corrected to PAUSED");
    expect(Date.now() - lost).toBeGreaterThanOrEqual(5000);
    expect(a).toMatchObject({ pauseCode: "LUNCH", pauseCodeSource: "database", correction: { from: "READY", to: "PAUSED" } });
    const delta = await client.nextDelta((m) => m.agent.user === "1002" && m.agent.state === "PAUSED" && !!m.agent.correction);
    expect(delta.agent.correction).toMatchObject({ from: "READY", to: "PAUSED" });

    // The next push moves the agent and the correction is history.
    await dialer.ready("1002", Date.now());
    await push("1002", "state_ready", { campaign: "SALES", agent_log_id: 502 });
    const back = await until(() => agent("1002"), (x) => x?.state === "READY", 4000, "1002 READY again");
    expect(back!.correction).toBeNull();
    const stored = await query<{ event: string; message: string }>(server.databaseUrl, "SELECT event, message FROM agent_event WHERE agent_user = '1002' AND source = 'vicidial-db' ORDER BY id");
    expect(stored).toEqual([{ event: "db_state", message: "PAUSED LUNCH" }]);
  });
});

describe("a slow query never blocks ingest", () => {
  it("pushes answer at once while a table lock times the source out; it recovers after", async () => {
    const locker = await maria.admin();
    try {
      await locker.query("LOCK TABLES vicidial_live_agents WRITE");
      const pushes: number[] = [];
      const lockedAt = Date.now();
      // Pushes during the lock (3 s, three statement budgets): each answered within 1 s.
      while (Date.now() - lockedAt < 3000) {
        const t = Date.now();
        const res = await push("1009", "state_paused", { campaign: "SALES" });
        expect(res.status).toBe(200);
        pushes.push(Date.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(Math.max(...pushes)).toBeLessThan(1000);
      expect(pushes.length).toBeGreaterThan(10);
      const down = await until(() => api<{ source: PbxLinkStatus }>("/api/dialer"), (r) => r.source?.state === "down", 5000, "source down on the lock");
      expect(down.source.lastError).toMatch(/^timeout/);
      await until(() => agent("1009"), (x) => x?.state === "PAUSED", 2000, "pushed agent on the board during the lock");
    } finally {
      await locker.query("UNLOCK TABLES");
      await locker.end();
    }
    await until(() => api<{ source: PbxLinkStatus }>("/api/dialer"), (r) => r.source?.state === "up", 6000, "source up after the lock");
  });
});

describe("a database outage", () => {
  it("shows on the banner with an alert on every wall, and recovers", async () => {
    const before = pbxMessages.length;
    await maria.stop();
    const downMsg = await until(
      () => pbxMessages.slice(before).find((m) => m.links.some((l) => l.kind === "vicidial-db" && l.state === "down")),
      (m) => m !== undefined,
      8000,
      "pbx message with the database link down",
    );
    expect(downMsg!.links.find((l) => l.kind === "vicidial-db")!.lastError).toMatch(/connect|lost/);
    await until(() => api<{ alerts: AlertView[] }>("/api/alerts"), (r) => r.alerts.some((a) => a.id === "pbx_down:pbx:vicidial-db" && a.campaigns.length === 0 && /VICIdial database/.test(a.message)), 15_000, "database-down alert");

    await maria.start();
    const t = Date.now();
    await until(() => api<{ source: PbxLinkStatus }>("/api/dialer"), (r) => r.source?.state === "up", 10_000, "source up after restart");
    await until(() => api<{ alerts: AlertView[] }>("/api/alerts"), (r) => !r.alerts.some((a) => a.id === "pbx_down:pbx:vicidial-db"), 5000, "alert cleared");
    // MEMORY tables are empty after a restart (as on a real VICIdial): the strip says so.
    await dialerWithin("campaign:SALES", t - 1000, (d) => d.campaigns[0]?.hopper.leads === 0 && d.campaigns[0]?.calls.placed === 0, 5000);
  });
});

describe("history", () => {
  it("keeps one sample per campaign and in-group per minute", async () => {
    // The first minute boundary after the start writes the minute before it.
    const rows = await until(
      () => query<{ kind: string; group_id: string }>(server.databaseUrl, "SELECT kind, group_id FROM dialer_sample ORDER BY kind, group_id, minute"),
      (r) => r.length >= 4,
      65_000,
      "dialer samples",
    );
    expect(new Set(rows.map((r) => `${r.kind}:${r.group_id}`))).toEqual(new Set(["campaign:SALES", "campaign:SUPPORT", "in-group:SALES_IN", "in-group:SUPPORT_IN"]));
  }, 70_000);
});
