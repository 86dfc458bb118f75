/**
 * Scenario 1 — ingest throughput and response time.
 *
 * Two pusher processes send distinct agent events to POST /api/push/vicidial in VICIdial's
 * wire format, first as fast as the answers come back (closed loop, 256 concurrent senders),
 * with keep-alive connections and with one new TCP connection per event (as get2post.php
 * does); then at a fixed 2,000 events/s (open loop), where each request's response time is
 * recorded (ms, from writing the request to the end of the answer).
 *
 * Throughput is what is durably committed: rows added to `agent_event` during the phase
 * (counted in PostgreSQL afterwards) divided by the time from the first request to the last
 * answer, in events/s; the number of `200 OK stored` answers is checked against it.
 *
 * The same phases run against the bare baseline (bench/baseline-server.ts: node:http + pg,
 * same rows, same batching) in the same cluster, interleaved with ours, and our throughput is
 * reported as a ratio of the baseline's — absolute figures drift on a shared machine.
 * Each measurement is {@link REPEATS} interleaved pairs (ours and the baseline's, the order
 * alternating), and the target is held against their median: on these 2 shared cores one
 * pair's ratio moved by ±0.06 and one phase's p99 by 2× from run to run.
 */
import path from "node:path";
import type { Scenario, ScenarioOutput } from "../lib/context";
import { pgDataDirOf } from "../lib/context";
import { countEvents } from "../lib/database";
import { runPushPhase, type PushRun } from "../lib/load";
import { atLeast, atMostTimes, below, info } from "../lib/report";
import { cpuProfiling, profileTop } from "../lib/cpu-profile";
import { PUSH_TOKEN, serverLogNote, startBaselineServer, startWallboardServer, type RunningServer } from "../lib/server";
import { cpuText } from "../lib/cpu";
import { fmt, medianIndex, summarise } from "../lib/stats";

const WORKERS = 2;
const CONCURRENCY = 256;
const THROUGHPUT_MS = 6_000;
const RATE = 2_000;
const RATE_MS = 8_000;
/** Interleaved pairs (wallboard, baseline) per measurement; the median is reported. */
const REPEATS = 3;
/** Each phase of the profile pass. */
const PROFILE_MS = 4_000;
const AGENTS = 1_000;
/** Issue 14's targets: throughput as a share of the bare baseline's in the same run, the
 * keep-alive p99 absolute, and the connection-per-event p99 relative to the baseline's (at
 * 2,000 connections/s this machine's cores saturate for the bare server too). */
const TARGET_RATIO = 0.8;
const TARGET_P99_MS = 50;
const TARGET_P99_FACTOR = 2;

type Mode = "keep-alive" | "new connection";

