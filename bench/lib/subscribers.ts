/**
 * Socket.IO subscriber processes (bench/load/subscribers.ts): start them, wait until every
 * client has its snapshot, stop them and merge what they recorded.
 */
import type { SubscribersConfig, SubscribersResult } from "../load/subscribers";
import { startWorker, type Worker } from "./proc";
import { concatSamples } from "./stats";

export interface SubscriberGroup {
  workers: Worker<SubscribersResult>[];
  /** Resolves once every worker reported its clients connected and subscribed. */
  ready: Promise<{ connected: number; failed: number }>;
  /** Stops recording, closes the sockets and merges the results. */
  stop(): Promise<MergedSubscribers>;
}

export interface MergedSubscribers {
  connected: number;
  failed: number;
  failures: string[];
  disconnects: number;
  /** Agents received in `agents` messages (one delivery per agent per message). */
  deltas: number;
  /** `agents` messages received. */
  messages: number;
  snapshotAgents: number;
  connectMs: number;
  sentAt: Float64Array;
  latency: Float64Array;
}

/** Spreads `topics` (one per client) over `processes` workers. */
export function startSubscribers(url: string, cookie: string | null, topics: string[], processes: number, maxMs: number): SubscriberGroup {
  const workers = Array.from({ length: processes }, (_, i) =>
    startWorker<SubscribersConfig, SubscribersResult>(
      "subscribers",
      { url, cookie, topics: topics.filter((_, j) => j % processes === i), maxMs, connectConcurrency: 25 },
      maxMs + 60_000,
    ),
  );
  const ready = Promise.all(workers.map((w) => w.ready)).then((infos) =>
    (infos as { connected: number; failed: number }[]).reduce((a, r) => ({ connected: a.connected + (r?.connected ?? 0), failed: a.failed + (r?.failed ?? 0) }), { connected: 0, failed: 0 }),
  );
  return {
    workers,
    ready,
    async stop() {
      for (const w of workers) w.send({ type: "stop" });
      const rs = await Promise.all(workers.map((w) => w.result));
      return {
        connected: rs.reduce((a, r) => a + r.connected, 0),
        failed: rs.reduce((a, r) => a + r.failed, 0),
        failures: rs.flatMap((r) => r.failures).slice(0, 5),
        disconnects: rs.reduce((a, r) => a + r.disconnects, 0),
        deltas: rs.reduce((a, r) => a + r.deltas, 0),
        messages: rs.reduce((a, r) => a + r.messages, 0),
        snapshotAgents: rs.reduce((a, r) => a + r.snapshotAgents, 0),
        connectMs: Math.max(...rs.map((r) => r.connectMs)),
        sentAt: concatSamples(rs.map((r) => r.sentAt)),
        latency: concatSamples(rs.map((r) => r.latency)),
      };
    },
  };
}

/** The latencies of samples whose send time lies in [from, to]. */
export function samplesBetween(s: { sentAt: Float64Array; latency: Float64Array }, from: number, to: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < s.sentAt.length; i++) if (s.sentAt[i]! >= from && s.sentAt[i]! <= to) out.push(s.latency[i]!);
  return Float64Array.from(out);
}
