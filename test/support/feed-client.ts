/**
 * A Socket.IO client that keeps a topic's agents the way the wall does (lib/wall/feed.ts:
 * a snapshot replaces, a delta upserts or removes) and subscribes again on every (re)connect,
 * for the reconnect fault tests. `cut()` takes it off the network; `resume()` lets it back.
 *
 * Ways of being cut off:
 * - "engine": the transport closes under it (`socket.io.engine.close()`), as on a network
 *   error; it stays away until `resume()` (reconnection off so the test decides when);
 * - "disconnect": `socket.disconnect()` then `socket.connect()`;
 * - "network": the client talks through a TcpProxy that the test cuts and restores; the
 *   client reconnects by itself (Socket.IO backoff) once the proxy is back.
 */
import { io, type Socket } from "socket.io-client";
import type { AgentView } from "../../lib/agents/view";
import { applyDelta, applySnapshot, type AgentMap } from "../../lib/wall/feed";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/realtime/contract";

export type CutMode = "engine" | "disconnect" | "network";

export interface FeedClient {
  topic: string;
  mode: CutMode;
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** The topic's agents as this client sees them now, sorted by user. */
  agents(): AgentView[];
  snapshots: number;
  /** Agents received in `agents` messages of its topic (one per agent per message). */
  deltas: number;
  /** Resolves once the client received more than `count` snapshots. */
  waitForSnapshot(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once the client is disconnected. */
  waitForDisconnect(timeoutMs?: number): Promise<void>;
  /** For "engine" and "disconnect": go away. ("network" clients are cut with their proxy.) */
  cut(): void;
  /** For "engine" and "disconnect": come back. */
  resume(): void;
  close(): void;
}

export async function connectFeedClient(url: string, topic: string, mode: CutMode, headers: Record<string, string> = {}): Promise<FeedClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ["websocket"],
    extraHeaders: headers,
    forceNew: true,
    reconnection: mode === "network",
    reconnectionDelay: 100,
    reconnectionDelayMax: 400,
  });
  let view: AgentMap = new Map();
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const client: FeedClient = {
    topic,
    mode,
    socket,
    agents: () => [...view.values()].sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0)),
    snapshots: 0,
    deltas: 0,
    waitForSnapshot: (count, timeoutMs = 15_000) => waitFor(() => client.snapshots > count, `${topic} (${mode}): no snapshot after #${count}`, timeoutMs),
    waitForDisconnect: (timeoutMs = 5_000) => waitFor(() => !socket.connected, `${topic} (${mode}): still connected`, timeoutMs),
    cut() {
      if (mode === "engine") socket.io.engine.close();
      else if (mode === "disconnect") socket.disconnect();
    },
    resume() {
      if (mode !== "network") socket.connect();
    },
    close: () => socket.close(),
  };
  function waitFor(ready: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  }
  socket.on("connect", () => {
    // Subscriptions die with the connection: subscribe on every (re)connect, as the wall does.
    socket.emit("subscribe", { topics: [topic] }, () => undefined);
    notify();
  });
  socket.on("disconnect", notify);
  socket.on("snapshot", (m) => {
    if (m.topic !== topic) return;
    view = applySnapshot(topic, m.agents);
    client.snapshots++;
    notify();
  });
  socket.on("agents", (m) => {
    if (m.topic !== topic) return;
    for (const agent of m.agents) view = applyDelta(view, topic, agent);
    client.deltas += m.agents.length;
    notify();
  });
  await client.waitForSnapshot(0);
  return client;
}