export const ingest: Scenario = {
  id: "1 Ingest",
  title: "Ingest throughput and response time",
  method: [
    `Two pusher processes POST distinct events in VICIdial's form-encoded wire format (each first warms its JIT for 1 s against an HTTP sink of its own, not counted). **Throughput**: closed loop, ${CONCURRENCY} concurrent senders for ${THROUGHPUT_MS / 1000} s,`,
    "with keep-alive and with one new TCP connection per event (get2post.php); events/s = rows added to `agent_event` ÷ (last answer − first request).",
    `**Response time**: open loop at a fixed ${fmt(RATE, 0)} events/s for ${RATE_MS / 1000} s; ms from writing the request to the end of the answer (nearest-rank percentiles of every request).`,
    "**Baseline**: bench/baseline-server.ts, a bare node:http + pg server writing the same rows (agent_event with dedup key and jsonb raw, agent upsert) in the same batches to the same PostgreSQL, run in the same phases interleaved with ours.",
    `**Repeats**: every measurement is ${REPEATS} interleaved pairs (wallboard and baseline, which goes first alternating); a figure is the median pair's (throughput: the pair with the median ratio; p99: the median of each server's ${REPEATS} p99s), and its note lists all ${REPEATS}.`,
    "CPU figures are % of one core (the machine has as many hundred % as it has cores), measured from /proc for the phase.",
    `The figures come from servers without V8's profiler; the CPU profile below from a pass of its own on a fresh server and database (${PROFILE_MS / 1000} s per phase).`,
  ].join("\n"),
  targets: [
    { name: "ratio to baseline, keep-alive", target: `≥ ${TARGET_RATIO}` },
    { name: "ratio to baseline, new connection per event", target: `≥ ${TARGET_RATIO}` },
    { name: `p99 response at ${fmt(RATE, 0)}/s, keep-alive`, target: `< ${TARGET_P99_MS} ms` },
    { name: `p99 response at ${fmt(RATE, 0)}/s, new connection per event`, target: `≤ ${TARGET_P99_FACTOR}× baseline p99` },
  ],
  budgetMs: 6 * 60_000,
  async run(ctx, out) {
    const pgDir = pgDataDirOf(ctx.cluster);
    const ourDb = await ctx.cluster.createDatabase("bench_ingest");
    const baseDb = await ctx.cluster.createDatabase("bench_ingest_baseline");
    const servers: RunningServer[] = [];
    const profileDir = path.join(ctx.cluster.dataDir, "profile-ingest");
    try {
      // Measured without V8's profiler (its sampling thread is not in the figures); the profile
      // comes from a pass of its own at the end.
      const ours = await startWallboardServer(ourDb, ctx.cluster.dataDir);
      servers.push(ours);
      const base = await startBaselineServer(baseDb);
      servers.push(base);
      // Each server has the same 1,000 agents in every phase, as a centre has: their sessions
      // continue (counters above the previous phase's), so every event is new and none is
      // older than the agent's state. With a new set of agents per phase, the 14 phases left
      // 14,000 agents for the minute's history rollup to re-derive while the later phases ran.
      const epoch = Math.floor(Date.now() / 1000) - 60;
      const counters = new Map<RunningServer, number>();
      const phase = async (server: RunningServer, db: string, keepAlive: boolean, kind: "closed" | "open", durationMs: number) => {
        const counterStart = counters.get(server);
        const before = await countEvents(db);
        const run = await runPushPhase(
          {
            url: server.pushUrl,
            token: PUSH_TOKEN,
            keepAlive,
            mode: kind,
            workers: WORKERS,
            totalConcurrency: kind === "closed" ? CONCURRENCY : undefined,
            totalRate: kind === "open" ? RATE : undefined,
            durationMs,
            maxEvents: kind === "open" ? Math.ceil((RATE * durationMs) / 1000) : 2_000_000,
            agents: AGENTS,
            userPrefix: "i",
            campaigns: ["S0", "S1", "S2", "S3", "S4"],
            epoch,
            session: 1,
            login: counterStart === undefined,
            counterStart: counterStart ?? 0,
            recordLatency: true,
          },
          server,
          pgDir,
        );
        // Each pusher goes round its half of the agents; twice the mean share covers one pusher
        // sending more than the other.
        counters.set(server, (counterStart ?? 0) + 2 * Math.ceil(run.sent / AGENTS) + 10);
        const rows = (await countEvents(db)) - before;
        return { run, rows, perSec: rows / (run.elapsedMs / 1000) };
      };

      ctx.log("warm-up (both servers, 2 s each)");
      await phase(base, baseDb, true, "closed", 2_000);
      await phase(ours, ourDb, true, "closed", 2_000);

      const modes: [Mode, boolean][] = [
        ["keep-alive", true],
        ["new connection", false],
      ];
      /** REPEATS interleaved pairs of one phase, the order alternating (the baseline first in the first pair). */
      const pairs = async (keepAlive: boolean, kind: "closed" | "open", durationMs: number, what: string) => {
        const out: { o: Awaited<ReturnType<typeof phase>>; b: Awaited<ReturnType<typeof phase>> }[] = [];
        for (let i = 0; i < REPEATS; i++) {
          const baseFirst = i % 2 === 0;
          ctx.log(`${what}, pair ${i + 1} of ${REPEATS}`);
          const first = await (baseFirst ? phase(base, baseDb, keepAlive, kind, durationMs) : phase(ours, ourDb, keepAlive, kind, durationMs));
          const second = await (baseFirst ? phase(ours, ourDb, keepAlive, kind, durationMs) : phase(base, baseDb, keepAlive, kind, durationMs));
          const pair = baseFirst ? { o: second, b: first } : { o: first, b: second };
          ctx.log(`  wallboard ${kind === "closed" ? `${fmt(pair.o.perSec, 0)} events/s` : `p99 ${fmt(summarise(pair.o.run.latencies).p99)} ms`} (${cpuText(pair.o.run.cpu)}; accept queue up to ${pair.o.run.acceptQueueMax}); baseline ${kind === "closed" ? `${fmt(pair.b.perSec, 0)} events/s` : `p99 ${fmt(summarise(pair.b.run.latencies).p99)} ms`} (${cpuText(pair.b.run.cpu)}; accept queue up to ${pair.b.run.acceptQueueMax})`);
          out.push(pair);
        }
        return out;
      };

      for (const [mode, keepAlive] of modes) {
        const label = mode === "keep-alive" ? "keep-alive" : "new connection per event";
        const runs = await pairs(keepAlive, "closed", THROUGHPUT_MS, `throughput, ${mode}`);
        const ratios = runs.map((r) => r.o.perSec / r.b.perSec);
        const { o, b } = runs[medianIndex(ratios)]!;
        const each = `ratios of the ${REPEATS} pairs: ${ratios.map((r) => fmt(r, 2)).join(", ")} (wallboard ${runs.map((r) => fmt(r.o.perSec, 0)).join(", ")}; baseline ${runs.map((r) => fmt(r.b.perSec, 0)).join(", ")} events/s)`;
        out.metrics.push(
          info(`throughput, ${label}`, o.perSec, "events/s", `${whyThroughput(o, b, mode)} The pair with the median ratio; ${each}.`),
          info(`baseline throughput, ${label}`, b.perSec, "events/s", `bare node:http + pg; ${cpuText(b.run.cpu)}`),
          atLeast(`ratio to baseline, ${label}`, o.perSec / b.perSec, TARGET_RATIO, "", () => whyRatio(o, b), 2),
        );
        for (const r of runs) checkDurability(out, `throughput, ${label}`, r.o.run, r.o.rows);
      }

      for (const [mode, keepAlive] of modes) {
        const label = mode === "keep-alive" ? "keep-alive" : "new connection per event";
        const runs = await pairs(keepAlive, "open", RATE_MS, `${fmt(RATE, 0)} events/s, ${mode}`);
        const ours99 = runs.map((r) => summarise(r.o.run.latencies));
        const base99 = runs.map((r) => summarise(r.b.run.latencies));
        const oi = medianIndex(ours99.map((x) => x.p99));
        const bi = medianIndex(base99.map((x) => x.p99));
        const s = ours99[oi]!;
        const bs = base99[bi]!;
        const o = runs[oi]!.o;
        const each = `p99 of the ${REPEATS} pairs: wallboard ${ours99.map((x) => fmt(x.p99)).join(", ")} ms; baseline ${base99.map((x) => fmt(x.p99)).join(", ")} ms`;
        out.metrics.push(
          info(`p50 response at ${fmt(RATE, 0)}/s, ${label}`, s.p50, "ms", `max ${fmt(s.max)} ms; ${s.count} requests; achieved ${fmt(o.run.sent / (RATE_MS / 1000), 0)} sent/s`),
          keepAlive
            ? below(`p99 response at ${fmt(RATE, 0)}/s, ${label}`, s.p99, TARGET_P99_MS, "ms", () => `${whyLatency(o.run, s.p99, bs.p99)} ${each}.`)
            : atMostTimes(`p99 response at ${fmt(RATE, 0)}/s, ${label}`, s.p99, bs.p99, TARGET_P99_FACTOR, "ms", () => `${whyLatency(o.run, s.p99, bs.p99)} ${each}.`),
          info(`baseline p50 / p99 at ${fmt(RATE, 0)}/s, ${label}`, bs.p99, "ms (p99)", `p50 ${fmt(bs.p50)} ms, max ${fmt(bs.max)} ms; ${each}`),
        );
        for (const r of runs) {
          checkDurability(out, `${fmt(RATE, 0)}/s, ${label}`, r.o.run, r.o.rows);
          if (r.o.run.lagP99 > 5) out.notes.push(`${fmt(RATE, 0)}/s ${label}: the load generator sent late by up to ${fmt(r.o.run.lagMax)} ms (p99 ${fmt(r.o.run.lagP99)} ms) against its schedule; response times are measured from the actual send.`);
        }
      }
      if (cpuProfiling) {
        ctx.log("profile pass (its figures are not reported)");
        const profiledDb = await ctx.cluster.createDatabase("bench_ingest_profile");
        const profiled = await startWallboardServer(profiledDb, ctx.cluster.dataDir, {}, { cpuProfileDir: profileDir });
        servers.push(profiled);
        await phase(profiled, profiledDb, true, "closed", PROFILE_MS);
        await phase(profiled, profiledDb, false, "closed", PROFILE_MS);
        await phase(profiled, profiledDb, false, "open", PROFILE_MS);
      }
    } finally {
      const logNote = serverLogNote(servers[0]);
      if (logNote) out.notes.push(logNote);
      for (const s of servers) await s.stop();
      const top = profileTop(profileDir, `a profile pass of its own (closed loops with keep-alive and with a connection per event, then ${fmt(RATE, 0)} events/s with a connection per event, ${PROFILE_MS / 1000} s each)`);
      if (top) out.notes.push(top);
    }
  },
};

