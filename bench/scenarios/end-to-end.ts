/**
 * Scenario 2 — end-to-end latency: push request sent → agent state received by every subscriber.
 *
 * 200 Socket.IO clients (2 processes) subscribe to 10 campaign topics (20 clients each, as
 * supervisors' walls do). Two pusher processes send events for 1,000 agents spread over those
 * campaigns at 1,000 and then 2,000 events/s, one new connection per event (get2post.php). Each
 * message carries the send time (taken just before the request is written); each client
 * subtracts it from its own receipt time. One sample per event per subscribed client, in ms
 * (nearest-rank percentiles). Deliveries are counted against events stored × 20.
 */
import path from "node:path";
import type { Scenario } from "../lib/context";
import { pgDataDirOf } from "../lib/context";
import { cpuText, processCpuMs } from "../lib/cpu";
import { runPushPhase, type PushRun } from "../lib/load";
import { atMostTimes, below, info, notMeasured } from "../lib/report";
import { cpuProfiling, profileTop } from "../lib/cpu-profile";
import { PUSH_TOKEN, serverLogNote, startBaselineServer, startWallboardServer, type RunningServer } from "../lib/server";
import { fmt, medianIndex, slowBuckets, summarise } from "../lib/stats";
import { agentFlushIntervalMs } from "../../lib/realtime/flush-pacing";
import { samplesBetween, startSubscribers, type MergedSubscribers } from "../lib/subscribers";

const CLIENTS = 200;
const CAMPAIGNS = Array.from({ length: 10 }, (_, i) => `E${i}`);
const AGENTS = 1_000;
const RATES = [1_000, 2_000];
const PHASE_MS = 8_000;
/**
 * Phases per rate (1,000 then 2,000 events/s, in turn) and baseline phases; a target is held
 * against the median phase's p99: on these 2 shared cores one phase's p99 moved by 2× from run
 * to run.
 */
const REPEATS = 3;
/**
 * A first phase at 1,000 events/s, reported but not held to a target: the first seconds of
 * load after start (the server's JIT, its heap and the subscribers' warming up) cost p99s of
 * 150–350 ms that a later phase at the same rate does not show (42–92 ms), and the issue's
 * targets are about a running server, as scenario 1's warm-up is.
 */
const WARMUP_MS = 3_000;
/** Each rate's phase in the profile pass. */
const PROFILE_MS = 5_000;
/** Issue 14: p99 under 50 ms at 1,000 events/s; at 2,000/s at most 2× the bare push baseline's p99 (same run, same rate). */
const TARGET_P99_MS = 50;
const TARGET_P99_FACTOR = 2;

