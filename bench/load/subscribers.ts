/**
 * Load worker: many real Socket.IO clients (socket.io-client, WebSocket transport), each
 * subscribed to one topic, as supervisors' walls are. After every client has its snapshot it
 * reports `ready`; from then on it records, for each agent of each `agents` message (one
 * sample per agent per client, as when each agent change was a message of its own) whose
 * `lastMessage` carries a send-time stamp (bench/lib/events.ts), the end-to-end latency in ms:
 * receipt time in this process minus the time the pusher process stamped just before sending
 * the HTTP request.
 * Stops (closing every socket) on the parent's `stop` or after `maxMs`.
 */
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/realtime/contract";
import { hrNow, sentAtOf } from "../lib/events";
import { workerMain } from "../lib/proc";

export interface SubscribersConfig {
  url: string;
  /** Session cookie (name=value) for servers with sign-in. */
  cookie?: string | null;
  /** One topic per client (its length is the number of clients). */
  topics: string[];
  /** Clients connecting at the same time. */
  connectConcurrency?: number;
  /** Upper bound on samples kept. */
  maxSamples?: number;
  /** Hard stop, ms after start. */
  maxMs: number;
}

export interface SubscribersResult {
  connected: number;
  failed: number;
  failures: string[];
  disconnects: number;
  /** Agents in the snapshots received (sum over clients). */
  snapshotAgents: number;
  /** ms from the first connect to the last snapshot. */
  connectMs: number;
  /** Agents received in `agents` messages (one delivery per agent per message). */
  deltas: number;
  /** `agents` messages received. */
  messages: number;
  /** Send time (ms, wall clock) and latency (ms) of each stamped delta received. */
  sentAt: Float64Array;
  latency: Float64Array;
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A connect error with its cause: engine.io's "websocket error" alone does not say what failed. */
function errorText(err: Error): string {
  const cause = (err as Error & { description?: unknown }).description;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

workerMain<SubscribersConfig, SubscribersResult>(async (cfg, control) => {
  const cap = cfg.maxSamples ?? 2_000_000;
  const sentAt = new Float64Array(cap);
  const latency = new Float64Array(cap);
  let n = 0;
  const res = { connected: 0, failed: 0, failures: [] as string[], disconnects: 0, snapshotAgents: 0, connectMs: 0, deltas: 0, messages: 0 };
  const sockets: Client[] = [];
  const hardStop = new Promise<void>((resolve) => setTimeout(resolve, cfg.maxMs).unref());

  const connectOne = (topic: string) =>
    new Promise<void>((resolve) => {
      const socket: Client = io(cfg.url, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: false,
        timeout: 20_000,
        extraHeaders: cfg.cookie ? { cookie: cfg.cookie } : {},
      });
      sockets.push(socket);
      const timer = setTimeout(() => fail("no snapshot within 30 s"), 30_000);
      let settled = false;
      function fail(reason: string) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        res.failed++;
        if (res.failures.length < 5) res.failures.push(reason);
        resolve();
      }
      socket.on("agents", (m) => {
        res.messages++;
        res.deltas += m.agents.length;
        const receivedAt = hrNow();
        for (const agent of m.agents) {
          const t = sentAtOf(agent.lastMessage);
          if (t !== null && n < cap) {
            sentAt[n] = t;
            latency[n++] = receivedAt - t;
          }
        }
      });
      socket.once("snapshot", (m) => {
        res.snapshotAgents += m.agents.length;
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        res.connected++;
        resolve();
      });
      socket.on("disconnect", () => res.disconnects++);
      socket.once("connect_error", (err) => fail(`connect_error: ${errorText(err)}`));
      socket.once("connect", () => {
        socket.emit("subscribe", { topics: [topic] }, (ack) => {
          if (!ack.ok) fail(`subscribe refused: ${JSON.stringify(ack.denied)}`);
        });
      });
    });

  const t0 = performance.now();
  const queue = [...cfg.topics];
  const lanes = Array.from({ length: cfg.connectConcurrency ?? 25 }, async () => {
    for (let topic = queue.shift(); topic !== undefined; topic = queue.shift()) await connectOne(topic);
  });
  await Promise.all(lanes);
  res.connectMs = performance.now() - t0;
  control.ready({ connected: res.connected, failed: res.failed });

  await Promise.race([control.stopped, hardStop]);
  const disconnects = res.disconnects;
  for (const s of sockets) s.close();
  return { ...res, disconnects, sentAt: sentAt.slice(0, n), latency: latency.slice(0, n) };
});
