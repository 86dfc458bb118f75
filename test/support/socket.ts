/**
 * A real Socket.IO client that records what the server sends, for realtime tests.
 */
import { io, type Socket } from "socket.io-client";
import { sessionFor } from "./session";
import type { AgentsMessage, AgentView, ClientToServerEvents, ServerToClientEvents, SnapshotMessage, SubscribeAck } from "../../lib/realtime/contract";

/** One agent of an `agents` message, with its message's topic and serverTime. */
export interface AgentDelta {
  topic: string;
  agent: AgentView;
  serverTime: number;
}

export interface RecordingClient {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  snapshots: SnapshotMessage[];
  /** Every `agents` message as received. */
  agentMessages: AgentsMessage[];
  /** The agents of those messages one by one, in order received. */
  deltas: AgentDelta[];
  subscribe(topics: string[]): Promise<SubscribeAck>;
  /** Resolves with the first delta matching `predicate` (already received or future). */
  nextDelta(predicate: (m: AgentDelta) => boolean, timeoutMs?: number): Promise<AgentDelta>;
  close(): void;
}

/** The agents of an `agents` message one by one. */
export function deltasOf(m: AgentsMessage): AgentDelta[] {
  return m.agents.map((agent) => ({ topic: m.topic, agent, serverTime: m.serverTime }));
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
  const agentMessages: AgentsMessage[] = [];
  const deltas: AgentDelta[] = [];
  socket.on("snapshot", (m) => snapshots.push(m));
  socket.on("agents", (m) => {
    agentMessages.push(m);
    deltas.push(...deltasOf(m));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return {
    socket,
    snapshots,
    agentMessages,
    deltas,
    subscribe: (topics) => socket.timeout(5000).emitWithAck("subscribe", { topics }),
    nextDelta(predicate, timeoutMs = 5000) {
      const seen = deltas.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          socket.off("agents", on);
          reject(new Error(`no matching agent delta within ${timeoutMs} ms; got ${JSON.stringify(deltas.map((d) => [d.topic, d.agent.user, d.agent.state]))}`));
        }, timeoutMs);
        const on = (m: AgentsMessage) => {
          const found = deltasOf(m).find(predicate);
          if (!found) return;
          clearTimeout(timer);
          socket.off("agents", on);
          resolve(found);
        };
        socket.on("agents", on);
      });
    },
    close: () => socket.close(),
  };
}