export const endToEnd: Scenario = {
  id: "2 End-to-end",
  title: "End-to-end latency, push to 200 Socket.IO subscribers",
  method: [
    `${CLIENTS} Socket.IO clients in 2 processes, each subscribed to one of ${CAMPAIGNS.length} campaign topics (${CLIENTS / CAMPAIGNS.length} per campaign); ${AGENTS} agents spread over those campaigns.`,
    `Two pusher processes send at ${RATES.map((r) => fmt(r, 0)).join(" and ")} events/s for ${PHASE_MS / 1000} s each, in turn, ${REPEATS} times, one new connection per event (get2post.php); each rate's figures are its median phase's (by p99), and the note lists the ${REPEATS} p99s. After a warm-up of ${WARMUP_MS / 1000} s at 1,000 events/s (its figures are shown, without a target). Each pusher process warms its own JIT first, 1 s of sending to an HTTP sink in its own process (bench/load/pusher.ts), not counted.`,
    `The push baseline: bench/baseline-server.ts (bare node:http + pg, same rows) on its own database, the same pushers at 2,000 events/s for ${PHASE_MS / 1000} s with a connection per event, ${REPEATS} times, in the same run; its median push p99 (request written → answer) sets the 2,000/s target.`,
    `The bare end-to-end baselines (shown, not targets): the same server with a bare Socket.IO fan-out of the rows (FANOUT=paced: paced as the wallboard's agent messages; FANOUT=batch: a message per room per commit), the same clients and pushers, ${WARMUP_MS / 1000} s at 1,000 then ${PHASE_MS / 1000} s at 2,000 events/s: what this machine gives push → 200 clients without the wallboard's stack.`,
    `The figures come from a pass without V8's profiler; the CPU profile below from a second pass of its own (${RATES.map((r) => fmt(r, 0)).join(" and ")} events/s for ${PROFILE_MS / 1000} s each, a fresh server and database).`,
    "Latency (ms) = time a client receives the `agents` message carrying the agent's new state (one message per room and flush: lib/realtime/flush-pacing.ts) − time the pusher stamped into the event's message just before writing the request (same machine clock); one sample per event per subscribed client.",
  ].join("\n"),
  targets: [
    { name: `p99 at 1,000 events/s, ${CLIENTS} clients`, target: `< ${TARGET_P99_MS} ms` },
    { name: `p99 at 2,000 events/s, ${CLIENTS} clients`, target: `≤ ${TARGET_P99_FACTOR}× baseline push p99` },
  ],
  budgetMs: 6 * 60_000,
  async run(ctx, out) {
    const db = await ctx.cluster.createDatabase("bench_e2e");
    const wallboard = (d: string) => startWallboardServer(d, ctx.cluster.dataDir);
    let server: RunningServer | undefined;
    try {
      const plan = [{ rate: 1_000, ms: WARMUP_MS, warmUp: true }, ...Array.from({ length: REPEATS }, () => RATES.map((rate) => ({ rate, ms: PHASE_MS, warmUp: false }))).flat()];
      const { phases, got } = await drive(ctx, db, plan, wallboard, (s) => (server = s));
      const baseline = await baselinePush(ctx);
      if (baseline) out.metrics.push(info(`baseline push p99 at 2,000 events/s`, baseline.p99, "ms", `bare node:http + pg, a connection per event; the median of ${REPEATS} phases (p99s ${baseline.p99s.map((v) => fmt(v)).join(", ")} ms); its p50 ${fmt(baseline.p50)} ms; ${fmt(baseline.stored, 0)} of ${fmt(baseline.sent, 0)} stored`));
      const bare = { paced: await bareEndToEnd(ctx, "paced"), batch: await bareEndToEnd(ctx, "batch") };
      for (const mode of ["paced", "batch"] as const) {
        const b = bare[mode];
        if (!b) continue;
        const how = mode === "paced" ? "held and sent as the wallboard paces them (one message per room every flush interval, an agent's newest row)" : "each batch's rows right after its commit, one message per campaign room";
        out.metrics.push(
          info(
            `bare end-to-end baseline p99 at 2,000 events/s, ${mode}`,
            b.p99,
            "ms",
            `bench/baseline-server.ts with FANOUT=${mode}: bare node:http + pg + Socket.IO, no state model; ${how}; the same clients and pushers. p50 ${fmt(b.p50)} ms, max ${fmt(b.max)} ms; its push p99 ${fmt(b.pushP99)} ms; ${b.deliveries}, ${fmt(b.perMessage, 1)} states per message; ${b.cpu}`,
          ),
        );
      }
      if (got.failed) out.notes.push(`${got.failed} clients failed to subscribe: ${got.failures.join("; ")}`);
      if (got.disconnects) out.notes.push(`${got.disconnects} client disconnects during the run.`);
      if (got.messages) out.notes.push(`Clients received ${fmt(got.deltas, 0)} agent states in ${fmt(got.messages, 0)} \`agents\` messages (${fmt(got.deltas / got.messages, 1)} per message).`);

      const measured = phases.map(({ rate, warmUp, run }) => {
        const s = summarise(samplesBetween(got, run.firstSendAt - 1, run.lastAnswerAt + 1));
        const push = summarise(run.latencies);
        const expected = run.stored * (got.connected / CAMPAIGNS.length);
        ctx.log(`  ${fmt(rate, 0)}/s: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms; ${s.count} of ${fmt(expected, 0)} deliveries (${cpuText(run.cpu)}; accept queue up to ${run.acceptQueueMax})`);
        const slow = slowBuckets(got.sentAt, got.latency, run.firstSendAt - 1, run.lastAnswerAt + 1, 250, Math.max(50, s.p50 * 2));
        if (slow.length > 0) ctx.log(`    slow quarter-seconds (delivery): ${slow.join(", ")}`);
        const slowPush = slowBuckets(run.sentAt, run.latencies, run.firstSendAt - 1, run.lastAnswerAt + 1, 250, Math.max(50, push.p50 * 2));
        if (slowPush.length > 0) ctx.log(`    slow quarter-seconds (push answer): ${slowPush.join(", ")}`);
        if (!warmUp)
          out.notes.push(
            `${fmt(rate, 0)} events/s: delivery p99 ${fmt(s.p99)} ms; push response p50 ${fmt(push.p50)} ms / p99 ${fmt(push.p99)} ms; ${fmt(run.sent, 0)} sent, ${fmt(run.stored, 0)} stored${run.errors ? `, ${run.errors} network errors` : ""}; load generator late by up to ${fmt(run.lagMax)} ms; ${cpuText(run.cpu)}; the server's accept queue up to ${fmt(run.acceptQueueMax, 0)} connections (bench/lib/accept-queue.ts).`,
          );
        return { rate, warmUp, run, s, push, expected };
      });
      const warm = measured.find((m) => m.warmUp);
      if (warm) out.metrics.push(info(`warm-up: p99 in the first ${WARMUP_MS / 1000} s at ${fmt(warm.rate, 0)} events/s after start`, warm.s.p99, "ms", `p50 ${fmt(warm.s.p50)} ms, max ${fmt(warm.s.max)} ms; push answer p99 ${fmt(warm.push.p99)} ms`));
      for (const rate of RATES) {
        const ofRate = measured.filter((m) => !m.warmUp && m.rate === rate);
        if (ofRate.length === 0) continue;
        const { run, s, push, expected } = ofRate[medianIndex(ofRate.map((m) => m.s.p99))]!;
        const each = `p99 of the ${ofRate.length} phases: ${ofRate.map((m) => fmt(m.s.p99)).join(", ")} ms`;
        const label = `at ${fmt(rate, 0)} events/s, ${CLIENTS} clients`;
        out.metrics.push(info(`p50 ${label}`, s.p50, "ms", `the median phase; ${each}`));
        if (rate !== 2_000) out.metrics.push(below(`p99 ${label}`, s.p99, TARGET_P99_MS, "ms", () => why(run, push.p99, s.p99)));
        else if (baseline) out.metrics.push(atMostTimes(`p99 ${label}`, s.p99, baseline.p99, TARGET_P99_FACTOR, "ms", () => why(run, push.p99, s.p99, { target: baseline.p99 * TARGET_P99_FACTOR, ...bare })));
        else out.metrics.push(notMeasured(`p99 ${label}`, "the push baseline could not be measured", `≤ ${TARGET_P99_FACTOR}× baseline push p99`));
        out.metrics.push(info(`max ${label}`, s.max, "ms", "the median phase"));
        out.metrics.push(
          info(
            `deliveries ${label}`,
            expected ? (s.count / expected) * 100 : null,
            "%",
            `the median phase: ${fmt(s.count, 0)} of ${fmt(expected, 0)} expected (${fmt(run.stored, 0)} events stored × ${got.connected / CAMPAIGNS.length} clients per campaign); an agent's events committed in one batch reach clients as one state (the newest), so < 100% is expected under load`,
          ),
        );
      }
    } finally {
      const logNote = serverLogNote(server);
      if (logNote) out.notes.push(logNote);
      await server?.stop();
    }
    // The profile comes from a pass of its own: V8's sampler (a thread waking every ms on
    // these 2 cores) is not in the measured figures (with it in the measured pass, the 2,000/s p99 was several times higher).
    if (cpuProfiling) {
      const profileDir = path.join(ctx.cluster.dataDir, "profile-e2e");
      let profiled: RunningServer | undefined;
      try {
        ctx.log("profile pass (its figures are not reported)");
        const db2 = await ctx.cluster.createDatabase("bench_e2e_profile");
        const withProfiler = (d: string) => startWallboardServer(d, ctx.cluster.dataDir, {}, { cpuProfileDir: profileDir });
        await drive(ctx, db2, RATES.map((rate) => ({ rate, ms: PROFILE_MS, warmUp: false })), withProfiler, (s) => (profiled = s));
      } finally {
        await profiled?.stop();
      }
      const top = profileTop(profileDir, `a profile pass of its own (${RATES.map((r) => fmt(r, 0)).join(" and ")} events/s for ${PROFILE_MS / 1000} s each, ${CLIENTS} clients)`);
      if (top) out.notes.push(top);
    }
  },
};

