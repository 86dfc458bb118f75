/**
 * An event that reaches the board later than its agent's event log reaches back (32 events:
 * lib/agents/event-log.ts) is not lost: the server re-derives the agent from its stored events
 * (LiveEngine, AgentBook.reload), and a restart rebuilds it in screen order however late it
 * was committed (AgentBook.load). Real server, real HTTP pushes in VICIdial's wire format.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { metricValue } from "../support/metrics";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";

interface Agent {
  user: string;
  state: string;
  campaign: string;
}
let server: TestServer | undefined;
afterAll(async () => server?.stop());

const agent = async (s: TestServer, user: string) => (JSON.parse((await httpRequest(`${s.url}/api/agents`)).body) as { agents: Agent[] }).agents.find((a) => a.user === user);

describe("events later than the board's window", () => {
  it("are applied by re-deriving the agent from PostgreSQL, and again after a restart", async () => {
    const databaseUrl = await createTestDatabase();
    server = await startServer({ databaseUrl });
    const epoch = Math.floor(Date.now() / 1000) - 600;
    const push = async (counter: number, event: string, extra: Record<string, string> = {}) =>
      expect((await pushEvent(server!.url, { user: "4001", event, epoch, counter, agent_log_id: "5001", token: server!.pushToken, ...extra })).status).toBe(200);
    await push(1, "logged_in");
    for (let counter = 2; counter <= 100; counter++) await push(counter, counter % 2 ? "state_ready" : "state_paused", { message: counter % 2 ? "READY" : "PAUSED" });
    expect(await agent(server, "4001")).toMatchObject({ state: "PAUSED", campaign: "UNASSIGNED" });
    expect(await metricValue(server.url, "wallboard_late_events_total")).toBe(0);

    // A better copy, 60 events late (a relay or another instance's spool after an outage), of
    // the event at counter 40, and the only event that names the agent's campaign: merged
    // into the stored row (same identity, lib/events/dedup.ts), which the board no longer keeps.
    await push(40, "state_paused", { message: "PAUSED", campaign: "LATECAMP" });
    await expect.poll(async () => (await agent(server!, "4001"))?.campaign, { timeout: 5_000 }).toBe("LATECAMP");
    expect(await agent(server, "4001")).toMatchObject({ state: "PAUSED" });
    // An operator sees it: counted once, nobody left waiting for a reload.
    expect(await metricValue(server.url, "wallboard_late_events_total")).toBe(1);
    expect(await metricValue(server.url, "wallboard_agents_awaiting_reload")).toBe(0);
    expect(await metricValue(server.url, "wallboard_live_agents_evicted_total")).toBe(0);

    // A new event 50 events late (a new row, committed after all the others), naming another
    // campaign: later on the screen than counter 40, so the agent's campaign is this one.
    await push(50, "dispo_set", { message: "SALE", campaign: "LATER" });
    await expect.poll(async () => (await agent(server!, "4001"))?.campaign, { timeout: 5_000 }).toBe("LATER");
    expect(await agent(server, "4001")).toMatchObject({ state: "PAUSED" });
    expect(await metricValue(server.url, "wallboard_late_events_total")).toBe(2);

    await server.stop();
    server = await startServer({ databaseUrl, port: server.port });
    expect(await agent(server, "4001")).toMatchObject({ state: "PAUSED", campaign: "LATER" });
    // Placed by the rebuild itself (AgentBook.load puts each agent's events in screen order),
    // not dropped as too late and then re-derived: applied one by one in id order, the event
    // committed last (counter 50) would be 50 events behind its agent's log. (The merged copy
    // is no test of this: it is stored in the row of counter 40, in id order.)
    expect(await metricValue(server.url, "wallboard_late_events_total")).toBe(0);
    await server.stop();
    server = undefined;
  });
});