function checkDurability(out: ScenarioOutput, label: string, run: PushRun, rows: number): void {
  const bad = run.sent - run.stored;
  const detail = `${fmt(run.sent, 0)} sent, ${fmt(run.stored, 0)} answered 200 OK stored${run.spooled ? ` (${fmt(run.spooled, 0)} more 200 OK spooled: the server lost its database and spooled them)` : ""}, ${fmt(rows, 0)} rows committed${bad ? `; other answers: ${JSON.stringify(run.statuses)}, network errors ${run.errors}${run.errorSamples.length ? ` (${run.errorSamples[0]})` : ""}` : ""}`;
  if (rows !== run.stored || bad > 0) out.notes.push(`**${label}: answers and rows differ** — ${detail}.`);
  else out.notes.push(`${label}: ${detail} (every acknowledged event is in agent_event).`);
}

/** Context for a throughput figure: where the CPU went and what bounds the closed loop. */
function whyThroughput(o: { run: PushRun; perSec: number }, b: { run: PushRun; perSec: number }, mode: Mode): string {
  const total = o.run.cpu.server + o.run.cpu.postgres + o.run.cpu.load;
  const mean = summarise(o.run.latencies).mean;
  const parts = [`${cpuText(o.run.cpu)} (${fmt(total, 0)}% together); the bare baseline ${fmt(b.perSec, 0)} events/s.`];
  if (total < 170)
    parts.push(`The cores were not saturated, so the closed loop is bound by the round trip: ${CONCURRENCY} senders ÷ ${fmt(mean)} ms mean response ≈ ${fmt((CONCURRENCY / mean) * 1000, 0)} events/s.`);
  if (mode === "new connection") parts.push("A new TCP connection per event (accept, handshake, close, TIME_WAIT) roughly doubles the per-event cost on both sides.");
  return parts.join(" ");
}

