"use client";
/**
 * The wall's live connection: one Socket.IO client (same origin, default namespace and path)
 * subscribed to one topic, turned into React state.
 */
import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/contract";
import { clockOffset } from "@/lib/board/clock";
import { applyCallDelta, applyCallsSnapshot, type CallMap } from "@/lib/board/calls";
import { applyDelta, applySnapshot, type AgentMap } from "@/lib/board/feed";
import { applyPbxLinks, EMPTY_PBX, type PbxState } from "@/lib/board/pbx";
import { applyQueueDelta, applyQueuesSnapshot, type QueueMap } from "@/lib/board/queues";

type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * `connecting`: never connected yet. `live`: connected. `reconnecting`: lost; socket.io-client
 * retries on its own. `since` is ms, browser clock, when that status began.
 */
export type Connection =
  | { status: "connecting"; since: number | null; lastError: string | null }
  | { status: "live"; since: number }
  | { status: "reconnecting"; since: number; lastError: string | null };

export interface WallFeed {
  agents: AgentMap;
  /** Calls in progress (waiting, ringing, connected) of the topic, by pbx + id. */
  calls: CallMap;
  /** Statistics of the topic's queues, by queue id. */
  queues: QueueMap;
  /** Every PBX link's status, with the outages the wall has seen (lib/board/pbx.ts). */
  pbx: PbxState;
  connection: Connection;
  /** Add to the browser's Date.now() (ms) to get server time; 0 until the first message. */
  offsetMs: number;
  /** True once a snapshot has arrived: an empty wall then means "no agents", not "loading". */
  synced: boolean;
  /** A refused subscription or a server `error` message, to show to the supervisor. */
  problem: string | null;
}

/**
 * socket.io-client gives up when the server itself disconnects us or refuses us in a
 * middleware; a wall must never give up, so it tries again this late (ms).
 */
const RETRY_WHEN_REFUSED_MS = 5_000;

/**
 * Subscribes to `topic` (e.g. `campaign:SALES`, `campaign:*`) and keeps its agents, calls,
 * queue statistics and the PBX links current. While disconnected everything keeps its last
 * value; the snapshot after each (re)subscribe replaces it all.
 */
export function useWallFeed(topic: string): WallFeed {
  const [agents, setAgents] = useState<AgentMap>(() => new Map());
  const [calls, setCalls] = useState<CallMap>(() => new Map());
  const [queues, setQueues] = useState<QueueMap>(() => new Map());
  const [pbx, setPbx] = useState<PbxState>(EMPTY_PBX);
  const [connection, setConnection] = useState<Connection>({ status: "connecting", since: null, lastError: null });
  const [offsetMs, setOffsetMs] = useState(0);
  const [synced, setSynced] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    // forceNew: a socket of our own, so React's effect re-runs (strict mode, topic change)
    // never share or half-close one multiplexed connection.
    const socket: WallSocket = io({ forceNew: true });
    let retry: ReturnType<typeof setTimeout> | undefined;
    const retryLater = () => {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), RETRY_WHEN_REFUSED_MS);
    };
    const noteServerTime = (serverTime: number) => setOffsetMs(clockOffset(serverTime, Date.now()));

    socket.on("connect", () => {
      setConnection({ status: "live", since: Date.now() });
      // Subscriptions die with the connection, so subscribe on every (re)connect.
      socket.emit("subscribe", { topics: [topic] }, (ack) => {
        const denied = ack.denied.map((d) => `${d.topic}: ${d.reason}`).join("; ");
        setProblem(ack.ok && !denied ? null : `Subscription refused (${denied || topic})`);
      });
    });
    socket.on("disconnect", (reason) => {
      setConnection((c) => (c.status === "reconnecting" ? c : { status: "reconnecting", since: Date.now(), lastError: reason }));
      if (reason === "io server disconnect") retryLater();
    });
    socket.on("connect_error", (err) => {
      setConnection((c) => {
        if (c.status === "live") return { status: "reconnecting", since: Date.now(), lastError: err.message };
        if (c.status === "connecting") return { ...c, since: c.since ?? Date.now(), lastError: err.message };
        return { ...c, lastError: err.message };
      });
      // Still active: the Manager's own backoff retries. Inactive: refused, so retry ourselves.
      if (!socket.active) retryLater();
    });
    socket.on("snapshot", (msg) => {
      if (msg.topic !== topic) return;
      noteServerTime(msg.serverTime);
      setAgents(applySnapshot(topic, msg.agents));
      // `?? []`: tolerate a server that predates calls, queues and PBX links in snapshots.
      setCalls(applyCallsSnapshot(msg.calls ?? []));
      setQueues(applyQueuesSnapshot(msg.queues ?? []));
      setPbx((current) => applyPbxLinks(current, msg.pbx ?? []));
      setSynced(true);
    });
    socket.on("agent", (msg) => {
      if (msg.topic !== topic) return;
      noteServerTime(msg.serverTime);
      setAgents((current) => applyDelta(current, topic, msg.agent));
    });
    socket.on("call", (msg) => {
      if (msg.topic !== topic) return;
      noteServerTime(msg.serverTime);
      setCalls((current) => applyCallDelta(current, msg.call));
    });
    socket.on("queue", (msg) => {
      if (msg.topic !== topic) return;
      noteServerTime(msg.serverTime);
      setQueues((current) => applyQueueDelta(current, msg.stats));
    });
    socket.on("pbx", (msg) => {
      noteServerTime(msg.serverTime);
      setPbx((current) => applyPbxLinks(current, msg.links));
    });
    socket.on("error", (msg) => setProblem(msg.message));

    return () => {
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [topic]);

  return { agents, calls, queues, pbx, connection, offsetMs, synced, problem };
}
