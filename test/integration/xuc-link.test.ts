/**
 * The XuC link against the XuC simulator over real sockets on loopback: sign-in, commands,
 * states, names, pause codes, queue figures, waiting calls, malformed frames, reconnect with
 * backoff and resync, LoggedOnError, heartbeat loss, and the throttle.
 */
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { XucLink } from "../../lib/sources/xuc/link";
import { xucConfigSchema, type XucConfigInput } from "../../lib/sources/xuc/config";
import type { QueueStatsEvent, QueueWaitingEvent } from "../../lib/sources/neutral-events";
import { CallCentreWorld } from "../../sim/world/call-centre-world";
import { XucSimulator, type XucSimulatorOptions } from "../../sim/xuc/simulator";
import { RecordingSink, isResync, isState } from "../support/neutral-sink";
import { undoAfterEach } from "../support/teardown";
import { until } from "../support/until";

const LOGIN = "supervisor";
const PASSWORD = "s3cret";
const cleanup = undoAfterEach();

function makeWorld(queueCount = 2): CallCentreWorld {
  const queues = Array.from({ length: queueCount }, (_, i) => ({ id: i === 0 ? "sales" : i === 1 ? "support" : `q${i}`, name: i === 0 ? "sales" : i === 1 ? "support" : `queue${i}`, displayName: i === 0 ? "Sales" : i === 1 ? "Support" : `Queue ${i}`, number: String(3000 + i) }));
  return new CallCentreWorld({
    queues,
    agents: [
      { id: "a1", login: "2001", firstName: "Ann", lastName: "Lee", phone: "1001", queues: ["sales", "support"] },
      { id: "a2", login: "2002", firstName: "Bob", lastName: "Roy", phone: "1002", queues: ["sales"] },
      { id: "a3", login: "2003", firstName: "Cy", lastName: "Oh", phone: "1003", queues: ["support"] },
    ],
  });
}

async function startSim(world: CallCentreWorld, opts: Partial<XucSimulatorOptions> = {}): Promise<XucSimulator> {
  const sim = new XucSimulator({ world, login: LOGIN, password: PASSWORD, noise: true, ...opts });
  await sim.start();
  cleanup(() => sim.stop());
  return sim;
}

function startLink(sim: XucSimulator, sink: RecordingSink, cfg: Partial<XucConfigInput> = {}, extra: { createSocket?: (url: string, o: WebSocket.ClientOptions) => WebSocket } = {}): XucLink {
  const config = xucConfigSchema.parse({ name: "xuc-test", url: sim.url, login: LOGIN, password: PASSWORD, heartbeatMs: 200, loggedOnGraceMs: 500, backoff: { minMs: 100, maxMs: 400 }, ...cfg });
  const link = new XucLink(config, { sink, random: () => 0.999, ...extra });
  link.start();
  cleanup(() => link.stop());
  return link;
}

