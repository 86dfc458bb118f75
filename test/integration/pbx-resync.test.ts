/**
 * PBX resync (issue 11 item 5): a call the PBX stops listing without a final `call-state` is
 * ended by the next periodic `domain-calls` snapshot, with no invented end time. The real
 * server against the PBX simulator over a real WebSocket, PBX_RESYNC_SEC=1.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallView } from "../../lib/realtime/contract";
import type { PbxSimulator } from "../../sim/pbx/server";
import { query } from "../support/database";
import { httpRequest } from "../support/push";
import { startServerOnPbx } from "../support/pbx-server";
import type { TestServer } from "../support/server";
import { until } from "../support/until";
import { endAll } from "../support/teardown";

const RESYNC_SEC = 1;
let server: TestServer;
let sim: PbxSimulator;

const activeCalls = async () => (JSON.parse((await httpRequest(`${server.url}/api/calls`)).body) as { calls: CallView[] }).calls;

beforeAll(async () => {
  ({ sim, server } = await startServerOnPbx({ password: "secret-pw", env: { CAMPAIGN_QUEUES: "SUPPORT=700", PBX_RESYNC_SEC: String(RESYNC_SEC) } }));
  await until(async () => sim.clients(), (n) => n === 1, 10_000);
});
afterAll(() => endAll(server, sim));

describe("PBX resync", () => {
  it("asks for a domain-calls snapshot every PBX_RESYNC_SEC", async () => {
    const before = sim.domainCallsReceived;
    await new Promise((r) => setTimeout(r, 3.5 * RESYNC_SEC * 1000));
    expect(sim.domainCallsReceived - before).toBeGreaterThanOrEqual(2);
  });

  it("ends a call the PBX stopped listing within one resync, end time unknown; calls still listed stay", async () => {
    const kept = sim.queueCall({ from: "+4930111", queue: "700" });
    const dropped = sim.queueCall({ from: "+4930222", queue: "700" });
    const answered = sim.queueCall({ from: "+4930333", queue: "700" });
    sim.ringAgent(answered, "2001");
    sim.answer(answered, "2001");
    await until(activeCalls, (c) => c.length === 3 && c.some((x) => x.id === answered && x.state === "connected"), 5000);

    // Silently gone from the PBX's list: no final call-state, only the next snapshot tells.
    const droppedAt = Date.now();
    sim.dropCall(dropped);
    sim.dropCall(answered);
    const calls = await until(activeCalls, (c) => c.length === 1, (RESYNC_SEC + 1.5) * 1000);
    expect(Date.now() - droppedAt).toBeLessThan((RESYNC_SEC + 1.5) * 1000);
    expect(calls.map((c) => c.id)).toEqual([kept]);

    const rows = await until(
      () => query<{ call_id: string; state: string; outcome: string | null; ended_at: Date | null; end_known: boolean }>(server.databaseUrl, "SELECT call_id, state, outcome, ended_at, end_known FROM call ORDER BY call_id"),
      (r) => r.filter((x) => x.state === "ended").length === 2,
      5000,
    );
    expect(rows.find((r) => r.call_id === dropped)).toEqual({ call_id: dropped, state: "ended", outcome: "unknown", ended_at: null, end_known: false });
    expect(rows.find((r) => r.call_id === answered)).toEqual({ call_id: answered, state: "ended", outcome: "answered", ended_at: null, end_known: false });
    expect(rows.find((r) => r.call_id === kept)).toMatchObject({ state: "waiting", outcome: null });

    // The kept call still ends normally (a final call-state, known time).
    sim.hangup(kept);
    await until(activeCalls, (c) => c.length === 0, 5000);
    const [row] = await query(server.databaseUrl, "SELECT outcome, end_known FROM call WHERE call_id = $1", [kept]);
    expect(row).toEqual({ outcome: "abandoned", end_known: true });
  });
});
