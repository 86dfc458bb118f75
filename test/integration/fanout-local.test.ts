/**
 * Deltas never travel through the Socket.IO cluster adapter (PostgreSQL NOTIFY on the channel
 * `socket.io#/`): every instance derives them from the replicated state and sends them to its
 * own clients. Sent through the adapter they would cost a NOTIFY each and, since the adapter
 * sends locally only after publishing, be lost whenever its pool was busy (npm run bench once
 * measured 0 of 100,000 deliveries that way). Only admin notices use the adapter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createTestDatabase } from "../support/database";
import { pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { connectClient, type RecordingClient } from "../support/socket";
import { until } from "../support/until";

let server: TestServer;
let listener: pg.Client;
let client: RecordingClient;
const notified: string[] = [];

beforeAll(async () => {
  const databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl });
  listener = new pg.Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on("notification", (n) => notified.push(n.payload ?? ""));
  await listener.query(`LISTEN "socket.io#/"`);
  client = await connectClient(server.url);
  expect((await client.subscribe(["campaign:*"])).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  client?.close();
  await listener?.end();
  await server?.stop();
});

describe("the fan-out", () => {
  it("sends 30 agent deltas to its own clients without one NOTIFY through the adapter", async () => {
    const epoch = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 30; i++) {
      const res = await pushEvent(server.url, { user: `81${String(i).padStart(2, "0")}`, event: "state_ready", message: "READY", epoch, counter: i + 1, agent_log_id: "1", token: server.pushToken });
      expect(res.status).toBe(200);
    }
    await until(() => new Set(client.deltas.map((d) => d.agent.user)).size, (n) => n >= 30, 10_000, "deltas of the 30 agents");
    // Give a NOTIFY sent with the last delta time to arrive.
    await new Promise((r) => setTimeout(r, 500));
    expect(notified.filter((p) => p.includes('"agents"'))).toEqual([]);
  });
});
