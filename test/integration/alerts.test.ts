/**
 * Alerts end to end: thresholds set through the admin API take effect at once; an alert is
 * raised over Socket.IO with its start time when a queue crosses its threshold and cleared
 * when it falls back; a PBX outage raises an alert on every wall.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertMessage } from "../../lib/realtime/contract";
import type { PbxSimulator } from "../../sim/pbx/server";
import { query } from "../support/database";
import { httpRequest } from "../support/push";
import { startServerOnPbx } from "../support/pbx-server";
import type { TestServer } from "../support/server";
import { connectClient, type RecordingClient } from "../support/socket";
import { endAll } from "../support/teardown";

let server: TestServer;
let sim: PbxSimulator;
let client: RecordingClient;
const alerts: AlertMessage[] = [];

async function waitFor(pred: (m: AlertMessage) => boolean, timeoutMs = 6000): Promise<AlertMessage> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const hit = alerts.find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no matching alert; got ${JSON.stringify(alerts.map((a) => [a.state, a.alert.id]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  ({ sim, server } = await startServerOnPbx({ password: "pw-1234567", env: { CAMPAIGN_QUEUES: "HELP=710" } }));
  client = await connectClient(server.url);
  client.socket.on("alert", (m) => alerts.push(m));
  await client.subscribe(["campaign:HELP"]);
});
afterAll(() => endAll(client, server, sim));

describe("alerts", () => {
  it("calls waiting above the configured threshold raise an alert that clears when answered", async () => {
    const put = await httpRequest(`${server.url}/api/admin/alerts`, { method: "PUT", body: JSON.stringify({ queues: { "710": { callsWaitingAbove: 1, longestWaitAboveSec: null, raiseAfterSec: 0, callsWaitingClearMargin: 0 } } }), headers: { "content-type": "application/json" } });
    expect(put.status).toBe(200);
    const before = Date.now();
    const a = sim.queueCall({ from: "+1", queue: "710" });
    const b = sim.queueCall({ from: "+2", queue: "710" });
    const raised = await waitFor((m) => m.state === "raised" && m.alert.id === "calls_waiting:queue:710");
    expect(raised.topic).toBe("campaign:HELP");
    expect(raised.alert).toMatchObject({ type: "calls_waiting", queue: "710", campaigns: ["HELP"], value: 2, threshold: 1 });
    expect(raised.alert.since).toBeGreaterThanOrEqual(before);
    const listed = JSON.parse((await httpRequest(`${server.url}/api/alerts`)).body) as { alerts: { id: string }[] };
    expect(listed.alerts.map((x) => x.id)).toContain("calls_waiting:queue:710");
    sim.answer(a, "3001");
    await waitFor((m) => m.state === "cleared" && m.alert.id === "calls_waiting:queue:710");
    sim.hangup(a);
    sim.hangup(b);
    const [row] = await query(server.databaseUrl, "SELECT actor, action FROM audit_log WHERE action = 'alerts.update'");
    expect(row).toEqual({ actor: "admin", action: "alerts.update" });
  });

  it("invalid thresholds are refused with the reason", async () => {
    const bad = await httpRequest(`${server.url}/api/admin/alerts`, { method: "PUT", body: JSON.stringify({ queues: { "710": { serviceLevelBelow: 3 } } }), headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/serviceLevelBelow/);
  });

  it("a lost PBX raises a critical alert on the wall", async () => {
    await sim.stop();
    const down = await waitFor((m) => m.state === "raised" && m.alert.type === "pbx_down");
    expect(down.alert).toMatchObject({ severity: "critical", pbx: "env", campaigns: [] });
    await sim.start();
    await waitFor((m) => m.state === "cleared" && m.alert.type === "pbx_down", 20_000);
  });
});
