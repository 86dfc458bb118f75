/**
 * A real Socket.IO client that records what the server sends, for realtime tests.
 */
import { io, type Socket } from "socket.io-client";
import { sessionFor } from "./session";
import type { AgentMessage, ClientToServerEvents, ServerToClientEvents, SnapshotMessage, SubscribeAck } from "../../lib/realtime/contract";

export interface RecordingClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  snapshots: SnapshotMessage[];
  deltas: AgentMessage[];
  subscribe(topics: string[]): Promise<SubscribeAck>;
  /** Resolves with the first delta matching `predicate` (already received or future). */
  nextDelta(predicate: (m: AgentMessage) => boolean, timeoutMs?: number): Promise<AgentMessage>;
  close(): void;
}

/** Connects as the test server's admin, or with `cookie` (null: anonymous). */
export async function connectClient(url: string, cookie: string | null = sessionFor(url)?.cookie ?? null): Promise<RecordingClient> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    extraHeaders: cookie ? { cookie } : {},
  });
  const snapshots: SnapshotMessage[] = [];
  const deltas: AgentMessage[] = [];
  socket.on("snapshot", (m) => snapshots.push(m));
  socket.on("agent", (m) => deltas.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return {
    socket,
    snapshots,
    deltas,
    subscribe: (topics) => socket.timeout(5000).emitWithAck("subscribe", { topics }),
    nextDelta(predicate, timeoutMs = 5000) {
      const seen = deltas.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.off("agent", on);
          reject(new Error(`no matching agent delta within ${timeoutMs} ms; got ${JSON.stringify(deltas.map((d) => [d.topic, d.agent.user, d.agent.state]))}`));
        }, timeoutMs);
        const on = (m: AgentMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          socket.off("agent", on);
          resolve(m);
        };
        socket.on("agent", on);
      });
    },
    close: () => socket.close(),
  };
}
