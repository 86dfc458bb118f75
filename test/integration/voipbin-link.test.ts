/**
 * The VoIPBin link against the VoIPBin simulator over real sockets on loopback: sign-in or
 * access key, subscribe, REST resync, both event shapes, doubled frames, queue calls mapped
 * through the queues, busy-after-call, malformed frames, reconnect with backoff and resync of
 * changes made while down, silence, a refused topic, token expiry.
 */
import { describe, expect, it } from "vitest";
import { VoipbinLink } from "../../lib/sources/voipbin/link";
import { voipbinConfigSchema, type VoipbinConfigInput } from "../../lib/sources/voipbin/config";
import { CallCentreWorld } from "../../sim/world/call-centre-world";
import { VoipbinSimulator, type VoipbinSimulatorOptions } from "../../sim/voipbin/simulator";
import { RecordingSink, isCall, isResync, isState } from "../support/neutral-sink";
import { undoAfterEach } from "../support/teardown";
import { until } from "../support/until";

const USER = "supervisor@example.com";
const PASSWORD = "s3cret";
const cleanup = undoAfterEach();

function makeWorld(): CallCentreWorld {
  return new CallCentreWorld({
    queues: [
      { id: "sales", name: "sales", displayName: "Sales", number: "3000" },
      { id: "support", name: "support", displayName: "Support", number: "3001" },
    ],
    agents: [
      { id: "a1", firstName: "Ann", lastName: "Lee", phone: "1001", queues: ["sales", "support"] },
      { id: "a2", firstName: "Bob", lastName: "Roy", phone: "1002", queues: ["sales"] },
      { id: "a3", firstName: "Cy", lastName: "Oh", phone: "1003", queues: ["support"] },
    ],
  });
}

async function startSim(world: CallCentreWorld, opts: Partial<VoipbinSimulatorOptions> = {}): Promise<VoipbinSimulator> {
  const sim = new VoipbinSimulator({ world, username: USER, password: PASSWORD, pingMs: 200, shape: "mixed", noise: true, seed: 7, ...opts });
  await sim.start();
  cleanup(() => sim.stop());
  return sim;
}

function startLink(sim: VoipbinSimulator, sink: RecordingSink, cfg: Partial<VoipbinConfigInput> = {}): VoipbinLink {
  const config = voipbinConfigSchema.parse({ name: "vb-test", url: sim.url, customerId: sim.customerId, username: USER, password: PASSWORD, silenceMs: 1_500, queueRefreshMs: 60_000, queueRefreshMinGapMs: 100, backoff: { minMs: 100, maxMs: 400 }, ...cfg });
  const link = new VoipbinLink(config, { sink, random: () => 0.999 });
  link.start();
  cleanup(() => link.stop());
  return link;
}

