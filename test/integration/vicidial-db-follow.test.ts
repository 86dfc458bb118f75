/**
 * The simulated VICIdial database follows the call-centre model: after every stretch of
 * simulated time the database source reads the same agents, campaigns, statuses, agent_log
 * ids, pause codes and waiting calls as the model's pushes say.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "mysql2/promise";
import { CallCentre, type SimEvent } from "../../sim/vicidial/call-centre";
import type { AgentStatus } from "../../lib/agents/status";
import { VicidialDbDialer } from "../../sim/vicidial-db/dialer";
import { CallCentreDbFollower, inGroupOf } from "../../sim/vicidial-db/follow-call-centre";
import { VicidialDbPoller } from "../../lib/sources/vicidial-db/poller";
import type { DbAgentStatus, VicidialDbSnapshot } from "../../lib/sources/vicidial-db/snapshot";
import { endMariaDb, startMariaDb, type MariaDbServer } from "../support/mariadb";
import { dbNowMs, testConfig } from "../support/vicidial-db";

let server: MariaDbServer;
let admin: Connection;
let poller: VicidialDbPoller;

beforeAll(async () => {
  server = await startMariaDb();
  admin = await server.admin();
  poller = new VicidialDbPoller(testConfig(server.readOnlyUrl));
});

afterAll(async () => {
  await poller?.stop();
  await endMariaDb(admin, server);
});

/**
 * What the report should show for a model status: PARK needs parked_channels (not read) and
 * the model's three-way calls go to outside numbers (VICIdial's 3-WAY is two agents on one
 * lead), so both read INCALL; DISPO after the disposition was saved (lead cleared) reads
 * PAUSED until the agent's next click.
 */
function expectedDbStatus(status: AgentStatus, leadId: string): DbAgentStatus | null {
  switch (status) {
    case "LOGGED_OUT":
      return null;
    case "PARK":
    case "3-WAY":
      return "INCALL";
    case "DISPO":
      return leadId === "" ? "PAUSED" : "DISPO";
    default:
      return status;
  }
}

describe("following the call-centre model", () => {
  it("shows the same agents, statuses, agent_log ids, pause codes and waiting calls as the pushes", async () => {
    const end = await dbNowMs(admin);
    // Twenty simulated minutes ending now (database clock), so every time written is in the past.
    const start = end - 20 * 60_000;
    const centre = new CallCentre({ agents: 24, seed: 5, startMs: start });
    const dialer = new VicidialDbDialer(admin, { agentLogIds: "external", seed: 5 });
    const follower = new CallCentreDbFollower(dialer, centre, { hopperLevel: 30, statsEveryMs: 60_000, hopperEveryMs: 60_000 });
    await follower.install();

    const lastEvent = new Map<string, SimEvent>();
    const pauseCode = new Map<string, string | null>();
    const status = new Map<string, AgentStatus>();
    let checks = 0;
    let compared = 0;
    const seen = new Set<DbAgentStatus>();
    const seenCodes = new Set<string>();
    let maxWaiting = 0;

    for (let t = start + 1000; t <= end; t += 1000) {
      const step = centre.advance(t);
      for (const ev of step.agentEvents) {
        const before = status.get(ev.user);
        if (ev.event === "logged_in") pauseCode.set(ev.user, "LOGIN");
        else if (ev.event === "state_ready") pauseCode.set(ev.user, null);
        else if (ev.event === "state_paused") {
          const code = /^PAUSED\s+(\S+)/.exec(ev.message)?.[1];
          if (code) pauseCode.set(ev.user, code);
          else if (before !== "PAUSED") pauseCode.set(ev.user, null);
        } else if (ev.event === "pause_code") pauseCode.set(ev.user, ev.message);
        else if (ev.event === "call_dialed" || ev.event === "call_answered") pauseCode.set(ev.user, null);
        lastEvent.set(ev.user, ev);
      }
      await follower.apply(step, t);
      for (const a of centre.snapshot().agents) status.set(a.user, a.status);

      if ((t - start) % 60_000 !== 0) continue;
      const snap: VicidialDbSnapshot | null = await poller.pollOnce();
      expect(snap, JSON.stringify(poller.status().lastError)).not.toBeNull();
      checks++;
      const model = centre.snapshot();
      const dbAgents = new Map(snap!.agents.map((a) => [a.user, a]));
      for (const m of model.agents) {
        const want = expectedDbStatus(m.status, m.leadId);
        const got = dbAgents.get(m.user);
        const where = `agent ${m.user} at +${(t - start) / 1000}s (model ${m.status}, lead "${m.leadId}")`;
        if (want === null) {
          expect(got, where).toBeUndefined();
          continue;
        }
        expect(got, where).toBeDefined();
        expect(got!.status, where).toBe(want);
        expect(got!.campaignId, where).toBe(m.campaign);
        expect(String(got!.agentLogId), where).toBe(lastEvent.get(m.user)!.agentLogId);
        if (want === "PAUSED") expect(got!.pauseCode, where).toBe(pauseCode.get(m.user) ?? null);
        if (want === "INCALL" || want === "DIAL" || want === "DEAD" || want === "DISPO") expect(String(got!.leadId), where).toBe(m.leadId);
        seen.add(got!.status);
        if (got!.pauseCode) seenCodes.add(got!.pauseCode);
        compared++;
      }
      expect(snap!.agents.length).toBe(model.agents.filter((a) => a.status !== "LOGGED_OUT").length);

      const groupOf = (campaign: string) => (centre.campaigns.find((c) => c.id === campaign)!.dialMethod === "INBOUND" ? inGroupOf(campaign) : campaign);
      expect(snap!.waitingCalls.map((w) => `${w.callerId}@${w.groupId}`).sort()).toEqual(model.waiting.map((w) => `${w.callId}@${groupOf(w.campaign)}`).sort());
      maxWaiting = Math.max(maxWaiting, model.waiting.length);

      const sales = snap!.campaigns.find((c) => c.campaignId === "SALES")!;
      expect(sales.dialMethod).toBe("RATIO");
      expect(sales.hopper.leads).toBeLessThanOrEqual(30);
    }

    expect(checks).toBe(20);
    expect(compared).toBeGreaterThan(300);
    // The run exercised the interesting states, not just PAUSED.
    for (const s of ["READY", "CLOSER", "PAUSED", "INCALL", "DIAL", "DEAD", "DISPO"] as const) expect(seen, `status ${s}`).toContain(s);
    expect([...seenCodes].some((c) => c !== "LOGIN")).toBe(true);
    expect(maxWaiting).toBeGreaterThan(0);

    // Statistics written by the follower's AST_VDadapt pass add up with the model's calls.
    await dialer.writeStats();
    const snap = (await poller.pollOnce())!;
    const sales = snap.campaigns.find((c) => c.campaignId === "SALES")!;
    expect(sales.today.calls).toBeGreaterThan(sales.today.answers);
    expect(sales.today.answers).toBeGreaterThan(0);
    expect(sales.dialableLeads).toBe(5000 - sales.today.calls);
    const support = snap.inGroups.find((g) => g.groupId === "SUPPORT_IN")!;
    expect(support.today.calls).toBeGreaterThan(0);
    expect(support.today.answers + support.today.drops).toBeLessThanOrEqual(support.today.calls);
  });
});
