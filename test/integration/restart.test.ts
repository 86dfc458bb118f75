/**
 * Live state is rebuilt from Postgres at start: after a restart the board shows the same
 * states and the same time in state (server clock), also after an unclean SIGKILL.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";

interface Agent {
  user: string;
  state: string;
  stateSince: number;
  leadId: string | null;
  disposition: string | null;
  pauseCode: string | null;
}
let server: TestServer | undefined;
afterAll(async () => server?.stop());

const agents = async (s: TestServer) => (JSON.parse((await httpRequest(`${s.url}/api/agents`)).body) as { agents: Agent[] }).agents;

describe("restart", () => {
  it.each(["SIGTERM", "SIGKILL"] as const)("after %s the same agents come back in the same state with the same time in state", async (signal) => {
    const databaseUrl = await createTestDatabase();
    server = await startServer({ databaseUrl });
    const epoch = Math.floor(Date.now() / 1000);
    const script: [string, string, Record<string, string>][] = [
      ["3001", "logged_in", {}],
      ["3001", "state_ready", { message: "READY" }],
      ["3001", "call_answered", { lead_id: "777" }],
      ["3002", "logged_in", {}],
      ["3002", "state_paused", { message: "PAUSED LUNCH" }],
      ["3003", "logged_in", {}],
      ["3003", "call_answered", { lead_id: "12" }],
      ["3003", "agent_hangup", { lead_id: "12" }],
      ["3003", "dispo_set", { message: "SALE", lead_id: "12" }],
    ];
    let counter = 0;
    for (const [user, event, extra] of script) {
      expect((await pushEvent(server.url, { user, event, epoch, counter: ++counter, token: server.pushToken, ...extra })).status).toBe(200);
    }
    const before = await agents(server);
    expect(before.map((a) => [a.user, a.state])).toEqual([
      ["3001", "INCALL"],
      ["3002", "PAUSED"],
      ["3003", "DISPO"],
    ]);
    await (signal === "SIGKILL" ? server.kill() : server.stop());
    await new Promise((r) => setTimeout(r, 1100));
    server = await startServer({ databaseUrl, port: server.port });
    const after = await agents(server);
    expect(after).toEqual(before);
    expect(after.find((a) => a.user === "3002")).toMatchObject({ pauseCode: "LUNCH" });
    expect(after.find((a) => a.user === "3003")).toMatchObject({ disposition: "SALE", leadId: "12" });
    await server.stop();
    server = undefined;
  });
});