describe("VoIPBin link against the simulator", () => {
  it("resyncs from REST, then follows live events in both shapes, each applied once", async () => {
    const world = makeWorld();
    world.login("a1");
    world.login("a2");
    world.pause("a2", "lunch");
    const early = world.callArrives("sales", "+33611000001"); // only REST can tell about it
    const sim = await startSim(world);
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    const [A1, A2, A3] = ["a1", "a2", "a3"].map((a) => sim.agentUuid(a)) as [string, string, string];
    const SALES = sim.queueUuid("sales");

    const resync = await sink.waitFor(isResync);
    expect(resync).toMatchObject({ agentIds: expect.arrayContaining([A1, A2, A3]), activeCallIds: [sim.queuecallUuid(early)] });
    expect(link.status()).toMatchObject({ state: "up", platform: "voipbin" });
    expect(sim.subscriptions()).toEqual([[`customer_id:${sim.customerId}:agent`, `customer_id:${sim.customerId}:queuecall`, `customer_id:${sim.customerId}:call`]]);
    expect(sim.logins.accepted).toBe(1);
    expect(sink.lastState(A1)?.state).toBe("READY");
    expect(sink.lastState(A2)).toMatchObject({ state: "PAUSED", pauseCode: null, platformState: "away" });
    expect(sink.lastState(A3)?.state).toBe("LOGGED_OUT");
    expect(sink.lastIdentity(A1)).toMatchObject({ name: "Ann Lee", login: "a1", phone: "1001", queues: [SALES, sim.queueUuid("support")].sort() });
    expect(sink.calls(sim.queuecallUuid(early)).at(-1)?.call).toMatchObject({ state: "waiting", queue: SALES, to: "sales", timesFrom: "platform" });

    // The waiting caller is offered to Ann, answered and hung up; Ann stays busy (no wrap-up in VoIPBin): DISPO.
    const QC = sim.queuecallUuid(early);
    const mark = sink.mark();
    world.offer(early, "a1");
    await sink.waitFor(isState(A1, "RINGING"), 3000, mark);
    await sink.waitFor(isCall(QC, (c) => c.state === "ringing" && c.agentId === A1), 3000, mark);
    world.answer(early);
    await sink.waitFor(isState(A1, "INCALL"), 3000, mark);
    world.hangup(early);
    const ended = await sink.waitFor(isCall(QC, (c) => c.state === "ended"), 3000, mark);
    expect(ended.call).toMatchObject({ outcome: "answered", agentId: A1, endKnown: true, queue: SALES });
    expect(ended.call.talkSec).not.toBeNull();
    await sink.waitFor(isState(A1, "DISPO"), 3000, mark);
    world.endWrapup("a1");
    await sink.waitFor(isState(A1, "READY"), 3000, mark);

    // Every frame came twice (two topic forms); each change was applied once.
    const status = link.status();
    expect(status.counters["duplicateFrames"]).toBeGreaterThan(3);
    expect(status.counters["wrappedFrames"]).toBeGreaterThan(0);
    expect(status.counters["bareFrames"]).toBeGreaterThan(0);
    expect(sink.calls(QC).filter((e) => e.call.state === "connected")).toHaveLength(1);
    expect(sink.states(A1).slice(-4).map((s) => s.state)).toEqual(["RINGING", "INCALL", "DISPO", "READY"]);

    // A queue call created live: no known queue lists it yet, so the link re-reads the queues.
    const live = world.callArrives("support", "+33611000002");
    const mapped = await sink.waitFor(isCall(sim.queuecallUuid(live), (c) => c.queue === sim.queueUuid("support")), 3000, mark);
    expect(mapped.call.from).toBe("+33611000002");
    expect(link.status().counters["queueRefreshes"]).toBeGreaterThanOrEqual(1);

    // A malformed frame is counted; the link stays up and keeps working.
    sim.sendRaw('{"type":"agent_updated","data":');
    await until(() => link.status().malformedFrames, (n) => n === 1);
    world.abandon(live);
    await sink.waitFor(isCall(sim.queuecallUuid(live), (c) => c.outcome === "abandoned"), 3000, mark);
    expect(link.status()).toMatchObject({ state: "up", reconnects: 0 });
  });

  it("a dropped link reconnects with backoff and resyncs: what changed while down comes from REST", async () => {
    const world = makeWorld();
    world.login("a1");
    world.login("a2");
    const answeredWhileDown = world.callArrives("sales", "+33622000001");
    const abandonedWhileDown = world.callArrives("support", "+33622000002");
    const sim = await startSim(world, { timestamps: "legacy" });
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    await sink.waitFor(isResync);
    const A1 = sim.agentUuid("a1");
    const A2 = sim.agentUuid("a2");

    await sim.stop();
    await until(() => link.status().state, (s) => s === "down");
    world.offer(answeredWhileDown, "a1");
    world.answer(answeredWhileDown);
    world.hangup(answeredWhileDown);
    world.abandon(abandonedWhileDown);
    world.pause("a2", "training");
    const arrivedWhileDown = world.callArrives("sales", "+33622000003");
    await new Promise((r) => setTimeout(r, 350)); // a few failed attempts
    const attempts = link.status().counters["reconnectAttempts"]!;
    expect(attempts).toBeGreaterThanOrEqual(2);

    const mark = sink.mark();
    await sim.start();
    await sink.waitFor(isResync, 5000, mark);
    expect(link.status()).toMatchObject({ state: "up", reconnects: 1 });
    expect(link.status().counters["resyncs"]).toBe(2);
    // Calls that ended while we were away end with VoIPBin's own times (REST lists them).
    expect(sink.calls(sim.queuecallUuid(answeredWhileDown)).at(-1)?.call).toMatchObject({ state: "ended", outcome: "answered", endKnown: true, agentId: A1 });
    expect(sink.calls(sim.queuecallUuid(abandonedWhileDown)).at(-1)?.call).toMatchObject({ state: "ended", outcome: "abandoned", endKnown: true });
    expect(sink.calls(sim.queuecallUuid(arrivedWhileDown)).at(-1)?.call).toMatchObject({ state: "waiting", queue: sim.queueUuid("sales") });
    expect(sink.lastState(A2)).toMatchObject({ state: "PAUSED" });
    // Ann is still busy after a call that ended while we were away: after-call work.
    expect(sink.lastState(A1)).toMatchObject({ state: "DISPO" });
  });

  it("a call that vanished from REST while the link was down ends with no invented end time", async () => {
    const world = makeWorld();
    const call = world.callArrives("sales", "+33633");
    const sim = await startSim(world);
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    await sink.waitFor(isResync);
    sim.dropLinks();
    await until(() => link.status().state, (s) => s !== "up");
    world.abandon(call);
    sim.forgetEnded();
    const mark = sink.mark();
    const ended = await sink.waitFor(isCall(sim.queuecallUuid(call), (c) => c.state === "ended"), 5000, mark);
    expect(ended.call).toMatchObject({ outcome: "unknown", endKnown: false, endedAt: null });
  });

  it("a silent link (no frame, no ping) is dropped after silenceMs and comes back", async () => {
    const sim = await startSim(makeWorld());
    const sink = new RecordingSink();
    const link = startLink(sim, sink, { silenceMs: 1_000 });
    await sink.waitFor(isResync);
    // Pings (every 200 ms) keep a quiet link alive well past silenceMs.
    await new Promise((r) => setTimeout(r, 1_300));
    expect(link.status().state).toBe("up");
    sim.freeze();
    await until(() => link.status().lastError ?? "", (e) => e.startsWith("silent for 1000 ms"), 3_000);
    const mark = sink.mark();
    await sink.waitFor(isResync, 5000, mark);
    expect(link.status().reconnects).toBe(1);
  });

  it("a topic the account may not see: VoIPBin closes the socket and the status says why", async () => {
    const sim = await startSim(makeWorld(), { permission: 16 });
    const link = startLink(sim, new RecordingSink());
    await until(() => link.status().lastError ?? "", (e) => e.includes("may not see"), 3_000);
    expect(sim.refusedTopics).toBeGreaterThanOrEqual(1);
    expect(link.status().state).not.toBe("up");
  });

  it("an expired token is refused at the handshake; the link signs in again", async () => {
    const sim = await startSim(makeWorld());
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    await sink.waitFor(isResync);
    sim.expireTokens();
    const mark = sink.mark();
    sim.dropLinks();
    await sink.waitFor(isResync, 5000, mark);
    expect(sim.logins.accepted).toBe(2);
    expect(link.status().counters["signIns"]).toBe(2);
  });

  it("renews the token before it expires (from the JWT's exp) without touching the socket", async () => {
    const sim = await startSim(makeWorld(), { tokenTtlSec: 2 });
    const sink = new RecordingSink();
    const link = startLink(sim, sink, { renewAtFraction: 0.5 });
    await sink.waitFor(isResync);
    await until(() => link.status().counters["tokenRenewals"] ?? 0, (n) => n >= 1, 4000, "token renewal");
    expect(sim.logins.accepted).toBeGreaterThanOrEqual(2);
    expect(link.status()).toMatchObject({ state: "up", reconnects: 0 });
    expect(sim.connections).toBe(1);
  });

  it("works with an access key and no sign-in", async () => {
    const sim = await startSim(makeWorld(), { accessKeys: ["ak-123"] });
    const sink = new RecordingSink();
    const link = startLink(sim, sink, { username: undefined, password: undefined, accessKey: "ak-123" });
    await sink.waitFor(isResync);
    expect(sim.logins.accepted).toBe(0);
    expect(link.status().url).not.toContain("ak-123");
  });

  it("wrong credentials: the refusal is the status' last error", async () => {
    const sim = await startSim(makeWorld());
    const link = startLink(sim, new RecordingSink(), { password: "nope" });
    await until(() => link.status().lastError ?? "", (e) => e.includes("sign-in refused: HTTP 400"));
    expect(sim.connections).toBe(0);
  });
});
