/**
 * Runs a push load phase over several pusher worker processes (bench/load/pusher.ts) and
 * merges their results; measures the CPU the server under test, PostgreSQL and the load
 * generators used during the phase.
 */
import type { PusherConfig, PusherResult } from "../load/pusher";
import { acceptQueueSampler } from "./accept-queue";
import { cpuMeter, postgresCpuMs, processCpuMs } from "./cpu";
import { startWorker } from "./proc";
import { concatSamples } from "./stats";

export interface PushPhase extends Omit<PusherConfig, "first" | "stride" | "rate" | "concurrency" | "maxEvents"> {
  workers: number;
  /** Closed loop: senders in total. */
  totalConcurrency?: number;
  /** Open loop: events/s in total. */
  totalRate?: number;
  maxEvents: number;
}

/** The workers' results merged (counts summed, samples concatenated, lags their maximum). */
export interface PushRun extends Omit<PusherResult, "phaseCpuMs"> {
  /** Answers with status 200. */
  ok200: number;
  /** From the first send to the last answer, ms. */
  elapsedMs: number;
  /** % of one core over the phase; `subscribers` where the scenario measures its subscriber processes too. */
  cpu: { server: number; postgres: number; load: number; subscribers?: number };
  /** Deepest accept queue of the server's listening socket seen during the phase (bench/lib/accept-queue.ts). */
  acceptQueueMax: number;
}

export async function runPushPhase(phase: PushPhase, target: { pid: number }, pgDataDir: string): Promise<PushRun> {
  const { workers: n, totalConcurrency, totalRate, maxEvents, ...base } = phase;
  const workers = Array.from({ length: n }, (_, i) =>
    startWorker<PusherConfig, PusherResult>(
      "pusher",
      {
        ...base,
        first: i,
        stride: n,
        concurrency: totalConcurrency ? Math.max(1, Math.round(totalConcurrency / n)) : undefined,
        rate: totalRate ? totalRate / n : undefined,
        maxEvents: Math.ceil(maxEvents / n),
      },
      phase.durationMs + 60_000,
    ),
  );
  await Promise.all(workers.map((w) => w.ready));
  const meter = cpuMeter({ server: () => processCpuMs(target.pid), postgres: () => postgresCpuMs(pgDataDir) });
  const acceptQueue = acceptQueueSampler(Number(new URL(base.url).port));
  const startAt = Date.now() + 200;
  for (const w of workers) w.send({ type: "go", params: { startAt } });
  const results = await Promise.all(workers.map((w) => w.result));
  const shares = meter.stop();
  const acceptQueueMax = acceptQueue.stop();
  const statuses: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
  const sum = (f: (r: PusherResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const firstSendAt = Math.min(...results.map((r) => r.firstSendAt || Infinity));
  const lastAnswerAt = Math.max(...results.map((r) => r.lastAnswerAt));
  const elapsedMs = lastAnswerAt - firstSendAt;
  return {
    sent: sum((r) => r.sent),
    stored: sum((r) => r.stored),
    duplicates: sum((r) => r.duplicates),
    spooled: sum((r) => r.spooled),
    ok200: statuses["200"] ?? 0,
    statuses,
    errors: sum((r) => r.errors),
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    skipped: sum((r) => r.skipped),
    latencies: concatSamples(results.map((r) => r.latencies)),
    sentAt: concatSamples(results.map((r) => r.sentAt)),
    lagP99: Math.max(...results.map((r) => r.lagP99)),
    lagMax: Math.max(...results.map((r) => r.lagMax)),
    firstSendAt,
    lastAnswerAt,
    elapsedMs,
    cpu: { server: shares.server!, postgres: shares.postgres!, load: (sum((r) => r.phaseCpuMs) / elapsedMs) * 100 },
    acceptQueueMax,
  };
}
