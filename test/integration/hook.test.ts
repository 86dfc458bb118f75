/**
 * The agent-screen WebSocket hook (README "Agent-screen hook") with a real WebSocket client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestDatabase, query } from "../support/database";
import { pushEvent } from "../support/push";

/** A recent epoch (the VICIdial server clock, Unix seconds): pushes must lie within a day of the server clock. */
const E0 = Math.floor(Date.now() / 1000) - 600;
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
});
afterAll(async () => server?.stop());

function open(token: string | null): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${server.port}/vicidial/hook${token === null ? "" : `?token=${token}`}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once("error", reject);
  });
}

function exchange(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once("message", (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  });
}

describe("/vicidial/hook", () => {
  it("refuses a missing or wrong token at the handshake", async () => {
    await expect(open(null)).rejects.toThrow("HTTP 401");
    await expect(open("wrong-token-123")).rejects.toThrow("HTTP 401");
  });

  it("acknowledges each event after it is committed, with the campaign the screen knows", async () => {
    const ws = await open(server.pushToken);
    const reply = await exchange(ws, { id: 1, user: "5001", campaign: "SALES", event: "state_ready", message: "READY", counter: 3, epoch: E0, agent_log_id: "77", lead_id: "" });
    expect(reply).toEqual({ ack: 1, outcome: "stored" });
    const rows = await query(server.databaseUrl, "SELECT source, event, campaign, counter FROM agent_event WHERE agent_user = '5001'");
    expect(rows).toEqual([{ source: "vicidial-hook", event: "state_ready", campaign: "SALES", counter: 3 }]);
    ws.close();
  });

  it("stores an event once when it arrives over HTTP and over the hook", async () => {
    const ws = await open(server.pushToken);
    // VICIdial's HTTP push deletes ':' and '"' and turns spaces into '+'.
    expect((await pushEvent(server.url, { user: "5002", event: "agent_alert", message: "Dial timed out 555", epoch: E0 + 100, agent_log_id: "8", counter: 9, token: server.pushToken })).body).toBe("OK stored\n");
    const reply = await exchange(ws, { id: 7, user: "5002", event: "agent_alert", message: 'Dial timed out: "555"', epoch: E0 + 100, agent_log_id: "8", counter: 9 });
    expect(reply).toEqual({ ack: 7, outcome: "duplicate" });
    expect(await query(server.databaseUrl, "SELECT count(*)::int AS n FROM agent_event WHERE agent_user = '5002'")).toEqual([{ n: 1 }]);
    ws.close();
  });

  it("answers bad frames with a nack and keeps the connection for the next event", async () => {
    const ws = await open(server.pushToken);
    expect(await exchange(ws, "not json")).toEqual({ nack: null, status: 400, reason: "frame is not a JSON object" });
    expect(await exchange(ws, { id: 2, event: "state_ready" })).toEqual({ nack: 2, status: 400, reason: "missing field user" });
    expect(await exchange(ws, { id: 3, user: "5003", event: "logged_in", counter: 0 })).toEqual({ ack: 3, outcome: "stored" });
    ws.close();
  });
});