/**
 * One pass of the scenario's load on a fresh server (`start(db)`: the wallboard, or the bare
 * end-to-end baseline): agents logged in, the clients subscribed, then `plan`'s phases at
 * fixed rates with a connection per event. The server is handed to `started` at once (the
 * caller stops it); the subscribers are stopped here.
 */
async function drive(
  ctx: Parameters<Scenario["run"]>[0],
  db: string,
  plan: { rate: number; ms: number; warmUp: boolean }[],
  start: (db: string) => Promise<RunningServer>,
  started: (server: RunningServer) => void,
): Promise<{ phases: { rate: number; warmUp: boolean; run: PushRun }[]; got: MergedSubscribers }> {
  const srv = await start(db);
  started(srv);
  const epoch = Math.floor(Date.now() / 1000) - 60;
  // One session id for every phase (bench/lib/events.ts `session`): the updates continue the logins.
  const base = { url: srv.pushUrl, token: PUSH_TOKEN, agents: AGENTS, userPrefix: "e", campaigns: CAMPAIGNS, epoch, session: 1 };
  ctx.log(`logging in ${AGENTS} agents`);
  await runPushPhase({ ...base, keepAlive: true, mode: "closed", workers: 1, totalConcurrency: 50, durationMs: 30_000, maxEvents: AGENTS }, srv, pgDataDirOf(ctx.cluster));

  ctx.log(`connecting ${CLIENTS} clients`);
  const topics = Array.from({ length: CLIENTS }, (_, i) => `campaign:${CAMPAIGNS[i % CAMPAIGNS.length]}`);
  const subs = startSubscribers(srv.url, srv.cookie, topics, 2, 300_000);
  try {
    return { phases: await runPlan(), got: await subs.stop() };
  } catch (err) {
    // A failed pass (e.g. a bare baseline) must not leave its clients running into the next.
    await subs.stop().catch(() => {});
    throw err;
  }

  async function runPlan(): Promise<{ rate: number; warmUp: boolean; run: PushRun }[]> {
    const ready = await subs.ready;
    ctx.log(`  ${ready.connected} connected, ${ready.failed} failed`);

    const phases: { rate: number; warmUp: boolean; run: PushRun }[] = [];
    let counter = 10;
    for (const { rate, ms, warmUp } of plan) {
      ctx.log(`${fmt(rate, 0)} events/s for ${ms / 1000} s${warmUp ? " (warm-up)" : ""}`);
      // The subscriber processes' CPU over the phase, beside the server's, PostgreSQL's and the pushers'.
      const subscribersCpu = () => subs.workers.reduce((a, w) => a + (w.child.pid ? processCpuMs(w.child.pid) : 0), 0);
      const subs0 = subscribersCpu();
      const t0 = performance.now();
      const run = await runPushPhase(
        { ...base, login: false, counterStart: counter, keepAlive: false, mode: "open", workers: 2, totalRate: rate, durationMs: ms, maxEvents: (rate * ms) / 1000, stamp: true, recordLatency: true },
        srv,
        pgDataDirOf(ctx.cluster),
      );
      run.cpu = { ...run.cpu, subscribers: ((subscribersCpu() - subs0) / (performance.now() - t0)) * 100 };
      // Counters continue above what this phase used, so the next phase's events sort after.
      counter += Math.ceil((rate * ms) / 1000 / AGENTS) + 10;
      phases.push({ rate, warmUp, run });
      await new Promise((r) => setTimeout(r, 2_000));
    }
    return phases;
  }
}

