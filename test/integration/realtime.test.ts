/**
 * The realtime contract (README "Realtime") with real Socket.IO clients and real HTTP pushes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { connectClient } from "../support/socket";

let server: TestServer;
let counter = 1;
const push = (user: string, event: string, extra: Record<string, string> = {}) =>
  pushEvent(server.url, { user, event, epoch: Math.floor(Date.now() / 1000), counter: counter++, agent_log_id: "1", token: server.pushToken, ...extra });

beforeAll(async () => {
  const roster = path.join(tmpdir(), `roster-${process.pid}.csv`);
  writeFileSync(roster, "user,full_name,campaign,team\n2001,Ada Lovelace,SALES,Blue\n2002,\"Hopper, Grace\",SUPPORT,Red\n");
  server = await startServer({ databaseUrl: await createTestDatabase(), env: { ROSTER_CSV: roster, STALE_AFTER_SEC: "2" } });
});
afterAll(async () => server?.stop());

describe("Socket.IO topics", () => {
  it("a campaign subscriber gets a snapshot, then a delta for a push in its campaign, and nothing for another campaign", async () => {
    expect((await push("2001", "logged_in")).status).toBe(200);
    const sales = await connectClient(server.url);
    const support = await connectClient(server.url);
    try {
      const ack = await sales.subscribe(["campaign:SALES"]);
      expect(ack).toEqual({ ok: true, topics: ["campaign:SALES"], denied: [] });
      await support.subscribe(["campaign:SUPPORT"]);
      expect(sales.snapshots).toHaveLength(1);
      const snap = sales.snapshots[0]!;
      expect(snap.topic).toBe("campaign:SALES");
      expect(Math.abs(snap.serverTime - Date.now())).toBeLessThan(5000);
      expect(snap.agents).toEqual([expect.objectContaining({ user: "2001", name: "Ada Lovelace", campaign: "SALES", team: "Blue", state: "PAUSED", stale: false })]);

      const before = Date.now();
      expect((await push("2001", "state_ready", { message: "READY" })).status).toBe(200);
      const delta = await sales.nextDelta((m) => m.agent.state === "READY");
      expect(delta.topic).toBe("campaign:SALES");
      expect(delta.agent).toMatchObject({ user: "2001", campaign: "SALES", state: "READY", lastEvent: "state_ready", leadId: null });
      expect(delta.agent.stateSince).toBeGreaterThanOrEqual(before - 50);
      expect(delta.agent.stateSince).toBeLessThanOrEqual(Date.now());

      await new Promise((r) => setTimeout(r, 300));
      expect(support.deltas).toEqual([]);
      expect(support.snapshots[0]!.agents).toEqual([]);
    } finally {
      sales.close();
      support.close();
    }
  });

  it("campaign:* sees every campaign, agent:<user> one agent; unknown topics are denied", async () => {
    const all = await connectClient(server.url);
    const one = await connectClient(server.url);
    try {
      const ack = await all.subscribe(["campaign:*", "nonsense", "queue"]);
      expect(ack.ok).toBe(false);
      expect(ack.topics).toEqual(["campaign:*"]);
      expect(ack.denied.map((d) => d.topic)).toEqual(["nonsense", "queue"]);
      await one.subscribe(["agent:2002"]);
      await push("2002", "logged_in");
      await push("2009", "logged_in", { campaign: "COLLECT" });
      await all.nextDelta((m) => m.agent.user === "2002" && m.agent.campaign === "SUPPORT");
      await all.nextDelta((m) => m.agent.user === "2009" && m.agent.campaign === "COLLECT");
      const mine = await one.nextDelta((m) => m.agent.user === "2002");
      expect(mine).toMatchObject({ topic: "agent:2002", agent: { name: "Hopper, Grace" } });
      await new Promise((r) => setTimeout(r, 300));
      expect(one.deltas.every((d) => d.agent.user === "2002")).toBe(true);
    } finally {
      all.close();
      one.close();
    }
  });

  it("an agent with no campaign anywhere is UNASSIGNED; an event campaign moves it and tells the old room", async () => {
    const unassigned = await connectClient(server.url);
    try {
      await push("2010", "logged_in");
      await unassigned.subscribe(["campaign:UNASSIGNED"]);
      expect(unassigned.snapshots[0]!.agents.map((a) => a.user)).toContain("2010");
      await push("2010", "state_ready", { campaign: "SALES" });
      const left = await unassigned.nextDelta((m) => m.agent.user === "2010");
      expect(left.agent.campaign).toBe("SALES");
    } finally {
      unassigned.close();
    }
  });

  it("a silent logged-in agent turns stale on the server clock and back when it speaks", async () => {
    const client = await connectClient(server.url);
    try {
      await client.subscribe(["agent:2011"]);
      await push("2011", "state_ready", { campaign: "SALES" });
      const stale = await client.nextDelta((m) => m.agent.stale, 8000);
      expect(Date.now() - stale.agent.lastEventAt).toBeGreaterThanOrEqual(2000);
      await push("2011", "time_sync");
      await client.nextDelta((m) => !m.agent.stale && m.agent.lastEvent === "time_sync");
    } finally {
      client.close();
    }
  });

  it("GET /api/agents returns the same agent objects", async () => {
    const res = JSON.parse((await httpRequest(`${server.url}/api/agents?campaign=SALES`)).body) as { agents: { user: string; campaign: string }[] };
    expect(res.agents.length).toBeGreaterThan(0);
    expect(res.agents.every((a) => a.campaign === "SALES")).toBe(true);
    expect(res.agents.map((a) => a.user)).toContain("2001");
  });
});