describe("XuC link against the simulator", () => {
  it("reports states, names, pause codes, queue figures and waiting calls", async () => {
    const world = makeWorld();
    world.login("a1");
    world.login("a2");
    world.pause("a2", "lunch");
    const sim = await startSim(world);
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    const A1 = sim.agentId("a1");
    const A2 = sim.agentId("a2");
    const A3 = sim.agentId("a3");
    const SALES = sim.queueId("sales");

    await sink.waitFor(isResync);
    await until(() => sink.lastState(A3)?.state, (s) => s === "LOGGED_OUT");
    expect(link.status()).toMatchObject({ state: "up", platform: "xuc", name: "xuc-test", lastError: null });
    expect(sink.lastIdentity(A1)).toMatchObject({ name: "Ann Lee", login: "2001", phone: "1001", queues: [sim.queueId("sales"), sim.queueId("support")].sort() });
    expect(sink.lastState(A1)).toMatchObject({ state: "READY", platformState: "AgentReady" });
    expect(sink.lastState(A2)).toMatchObject({ state: "PAUSED", pauseCode: "lunch", pauseLabel: "Lunch break" });
    // The supervision commands went out (CCManager's order), one subscribeToQueueCalls per queue.
    await until(() => sim.commands.get("subscribeToQueueCalls") ?? 0, (n) => n === 2);
    expect(Object.fromEntries([...sim.commands].filter(([c]) => c !== "ping"))).toEqual({ getList: 3, getAgentStates: 1, subscribeToAgentEvents: 1, subscribeToQueueStats: 1, subscribeToQueueCalls: 2 });

    // A caller waits, is offered to Ann, answered, hung up; Ann wraps up, then is ready.
    const mark = sink.mark();
    const call = world.callArrives("sales", "+33611223344", "Dee");
    const waiting = await sink.waitFor((e): e is QueueWaitingEvent => e.type === "queue-waiting" && e.queueId === SALES && e.calls.length === 1, 3000, mark);
    expect(waiting.calls[0]).toMatchObject({ position: 1, callerNumber: "+33611223344", callerName: "Dee" });
    world.offer(call, "a1");
    await sink.waitFor(isState(A1, "RINGING"), 3000, mark);
    world.answer(call);
    const incall = await sink.waitFor(isState(A1, "INCALL"), 3000, mark);
    expect(incall.call).toEqual({ acd: true, direction: "incoming" });
    world.hangup(call);
    await sink.waitFor(isState(A1, "DISPO"), 3000, mark);
    world.endWrapup("a1");
    await sink.waitFor(isState(A1, "READY"), 3000, mark);
    const stats = await sink.waitFor((e): e is QueueStatsEvent => e.type === "queue-stats" && e.queueId === SALES && e.counters["TotalNumberCallsAnswered"] === 1, 3000, mark);
    expect(stats.counters).toMatchObject({ TotalNumberCallsEntered: 1, WaitingCalls: 0, LongestWaitTime: 0 });
    expect(stats.definitions["PercentageAnsweredBefore15"]?.unit).toBe("percent");
    // The simulator alternated queueId / queueRef keys and both longest-wait spellings: all merged on one queue.
    expect(link.knowledge().counters.size).toBe(2);

    // A malformed frame is counted; the link stays up and keeps working.
    sim.sendRaw('{"msgType":"AgentStateEvent","ctiMessage":');
    await until(() => link.status().malformedFrames, (n) => n === 1);
    world.pause("a1", "training");
    await sink.waitFor((e) => isState(A1, "PAUSED")(e) && e.pauseCode === "training" && e.pauseLabel === "Training", 3000, mark);
    expect(link.status()).toMatchObject({ state: "up", reconnects: 0 });
    expect(sink.rawFrames).toBeGreaterThan(10);
  });

  it("reconnects with backoff after a dropped link and resyncs from fresh lists, changes made while down included", async () => {
    const world = makeWorld();
    world.login("a1");
    const sim = await startSim(world);
    const sink = new RecordingSink();
    const attempts: number[] = [];
    const link = startLink(sim, sink, {}, { createSocket: (url, o) => (attempts.push(Date.now()), new WebSocket(url, o)) });
    const A1 = sim.agentId("a1");
    const A3 = sim.agentId("a3");
    await sink.waitFor(isResync);

    await sim.stop();
    await until(() => link.status().state, (s) => s === "down");
    const downAt = link.status().since;
    world.pause("a1", "backoffice");
    world.login("a3");
    const waitingCall = world.callArrives("support", "+33699");
    // Let several attempts fail while the server is away: full jitter at 0.999 gives ~100, 200, 400, 400 ms.
    await until(() => attempts.filter((t) => t >= downAt).length, (n) => n >= 4, 5000, "reconnect attempts");
    const retries = attempts.filter((t) => t >= downAt);
    const delays = retries.map((t, i) => t - (i === 0 ? downAt : retries[i - 1]!));
    // Timers never fire early, so the lower bounds prove the doubling; the upper bounds allow a loaded machine.
    expect(delays.slice(0, 4).map((d, i) => d >= [98, 198, 398, 398][i]!)).toEqual([true, true, true, true]);
    expect(Math.max(...delays)).toBeLessThan(400 + 300);
    expect(link.status().lastError).toMatch(/ECONNREFUSED|closed|error/i);

    const mark = sink.mark();
    await sim.start();
    await sink.waitFor(isResync, 5000, mark);
    await sink.waitFor((e) => isState(A1, "PAUSED")(e) && e.pauseCode === "backoffice", 3000, mark);
    await sink.waitFor(isState(A3, "READY"), 3000, mark);
    const waiting = await sink.waitFor((e): e is QueueWaitingEvent => e.type === "queue-waiting" && e.queueId === sim.queueId("support") && e.calls.length === 1, 3000, mark);
    expect(waiting.calls[0]!.callerNumber).toBe("+33699");
    expect(link.status()).toMatchObject({ state: "up", reconnects: 1 });
    expect(world.call(waitingCall).state).toBe("waiting");
  });

  it("LoggedOnError ends the attempt with the reason on the status", async () => {
    const sim = await startSim(makeWorld(), { failLogOn: "loggedOnTimeout" });
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    await until(() => link.status().lastError, (e) => e === "LoggedOnError: loggedOnTimeout");
    expect(link.status().state).not.toBe("up");
    // The token was dropped: every attempt signs in again.
    await until(() => sim.loggedOnErrors, (n) => n >= 2);
    expect(sim.logins.accepted).toBeGreaterThanOrEqual(2);
  });

  it("an expired token: XuC refuses the session, the link signs in again and comes back", async () => {
    const world = makeWorld();
    const sim = await startSim(world);
    const sink = new RecordingSink();
    const link = startLink(sim, sink);
    await sink.waitFor(isResync);
    sim.expireTokens();
    const mark = sink.mark();
    sim.dropLinks();
    await sink.waitFor(isResync, 5000, mark);
    expect(sim.loggedOnErrors).toBe(1);
    expect(sim.logins.accepted).toBe(2);
    expect(link.status()).toMatchObject({ state: "up", reconnects: 1 });
  });

  it("renews the token before its TTL ends without touching the open socket", async () => {
    const sim = await startSim(makeWorld(), { ttlSec: 2 });
    const sink = new RecordingSink();
    const link = startLink(sim, sink, { renewAtFraction: 0.5 });
    await sink.waitFor(isResync);
    await until(() => link.status().counters["tokenRenewals"] ?? 0, (n) => n >= 1, 3000, "token renewal");
    expect(sim.logins.accepted).toBeGreaterThanOrEqual(2);
    expect(link.status()).toMatchObject({ state: "up", reconnects: 0 });
    expect(sim.connections).toBe(1);
  });

  it("wrong credentials: the sign-in refusal is the status' last error", async () => {
    const sim = await startSim(makeWorld());
    const link = startLink(sim, new RecordingSink(), { password: "wrong" });
    await until(() => link.status().lastError, (e) => e !== null && e.includes("HTTP 401") && e.includes("InvalidCredentials"));
    expect(sim.connections).toBe(0);
  });

  it("sends the heartbeat every interval and drops a silent link after 3 missed", async () => {
    const sim = await startSim(makeWorld());
    const sink = new RecordingSink();
    const link = startLink(sim, sink, { heartbeatMs: 200 });
    await sink.waitFor(isResync);
    await until(() => sim.commands.get("ping") ?? 0, (n) => n >= 3, 3000, "pings");
    expect(JSON.parse(sim.received.find((r) => r.command === "ping")!.text)).toEqual({ claz: "ping" });
    const before = Date.now();
    sim.freeze();
    await until(() => link.status().lastError ?? "", (e) => e.startsWith("heartbeat lost"), 3000);
    const took = Date.now() - before;
    expect(took).toBeGreaterThanOrEqual(3 * 200 - 50);
    expect(took).toBeLessThan(5 * 200 + 500);
    const mark = sink.mark();
    await sink.waitFor(isResync, 5000, mark);
    expect(link.status().reconnects).toBe(1);
  });

  it("stays under XuC's throttle with many queues; without our throttle XuC would refuse messages", async () => {
    // XuC's bucket shrunk to 20 messages refilled at 10/s; ours: 4/s + 4 per 1 s (≤ 8/s sustained, ≤ 16 back to back).
    const throttle = { capacity: 20, refillPerSec: 10 };
    const world = makeWorld(24);
    const sim = await startSim(world, { throttle, noise: false });
    const link = startLink(sim, new RecordingSink(), { heartbeatMs: 1000, throttle: { steadyPerSec: 4, burst: 4, burstWindowMs: 1000 } });
    await until(() => sim.commands.get("subscribeToQueueCalls") ?? 0, (n) => n === 24, 15_000, "queue subscriptions");
    expect(sim.throttleErrors).toBe(0);
    expect(link.throttleStats().delayed).toBeGreaterThan(0);
    expect(link.status().counters["serverThrottleErrors"] ?? 0).toBe(0);

    // The same with a throttle far above XuC's: XuC refuses messages, the link says so and stays up.
    const sim2 = await startSim(makeWorld(24), { throttle, noise: false });
    const link2 = startLink(sim2, new RecordingSink(), { heartbeatMs: 1000, throttle: { steadyPerSec: 50, burst: 200, burstWindowMs: 1000 } });
    await until(() => link2.status().counters["serverThrottleErrors"] ?? 0, (n) => n > 0, 5000, "XuC throttle errors");
    expect(sim2.throttleErrors).toBeGreaterThan(0);
    expect(link2.status().lastError).toBe("XuC Error: Maximum throttle throughput exceeded.");
    expect(link2.status().state).toBe("up");
  }, 30_000);
});