/**
 * Why a p99 target was missed, from the phase's own figures (ms); `bare`: the target and the
 * bare end-to-end baselines' p99s in the same run, when measured.
 */
function why(run: PushRun, pushP99: number, p99: number, bare?: { target: number; paced: { p99: number } | null; batch: { p99: number } | null }): string {
  const best = bare ? Math.min(bare.paced?.p99 ?? Infinity, bare.batch?.p99 ?? Infinity) : Infinity;
  const bareText = () => {
    const each = [bare?.paced ? `${fmt(bare.paced.p99)} ms paced as the wallboard` : "", bare?.batch ? `${fmt(bare.batch.p99)} ms with a message per commit` : ""].filter(Boolean).join(", ");
    const verdict = [
      best > bare!.target ? `even the better one is over the ${fmt(bare!.target)} ms target` : `the better one is under the ${fmt(bare!.target)} ms target`,
      bare?.paced ? `the wallboard's p99 is ${fmt(p99 / bare.paced.p99, 2)}× the paced one's (like for like)` : "",
      "each bare baseline ran once, and its p99 moves from run to run as much as the wallboard's does",
    ].filter(Boolean).join("; ");
    return `A bare node:http + pg + Socket.IO server sending the same rows to the same clients had p99 ${each} in the same run (bare end-to-end baselines, above): ${verdict}.`;
  };
  const parts = [
    ...(Number.isFinite(best) ? [bareText()] : []),
    `The HTTP push alone (request written → 200 after commit) had p99 ${fmt(pushP99)} ms in the same phase, so ${pushP99 >= p99 * 0.6 ? "most of the tail is ingest (queueing for the group commit behind a busy event loop), not fan-out" : "a large part of the tail is after the commit (live board + Socket.IO fan-out + client decode)"}.`,
    `CPU during the phase: ${cpuText(run.cpu)} (the subscribers decoding ~${fmt((run.stored / (run.elapsedMs / 1000)) * (CLIENTS / CAMPAIGNS.length), 0)} agent states/s, one message per room every ${fmt(agentFlushIntervalMs(run.stored / (run.elapsedMs / 1000)), 0)} ms at this rate: lib/realtime/flush-pacing.ts), all on the same cores.`,
    "In runs with `--trace-gc`, the slowest quarter-seconds of these phases fell on the worker's mark-compacts (README, Benchmarks: Node itself promotes ~1.5 KB per accepted connection).",
  ];
  if (run.lagP99 > 5) parts.push(`The load generator ran up to ${fmt(run.lagMax)} ms late against its schedule: the cores were saturated.`);
  return parts.join(" ");
}

