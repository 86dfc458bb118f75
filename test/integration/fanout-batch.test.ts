/**
 * Agent changes reach clients one `agents` message per batch and room (README "Realtime
 * contract", issue 14): a roster import that moves 12 agents to another campaign is one batch
 * on the server (one publishAgents call), so each room watching them gets exactly one message
 * carrying every one of them — the campaign they left (their new campaign tells it), the one
 * they joined, campaign:* and each agent's own topic — and a room with none of them gets
 * nothing. Then a burst of pushes: however the server batches them, a client ends with every
 * agent's newest state (nothing skipped silently), each agent at most once per message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentView } from "../../lib/agents/view";
import { reduceWall, initialWallState } from "../../lib/wall/wall-state";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { connectClient, type RecordingClient } from "../support/socket";
import { until } from "../support/until";

const USERS = Array.from({ length: 12 }, (_, i) => `93${String(i).padStart(2, "0")}`);
let server: TestServer;
let counter = 1;
const epoch = Math.floor(Date.now() / 1000);
const push = (user: string, event: string, extra: Record<string, string> = {}) =>
  pushEvent(server.url, { user, event, epoch, counter: counter++, agent_log_id: "1", token: server.pushToken, ...extra });

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  // No campaign in the events nor the roster: UNASSIGNED, until the roster gives them one.
  for (const user of USERS) expect((await push(user, "logged_in")).status).toBe(200);
}, 120_000);
afterAll(async () => server?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("agent deltas, one message per batch and room", () => {
  it("a roster import moving 12 agents: one message per watching room, every agent in it", async () => {
    const clients: Record<string, RecordingClient> = {};
    for (const topic of ["campaign:UNASSIGNED", "campaign:BY", "campaign:*", `agent:${USERS[3]}`, "campaign:BZ"]) {
      const c = await connectClient(server.url);
      expect((await c.subscribe([topic])).ok).toBe(true);
      clients[topic] = c;
    }
    try {
      expect(clients["campaign:UNASSIGNED"]!.snapshots[0]!.agents.map((a) => a.user).sort()).toEqual(USERS);
      await sleep(300); // anything still in flight from the log-ins
      for (const c of Object.values(clients)) c.agentMessages.length = 0;

      const csv = `user,full_name,campaign\n${USERS.map((u) => `${u},Agent ${u},BY`).join("\n")}\n`;
      const res = await httpRequest(`${server.url}/api/admin/roster/import`, { method: "POST", body: csv, headers: { "content-type": "text/csv" } });
      expect(res.status, res.body).toBe(200);

      for (const topic of ["campaign:UNASSIGNED", "campaign:BY", "campaign:*"]) {
        const c = clients[topic]!;
        await until(() => c.agentMessages.length, (n) => n >= 1, 5_000, `${topic} agents message`);
        await sleep(300); // a second message would arrive by now
        expect(c.agentMessages, topic).toHaveLength(1);
        const msg = c.agentMessages[0]!;
        expect(msg.topic).toBe(topic);
        expect(msg.agents.map((a) => a.user).sort(), topic).toEqual(USERS);
        expect(msg.agents.every((a) => a.campaign === "BY" && a.name === `Agent ${a.user}`), topic).toBe(true);
      }
      // The wall's reducer reads the campaign:UNASSIGNED message as "all 12 left".
      const left = clients["campaign:UNASSIGNED"]!;
      let wall = reduceWall(initialWallState(["campaign:UNASSIGNED"]), { kind: "snapshot", msg: left.snapshots[0]! });
      wall = reduceWall(wall, { kind: "agents", msg: left.agentMessages[0]! });
      expect(wall.topics.get("campaign:UNASSIGNED")!.agents.size).toBe(0);

      const own = clients[`agent:${USERS[3]}`]!;
      await until(() => own.agentMessages.length, (n) => n >= 1, 5_000, "the agent topic's message");
      expect(own.agentMessages.map((m) => m.agents.map((a) => a.user))).toEqual([[USERS[3]]]);
      expect(clients["campaign:BZ"]!.agentMessages).toEqual([]);
    } finally {
      for (const c of Object.values(clients)) c.close();
    }
  });

  it("a burst of pushes: the client ends with every agent's newest state, each agent at most once per message", async () => {
    const c = await connectClient(server.url);
    try {
      expect((await c.subscribe(["campaign:BY"])).ok).toBe(true);
      // Three changes per agent, all in flight at once: the store commits them in a few batches.
      const states = ["state_ready", "state_paused", "state_ready"];
      await Promise.all(USERS.map(async (user) => {
        for (const event of states) expect((await push(user, event, { message: event === "state_paused" ? "PAUSED BREAK" : "READY" })).status).toBe(200);
      }));
      const latest = async () => {
        const res = await httpRequest(`${server.url}/api/agents?campaign=BY`);
        return new Map((JSON.parse(res.body) as { agents: AgentView[] }).agents.map((a) => [a.user, a]));
      };
      const want = await latest();
      expect([...want.values()].every((a) => a.state === "READY")).toBe(true);
      const seen = () => {
        const held = new Map<string, AgentView>();
        for (const d of c.deltas) held.set(d.agent.user, d.agent);
        return USERS.filter((u) => JSON.stringify(held.get(u)) === JSON.stringify(want.get(u))).length;
      };
      await until(seen, (n) => n === USERS.length, 5_000, "every agent's newest state");
      for (const m of c.agentMessages) expect(new Set(m.agents.map((a) => a.user)).size, "an agent at most once per message").toBe(m.agents.length);
    } finally {
      c.close();
    }
  });
});