function whyRatio(o: { run: PushRun; perSec: number }, b: { run: PushRun; perSec: number }): string {
  return `Wallboard ${fmt(o.perSec, 0)} vs baseline ${fmt(b.perSec, 0)} events/s; wallboard ${cpuText(o.run.cpu)}, baseline ${cpuText(b.run.cpu)}. The cores are shared by the server, PostgreSQL and the pushers, so the ratio is about CPU per event: the wallboard's worker spends ${fmt(o.run.cpu.server / o.perSec / (b.run.cpu.server / b.perSec), 2)}× the baseline's CPU per event (the profile below: Node's HTTP and socket work as the baseline's, plus validation with zod, the live board, metrics and garbage collection), on a single thread.`;
}

function whyLatency(run: PushRun, p99: number, baseP99: number): string {
  const parts = [`During the run: ${cpuText(run.cpu)}; the server's accept queue up to ${fmt(run.acceptQueueMax, 0)} connections (bench/lib/accept-queue.ts: Node accepts one per turn of its event loop); the baseline's p99 at the same rate was ${fmt(baseP99)} ms.`];
  if (run.lagP99 > 5) parts.push(`The load generator itself ran late (p99 ${fmt(run.lagP99)} ms behind schedule), a sign the cores were saturated.`);
  if (baseP99 >= TARGET_P99_MS && p99 <= baseP99 * TARGET_P99_FACTOR) parts.push("The baseline misses too, so the tail comes from the machine (CPU contention between generator, server and PostgreSQL, fsync per commit), not only from the wallboard.");
  else parts.push(`${fmt(p99 - baseP99)} ms of the tail is beyond the baseline's, so it is the wallboard's own per-event work on its single thread (the CPU profile below says where).`);
  return parts.join(" ");
}