/**
 * The bare push baseline at 2,000 events/s with a connection per event, on its own database
 * (agents logged in first, as for the wallboard), {@link REPEATS} phases: the median phase's
 * push p50/p99 and every phase's p99, in ms. Null when it could not be measured (the target is
 * then reported as not measured).
 */
async function baselinePush(ctx: Parameters<Scenario["run"]>[0]): Promise<{ p50: number; p99: number; p99s: number[]; sent: number; stored: number } | null> {
  const db = await ctx.cluster.createDatabase("bench_e2e_baseline");
  const server = await startBaselineServer(db);
  try {
    const epoch = Math.floor(Date.now() / 1000) - 60;
    const base = { url: server.pushUrl, token: PUSH_TOKEN, agents: AGENTS, userPrefix: "e", campaigns: CAMPAIGNS, epoch, session: 1 };
    ctx.log("baseline: 2,000 events/s (bare node:http + pg)");
    await runPushPhase({ ...base, keepAlive: true, mode: "closed", workers: 1, totalConcurrency: 50, durationMs: 30_000, maxEvents: AGENTS }, server, pgDataDirOf(ctx.cluster));
    const runs: PushRun[] = [];
    let counter = 10;
    for (let i = 0; i < REPEATS; i++) {
      runs.push(
        await runPushPhase(
          { ...base, login: false, counterStart: counter, keepAlive: false, mode: "open", workers: 2, totalRate: 2_000, durationMs: PHASE_MS, maxEvents: (2_000 * PHASE_MS) / 1000, recordLatency: true },
          server,
          pgDataDirOf(ctx.cluster),
        ),
      );
      counter += Math.ceil((2_000 * PHASE_MS) / 1000 / AGENTS) + 10;
    }
    const each = runs.map((r) => summarise(r.latencies));
    const mid = medianIndex(each.map((x) => x.p99));
    const s = each[mid]!;
    ctx.log(`  baseline push p99 ${each.map((x) => fmt(x.p99)).join(", ")} ms`);
    return { p50: s.p50, p99: s.p99, p99s: each.map((x) => x.p99), sent: runs[mid]!.sent, stored: runs[mid]!.stored };
  } finally {
    await server.stop();
  }
}

