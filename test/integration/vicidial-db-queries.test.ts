/**
 * The VICIdial database source's queries against a real MariaDB loaded with VICIdial's schema
 * and driven by the dialer simulator: what the simulator writes is what a poll returns, with
 * VICIdial's formulas and the report's status rules.
 *
 * The server runs in time zone +05:30 and the poller gets a wallboard clock one hour ahead,
 * so a duration computed from the wallboard clock, or a DATETIME read as UTC, would be off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import mysql, { type Connection } from "mysql2/promise";
import { VicidialDbDialer } from "../../sim/vicidial-db/dialer";
import { VicidialDbPoller } from "../../lib/sources/vicidial-db/poller";
import type { VicidialDbSnapshot } from "../../lib/sources/vicidial-db/snapshot";
import { endMariaDb, startMariaDb, type MariaDbServer } from "../support/mariadb";
import { dbNowMs, testConfig } from "../support/vicidial-db";

const SKEW_MS = 3_600_000;

let server: MariaDbServer;
let admin: Connection;
let dialer: VicidialDbDialer;
let poller: VicidialDbPoller;

async function poll(): Promise<VicidialDbSnapshot> {
  const snap = await poller.pollOnce();
  if (!snap) throw new Error(`poll failed: ${JSON.stringify(poller.status().lastError)}`);
  return snap;
}

const campaign = (s: VicidialDbSnapshot, id: string) => {
  const c = s.campaigns.find((x) => x.campaignId === id);
  if (!c) throw new Error(`no campaign ${id}`);
  return c;
};
const inGroup = (s: VicidialDbSnapshot, id: string) => {
  const g = s.inGroups.find((x) => x.groupId === id);
  if (!g) throw new Error(`no in-group ${id}`);
  return g;
};
const agent = (s: VicidialDbSnapshot, user: string) => s.agents.find((a) => a.user === user);

beforeAll(async () => {
  server = await startMariaDb({ timeZone: "+05:30" });
  admin = await server.admin();
  dialer = new VicidialDbDialer(admin, { seed: 11 });
  await dialer.install({
    campaigns: [
      { id: "SALES", name: "Outbound sales", dialMethod: "RATIO", dialLevel: "2.5", hopperLevel: 20, dialableLeads: 1000 },
      { id: "UKSALES", name: "UK sales", dialMethod: "ADAPT_TAPERED", dialLevel: "1.792", hopperLevel: 10, dialableLeads: 500, ukOfcom: true },
      { id: "COLLECT", name: "Collections", dialMethod: "MANUAL", dialLevel: "0", hopperLevel: 5, dialableLeads: 100 },
      { id: "SUPPORT", name: "Support", dialMethod: "INBOUND_MAN", dialLevel: "0", hopperLevel: 1, dialableLeads: 0, inGroups: ["SUPPORT_IN", "VIP_IN"] },
    ],
    inGroups: [
      { id: "SUPPORT_IN", name: "Support line", color: "#99FFCC", queuePriority: 0 },
      { id: "VIP_IN", name: "VIP line", color: "red", queuePriority: 10, slOneSec: 10 },
    ],
    users: [
      { user: "1001", fullName: "Olivia Johnson" },
      { user: "1002", fullName: "Liam Garcia" },
      { user: "1003", fullName: "Emma Nguyen" },
      { user: "1004", fullName: "Noah Smith" },
      { user: "1005", fullName: "Hidden Supervisor", hideRealtime: true },
      { user: "1006", fullName: "Ava Okafor" },
      { user: "1007", fullName: "Mateo Müller" },
    ],
  });
  poller = new VicidialDbPoller(testConfig(server.readOnlyUrl), {}, { now: () => Date.now() + SKEW_MS });
});

afterAll(async () => {
  await poller?.stop();
  await endMariaDb(admin, server);
});

describe("schema and account", () => {
  it("has VICIdial's engines and column types", async () => {
    const [tables] = await admin.query(`SELECT TABLE_NAME AS t, ENGINE AS e FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'asterisk'`);
    const engines = Object.fromEntries((tables as { t: string; e: string }[]).map((r) => [r.t, r.e]));
    expect(engines).toEqual({
      vicidial_agent_log: "MyISAM",
      vicidial_auto_calls: "MEMORY",
      vicidial_campaign_stats: "MyISAM",
      vicidial_campaigns: "MyISAM",
      vicidial_hopper: "MEMORY",
      vicidial_inbound_groups: "MyISAM",
      vicidial_live_agents: "MyISAM",
      vicidial_users: "MyISAM",
    });
    const [cols] = await admin.query(
      `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS c, COLUMN_TYPE AS t, COLUMN_DEFAULT AS d FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = 'asterisk' AND COLUMN_NAME IN ('drops_today', 'drops_answers_today_pct', 'auto_dial_level', 'pause_code', 'queue_priority', 'call_time')`,
    );
    const types = Object.fromEntries((cols as { c: string; t: string; d: string | null }[]).map((r) => [r.c, `${r.t} ${r.d}`]));
    expect(types).toMatchObject({
      "vicidial_campaign_stats.drops_today": "decimal(12,3) 0.000",
      "vicidial_campaign_stats.drops_answers_today_pct": "varchar(6) '0'",
      "vicidial_campaigns.auto_dial_level": "varchar(6) '0'",
      "vicidial_live_agents.pause_code": "varchar(6) ''",
      "vicidial_auto_calls.queue_priority": "tinyint(2) 0",
      "vicidial_auto_calls.call_time": "datetime NULL",
    });
  });

  it("runs non-strict like a VICIdial server: the login's lead_id '' is stored as 0", async () => {
    const [mode] = await admin.query(`SELECT @@GLOBAL.sql_mode AS m`);
    expect((mode as { m: string }[])[0]!.m).not.toMatch(/STRICT/);
    await dialer.login("1007", "COLLECT", await dbNowMs(admin));
    const [rows] = await admin.query(`SELECT lead_id FROM vicidial_live_agents WHERE user = '1007'`);
    expect((rows as { lead_id: number }[])[0]!.lead_id).toBe(0);
    await dialer.logout("1007");
  });

  it("gives the read-only account SELECT on the listed tables and nothing else", async () => {
    const ro = await mysql.createConnection(server.readOnlyUrl);
    try {
      for (const t of ["vicidial_campaigns", "vicidial_campaign_stats", "vicidial_hopper", "vicidial_auto_calls", "vicidial_live_agents", "vicidial_agent_log", "vicidial_inbound_groups"]) {
        await expect(ro.query(`SELECT COUNT(*) FROM ${t}`)).resolves.toBeDefined();
      }
      await expect(ro.query(`SELECT user, full_name, user_hide_realtime FROM vicidial_users`)).resolves.toBeDefined();
      await expect(ro.query(`SELECT pass FROM vicidial_users`)).rejects.toThrow(/denied/);
      await expect(ro.query(`SELECT * FROM vicidial_users`)).rejects.toThrow(/denied/);
      await expect(ro.query(`UPDATE vicidial_campaigns SET auto_dial_level = '9'`)).rejects.toThrow(/denied/);
      await expect(ro.query(`INSERT INTO vicidial_hopper (lead_id, list_id) VALUES (1, 1)`)).rejects.toThrow(/denied/);
      await expect(ro.query(`LOCK TABLES vicidial_live_agents READ`)).rejects.toThrow(/denied/);
    } finally {
      await ro.end();
    }
  });
});

describe("dialer strip", () => {
  it("counts placed calls as ringing (SENT), answered ones as waiting (LIVE), and drains and refills the hopper", async () => {
    // Everything happened during the last 10 s, database clock.
    const t = (await dbNowMs(admin)) - 10_000;
    await dialer.login("1001", "SALES", t);
    await dialer.login("1002", "SALES", t);
    await dialer.ready("1001", t + 1000);
    await dialer.ready("1002", t + 1000);
    expect(await dialer.pace(t + 2000)).toBe(5); // ceil(2.5 × 2 waiting agents)

    let s = await poll();
    let c = campaign(s, "SALES");
    expect(c.dialMethod).toBe("RATIO");
    expect(c.dialLevel).toBe(2.5);
    expect(c.dialLevelText).toBe("2.5");
    expect(c.calls).toMatchObject({ placed: 5, ringing: 5, waiting: 0, withAgents: 0 });
    expect(c.hopper).toMatchObject({ minLevel: 20, leads: 15, readyLeads: 15 });
    expect(c.agents).toMatchObject({ loggedIn: 2, waiting: 2, inCall: 0, paused: 0 });
    expect(campaign(s, "UKSALES").dialLevel).toBeCloseTo(1.792, 6);
    expect(campaign(s, "COLLECT").dialLevel).toBe(0);

    const [first] = dialer.pendingCalls("SALES", "SENT");
    await dialer.answerCall(first!, t + 3000);
    s = await poll();
    c = campaign(s, "SALES");
    expect(c.calls).toMatchObject({ placed: 5, ringing: 4, waiting: 1 });
    expect(c.calls.longestWaitSec).toBeGreaterThanOrEqual(7);
    expect(c.calls.longestWaitSec).toBeLessThanOrEqual(9);
    expect(s.waitingCalls.map((w) => w.callerId)).toContain(first);

    await dialer.connect(first!, "1001", t + 4000);
    s = await poll();
    c = campaign(s, "SALES");
    expect(c.calls).toMatchObject({ placed: 4, ringing: 4, waiting: 0, withAgents: 1 });
    expect(c.agents).toMatchObject({ loggedIn: 2, waiting: 1, inCall: 1 });
    expect(agent(s, "1001")).toMatchObject({ status: "INCALL", callerId: first, callType: "AUTO", campaignId: "SALES" });

    await dialer.writeStats();
    await dialer.refillHopper("SALES");
    s = await poll();
    c = campaign(s, "SALES");
    expect(c.today).toMatchObject({ calls: 5, answers: 1, drops: 0 });
    expect(c.hopper.leads).toBe(20);
    expect(c.dialableLeads).toBe(995);

    for (const id of dialer.pendingCalls("SALES", "SENT")) await dialer.noAnswer(id);
    await dialer.customerHangup(first!);
    await dialer.agentHangup("1001", t + 5000);
    await dialer.dispo("1001", "SALE", t + 6000);
    await dialer.logout("1001");
    await dialer.logout("1002");
  });

  it("reports drop % as VICIdial stores it ('0' without drops) and as drops ÷ answers and drops ÷ calls", async () => {
    dialer.setCounters("SALES", { calls: 200, answers: 80, drops: 0 });
    await dialer.writeStats();
    let r = campaign(await poll(), "SALES").today.dropRates;
    expect(r).toEqual({ vicidialText: "0", vicidialPct: 0, ofAnswersPct: 0, ofCallsPct: 0 });

    dialer.setCounters("SALES", { calls: 200, answers: 80, drops: 3 });
    await dialer.writeStats();
    r = campaign(await poll(), "SALES").today.dropRates;
    expect(r).toEqual({ vicidialText: "3.75", vicidialPct: 3.75, ofAnswersPct: 3.75, ofCallsPct: 1.5 });
  });

  it("reads the decimal drops_today of the UK Ofcom formula", async () => {
    // 5 drops, 7 of 47 agent-answered calls were answering machines: 5 − 5 × 7/47 = 4.255 drops,
    // and the percentage is drops ÷ (agent-handled + drops) = 4.255 / 44.255.
    dialer.setCounters("UKSALES", { calls: 100, answers: 40, agentHandled: 40, answeringMachines: 7, drops: 5 });
    await dialer.writeStats();
    const c = campaign(await poll(), "UKSALES");
    expect(c.ukOfcomDropCalc).toBe(true);
    expect(c.today.drops).toBe(4.255);
    expect(c.today.dropRates.vicidialText).toBe("9.61");
    expect(c.today.dropRates.ofAnswersPct).toBeCloseTo(10.64, 2); // 4.255 / 40
    expect(c.today.dropRates.ofCallsPct).toBeCloseTo(4.26, 2); // 4.255 / 100
  });

  it("keeps VICIdial's quirks with drops and no answers: answers_today reads 1 and the text is cut to 6 characters", async () => {
    dialer.setCounters("SALES", { calls: 10, answers: 0, drops: 3 });
    await dialer.writeStats();
    let c = campaign(await poll(), "SALES");
    expect(c.today.answers).toBe(1);
    expect(c.today.dropRates).toMatchObject({ vicidialText: "300.00", vicidialPct: 300, ofAnswersPct: 300, ofCallsPct: 30 });

    dialer.setCounters("SALES", { calls: 20, answers: 0, drops: 12 });
    await dialer.writeStats();
    c = campaign(await poll(), "SALES");
    expect(c.today.dropRates.vicidialText).toBe("1200.0");
    expect(c.today.dropRates.vicidialPct).toBe(1200);
    dialer.setCounters("SALES", { calls: 0, answers: 0, drops: 0 });
    await dialer.writeStats();
  });
});

describe("in-group queues", () => {
  it("measures waits on the database clock, in its time zone, whatever the wallboard clock says", async () => {
    const t = await dbNowMs(admin);
    const a = await dialer.inboundCall("SUPPORT_IN", t - 42_000, { phone: "3125550101" });
    const b = await dialer.inboundCall("SUPPORT_IN", t - 10_000, { phone: "4155550102" });
    const v = await dialer.inboundCall("VIP_IN", t - 5_000, { phone: "2125550103" });

    const s = await poll();
    const support = inGroup(s, "SUPPORT_IN");
    expect(support).toMatchObject({ name: "Support line", color: "#99FFCC", configured: true, waiting: 2, priority: 0, topWaitingPriority: 0 });
    expect(support.longestWaitSec).toBeGreaterThanOrEqual(42);
    expect(support.longestWaitSec).toBeLessThanOrEqual(44);
    expect(Math.abs(support.oldestWaitingAtMs! - Math.floor((t - 42_000) / 1000) * 1000)).toBeLessThan(1);
    expect(inGroup(s, "VIP_IN")).toMatchObject({ waiting: 1, priority: 10, topWaitingPriority: 10 });
    // The wallboard clock is an hour ahead of the database's.
    expect(s.dbClockOffsetMs).toBeGreaterThan(-SKEW_MS - 2000);
    expect(s.dbClockOffsetMs).toBeLessThan(-SKEW_MS + 2000);

    // The report's order: priority first, then in-group, then oldest.
    expect(s.waitingCalls.map((w) => [w.callerId, w.groupId, w.phoneNumber, w.priority, w.direction])).toEqual([
      [v, "VIP_IN", "2125550103", 10, "inbound"],
      [a, "SUPPORT_IN", "3125550101", 0, "inbound"],
      [b, "SUPPORT_IN", "4155550102", 0, "inbound"],
    ]);
    const waits = s.waitingCalls.map((w) => w.waitSec!);
    expect(waits[0]).toBeGreaterThanOrEqual(5);
    expect(waits[0]).toBeLessThanOrEqual(7);
    expect(waits[1]).toBeGreaterThanOrEqual(42);
    expect(waits[1]).toBeLessThanOrEqual(44);

    // A call taken by an agent leaves the queue; a caller hanging up is an in-group drop.
    await dialer.login("1003", "SUPPORT", t);
    await dialer.ready("1003", t, true);
    expect(agent(await poll(), "1003")?.status).toBe("CLOSER");
    await dialer.connect(a, "1003", t);
    await dialer.drop(b, t);
    await dialer.writeStats();
    const s2 = await poll();
    expect(inGroup(s2, "SUPPORT_IN")).toMatchObject({ waiting: 0, withAgents: 1 });
    expect(inGroup(s2, "SUPPORT_IN").today).toMatchObject({ calls: 2, answers: 1, drops: 1 });
    // 42 s in queue is beyond the 20 s and 30 s thresholds.
    expect(inGroup(s2, "SUPPORT_IN").today).toMatchObject({ slOnePct: 0, slTwoPct: 0, avgHoldAnsweredSec: 42 });
    expect(agent(s2, "1003")).toMatchObject({ status: "INCALL", callType: "INBOUND", inGroupIds: ["SUPPORT_IN", "VIP_IN"] });

    await dialer.connect(v, "1003", t); // already on a call: no-op
    await dialer.drop(v, t);
    await dialer.writeStats();
    // Drops and no answers: an in-group's drop % is 0 in VICIdial (a campaign's would be drops × 100).
    expect(inGroup(await poll(), "VIP_IN").today.dropRates).toMatchObject({ vicidialText: "0.00", vicidialPct: 0, ofAnswersPct: null, ofCallsPct: 100 });
    await dialer.customerHangup(a);
    await dialer.agentHangup("1003", t);
    await dialer.logout("1003");
  });
});

describe("live agents", () => {
  it("shows the report's statuses, pause codes with their source, campaign and full name", async () => {
    const t = await dbNowMs(admin);
    await dialer.login("1004", "SALES", t - 30_000);
    let s = await poll();
    // Logged in 30 s ago, and its screen has not touched the row since.
    expect(agent(s, "1004")!.screenStale).toBe(true);
    await dialer.heartbeat(t);
    s = await poll();
    expect(agent(s, "1004")).toMatchObject({
      status: "PAUSED",
      pauseCode: "LOGIN",
      pauseCodeSource: "agent_log.sub_status",
      campaignId: "SALES",
      fullName: "Noah Smith",
      leadId: null,
      screenStale: false,
    });
    expect(agent(s, "1004")!.stateSec).toBeGreaterThanOrEqual(30);
    expect(agent(s, "1004")!.stateSec).toBeLessThanOrEqual(32);

    await dialer.ready("1004", t);
    s = await poll();
    expect(agent(s, "1004")).toMatchObject({ status: "READY", pauseCode: null, pauseCodeSource: null });

    await dialer.pace(t);
    const call = dialer.pendingCalls("SALES", "SENT")[0]!;
    await dialer.answerCall(call, t);
    await dialer.connect(call, "1004", t);
    s = await poll();
    const onCall = agent(s, "1004")!;
    expect(onCall).toMatchObject({ status: "INCALL", callerId: call });
    expect(onCall.leadId).toBeGreaterThan(0);

    await dialer.customerHangup(call);
    expect(agent(await poll(), "1004")!.status).toBe("DEAD");
    await dialer.agentHangup("1004", t + 1000);
    expect(agent(await poll(), "1004")).toMatchObject({ status: "DISPO", rawStatus: "PAUSED", leadId: onCall.leadId });
    await dialer.dispo("1004", "SALE", t + 2000);
    s = await poll();
    expect(agent(s, "1004")).toMatchObject({ status: "PAUSED", leadId: null, pauseCode: null });

    await dialer.pauseCode("1004", "BREAK", t + 3000);
    expect(agent(await poll(), "1004")).toMatchObject({ status: "PAUSED", pauseCode: "BREAK", pauseCodeSource: "agent_log.sub_status" });
    // A second code in the same pause opens a new agent-log row (VICIdial's PauseCodeSubmit).
    const before = dialer.agentLogIdOf("1004");
    await dialer.pauseCode("1004", "BIO", t + 4000);
    expect(dialer.agentLogIdOf("1004")).toBeGreaterThan(before);
    expect(agent(await poll(), "1004")).toMatchObject({ pauseCode: "BIO", agentLogId: dialer.agentLogIdOf("1004") });
    // Without a sub_status (as before 2.8 only the log had it, now only the live row): the live row's code.
    await admin.query(`UPDATE vicidial_agent_log SET sub_status = NULL WHERE user = '1004'`);
    expect(agent(await poll(), "1004")).toMatchObject({ pauseCode: "BIO", pauseCodeSource: "live_agents.pause_code" });

    // Manual dial: DIAL until answered.
    await dialer.login("1006", "COLLECT", t);
    const manual = (await dialer.manualDial("1006", t, { phone: "7025550199" }))!;
    s = await poll();
    expect(agent(s, "1006")).toMatchObject({ status: "DIAL", callType: "MANUAL", campaignId: "COLLECT" });
    expect(campaign(s, "COLLECT").agents).toMatchObject({ inCall: 1, dialing: 1 });
    await dialer.manualAnswered(manual, t + 5000);
    expect(agent(await poll(), "1006")!.status).toBe("INCALL");

    // Two agents INCALL on the same lead: 3-WAY for both.
    await dialer.login("1002", "SALES", t);
    await admin.query(
      `UPDATE vicidial_live_agents SET status = 'INCALL', lead_id = (SELECT lead_id FROM vicidial_auto_calls WHERE callerid = ?), callerid = ?, last_call_time = NOW() WHERE user = '1002'`,
      [manual, manual],
    );
    s = await poll();
    expect([agent(s, "1006")!.status, agent(s, "1002")!.status]).toEqual(["3-WAY", "3-WAY"]);

    // A user hidden from the real-time report is not listed.
    await dialer.login("1005", "SALES", t);
    s = await poll();
    expect(agent(s, "1005")).toBeUndefined();
    expect(campaign(s, "SALES").agents).toMatchObject({ loggedIn: 2, paused: 1, inCall: 1 });

    // A screen that stopped updating its row.
    await admin.query(`UPDATE vicidial_live_agents SET last_update_time = NOW() - INTERVAL 30 SECOND WHERE user = '1004'`);
    expect(agent(await poll(), "1004")).toMatchObject({ screenStale: true });

    for (const u of ["1002", "1004", "1005", "1006"]) await dialer.logout(u);
    await dialer.customerHangup(manual);
    for (const id of dialer.pendingCalls("SALES", "SENT")) await dialer.noAnswer(id);
  });
});

describe("changes between polls", () => {
  it("fans out only what changed, ignoring waits that grow by themselves", async () => {
    const t = await dbNowMs(admin);
    await dialer.login("1001", "SALES", t);
    const waiting = await dialer.inboundCall("SUPPORT_IN", t - 3000);
    const diffOf = async () => {
      let changes: import("../../lib/sources/vicidial-db/snapshot").VicidialDbChanges | null = null;
      const p = new VicidialDbPoller(testConfig(server.readOnlyUrl), { onSnapshot: (_s, c) => void (changes = c) });
      try {
        await p.pollOnce();
        await new Promise((r) => setTimeout(r, 1100));
        await dialer.ready("1001", await dbNowMs(admin));
        await p.pollOnce();
        return changes!;
      } finally {
        await p.stop();
      }
    };
    const changes = await diffOf();
    expect(changes.agents.changed.map((a) => [a.user, a.status])).toEqual([["1001", "READY"]]);
    expect(changes.agents.added).toEqual([]);
    expect(changes.campaigns.changed.map((c) => c.campaignId)).toEqual(["SALES"]);
    expect(changes.waitingCalls).toEqual({ added: [], changed: [], removed: [] });
    expect(changes.inGroups).toEqual({ added: [], changed: [], removed: [] });
    expect(changes.count).toBe(2);

    await dialer.drop(waiting, t);
    await dialer.logout("1001");
  });
});