/**
 * The bare end-to-end baseline: bench/baseline-server.ts with its Socket.IO fan-out (`mode`), the same
 * agents, clients and pushers, a warm-up of {@link WARMUP_MS} at 1,000 events/s, then 2,000
 * events/s for {@link PHASE_MS}. What the machine gives push → client without the wallboard's
 * stack (ms, nearest rank). Shown beside the target, not a target itself. Null when it could
 * not be measured.
 */
async function bareEndToEnd(ctx: Parameters<Scenario["run"]>[0], mode: "batch" | "paced"): Promise<{ p50: number; p99: number; max: number; pushP99: number; perMessage: number; deliveries: string; cpu: string } | null> {
  const db = await ctx.cluster.createDatabase(`bench_e2e_bare_${mode}`);
  let server: RunningServer | undefined;
  try {
    ctx.log(`bare end-to-end baseline, ${mode} (node:http + pg + Socket.IO)`);
    const plan = [
      { rate: 1_000, ms: WARMUP_MS, warmUp: true },
      { rate: 2_000, ms: PHASE_MS, warmUp: false },
    ];
    const { phases, got } = await drive(ctx, db, plan, (d) => startBaselineServer(d, { fanout: mode }), (s) => (server = s));
    const run = phases.at(-1)!.run;
    const s = summarise(samplesBetween(got, run.firstSendAt - 1, run.lastAnswerAt + 1));
    ctx.log(`  bare end-to-end p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms`);
    const expected = run.stored * (got.connected / CAMPAIGNS.length);
    return { p50: s.p50, p99: s.p99, max: s.max, pushP99: summarise(run.latencies).p99, perMessage: got.messages ? got.deltas / got.messages : 0, deliveries: `${fmt(s.count, 0)} of ${fmt(expected, 0)} deliveries`, cpu: cpuText(run.cpu) };
  } catch (err) {
    ctx.log(`  bare end-to-end baseline failed: ${(err as Error).message}`);
    return null;
  } finally {
    await server?.stop();
  }
}
