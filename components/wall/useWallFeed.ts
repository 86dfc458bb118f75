"use client";
/**
 * The wall's live connection: one Socket.IO client (same origin, default namespace and path)
 * subscribed to one or more topics, turned into React state (lib/wall/wall-state.ts).
 */
import { useEffect, useMemo, useReducer, useState } from "react";
import { flushSync } from "react-dom";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/contract";
import { clockOffset, settleOffset } from "@/lib/wall/clock";
import { applyGapMs } from "@/lib/wall/pacing";
import type { AlertMap } from "@/lib/wall/alerts";
import type { CallMap } from "@/lib/wall/calls";
import type { AgentMap } from "@/lib/wall/feed";
import type { PbxState } from "@/lib/wall/pbx";
import type { QueueMap } from "@/lib/wall/queues";
import type { DialerSlice } from "@/lib/dialer/types";
import { EMPTY_TOPIC, initialWallState, reduceWall, type WallMessage, type WallState } from "@/lib/wall/wall-state";

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
  /** Alerts active now that concern the topic, by id. */
  alerts: AlertMap;
  /** Every PBX link's status, with the outages the wall has seen (lib/wall/pbx.ts). */
  pbx: PbxState;
  /** VICIdial's dialer figures of the topic (empty without the database source). */
  dialer: DialerSlice;
  connection: Connection;
  /** Add to the browser's Date.now() (ms) to get server time; 0 until the first message. */
  offsetMs: number;
  /** True once a snapshot has arrived: an empty wall then means "no agents", not "loading". */
  synced: boolean;
  /** A refused subscription or a server `error` message, to show to the supervisor. */
  problem: string | null;
  /** serverTime of the newest message (ms, server clock): the data's freshness. */
  lastServerTime: number | null;
}

export interface WallFeeds {
  state: WallState;
  connection: Connection;
  offsetMs: number;
  problem: string | null;
}

/**
 * socket.io-client gives up when the server itself disconnects us or refuses us in a
 * middleware; a wall must never give up, so it tries again this late (ms).
 */
const RETRY_WHEN_REFUSED_MS = 5_000;

type Action = { kind: "batch"; msgs: WallMessage[] } | { kind: "reset"; topics: string[] };

function reducer(state: WallState, action: Action): WallState {
  return action.kind === "reset" ? initialWallState(action.topics) : action.msgs.reduce(reduceWall, state);
}

/**
 * Subscribes to `topics` over one connection and keeps each topic's agents, calls, queue
 * statistics and alerts current, and the PBX links. While disconnected everything keeps its
 * last value; the snapshot after each (re)subscribe replaces a topic's state.
 */
export function useWallFeeds(topics: readonly string[]): WallFeeds {
  const key = topics.join("\n");
  const [state, dispatch] = useReducer(reducer, topics, (t) => initialWallState([...t]));
  const [connection, setConnection] = useState<Connection>({ status: "connecting", since: null, lastError: null });
  const [offsetMs, setOffsetMs] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const list = key ? key.split("\n") : [];
    dispatch({ kind: "reset", topics: list });
    // forceNew: a socket of our own, so React's effect re-runs (strict mode, topic change)
    // never share or half-close one multiplexed connection.
    const socket: WallSocket = io({ forceNew: true });
    let retry: ReturnType<typeof setTimeout> | undefined;
    const retryLater = () => {
      clearTimeout(retry);
      retry = setTimeout(() => socket.connect(), RETRY_WHEN_REFUSED_MS);
    };
    // A busy wall gets hundreds of deltas a second: apply them once per frame at most, not per
    // message, and after a costly application wait in proportion (lib/wall/pacing.ts).
    let pending: WallMessage[] = [];
    let frame: number | undefined; // an animation frame is requested (to apply, or to time the last application)
    let wait: ReturnType<typeof setTimeout> | undefined; // waiting before requesting one
    let nextAt = 0; // performance.now() before which the next application does not start
    let lastServerTime: number | null = null;
    // The offset in use; kept while new samples stay near it (lib/wall/clock.ts settleOffset),
    // so the timers of a busy wall move once a second, not at every frame that brings a message.
    let offset: number | null = null;
    const flush = () => {
      frame = undefined;
      wait = undefined;
      const msgs = pending;
      pending = [];
      if (!msgs.length) return;
      const startedAt = performance.now();
      // Rendered now, inside this frame, so the browser paints the changes in the same frame and
      // the next frame's start tells what the whole application cost.
      flushSync(() => {
        if (lastServerTime !== null) {
          const next = settleOffset(offset, clockOffset(lastServerTime, Date.now()));
          if (next !== offset) setOffsetMs((offset = next));
        }
        dispatch({ kind: "batch", msgs });
      });
      if (document.hidden) return; // no frames to time; a timer applies the next ones
      frame = requestAnimationFrame(() => {
        frame = undefined;
        nextAt = performance.now() + applyGapMs(performance.now() - startedAt);
        schedule();
      });
    };
    function schedule() {
      if (!pending.length || frame !== undefined || wait !== undefined) return;
      // Hidden tabs get no frames; a timer keeps them current.
      if (document.hidden) {
        wait = setTimeout(flush, 250);
        return;
      }
      const ms = nextAt - performance.now();
      if (ms > 0)
        wait = setTimeout(() => {
          wait = undefined;
          frame = requestAnimationFrame(flush);
        }, ms);
      else frame = requestAnimationFrame(flush);
    }
    const enqueue = (msg: WallMessage) => {
      pending.push(msg);
      schedule();
    };
    const noteServerTime = (serverTime: number) => {
      lastServerTime = serverTime;
    };

    socket.on("connect", () => {
      setConnection({ status: "live", since: Date.now() });
      // Subscriptions die with the connection, so subscribe on every (re)connect.
      socket.emit("subscribe", { topics: list }, (ack) => {
        const denied = ack.denied.map((d) => `${d.topic}: ${d.reason}`).join("; ");
        setProblem(ack.ok && !denied ? null : `Subscription refused (${denied || list.join(", ")})`);
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
    // Every message carries the server's time: the clock offset is updated before it is queued.
    const relay =
      <K extends WallMessage["kind"]>(kind: K) =>
      (msg: Extract<WallMessage, { kind: K }>["msg"]) => {
        noteServerTime(msg.serverTime);
        enqueue({ kind, msg } as Extract<WallMessage, { kind: K }>);
      };
    socket.on("snapshot", relay("snapshot"));
    socket.on("agents", relay("agents"));
    socket.on("call", relay("call"));
    socket.on("queue", relay("queue"));
    socket.on("alert", relay("alert"));
    socket.on("dialer", relay("dialer"));
    socket.on("pbx", relay("pbx"));
    socket.on("error", (msg) => setProblem(msg.message));

    return () => {
      clearTimeout(retry);
      clearTimeout(wait);
      if (frame !== undefined) cancelAnimationFrame(frame);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [key]);

  return { state, connection, offsetMs, problem };
}

/** One topic's feed (e.g. `campaign:SALES`, `campaign:*`). */
export function useWallFeed(topic: string): WallFeed {
  const topics = useMemo(() => [topic], [topic]);
  const { state, connection, offsetMs, problem } = useWallFeeds(topics);
  const t = state.topics.get(topic) ?? EMPTY_TOPIC;
  return {
    agents: t.agents,
    calls: t.calls,
    queues: t.queues,
    alerts: t.alerts,
    pbx: state.pbx,
    dialer: t.dialer,
    connection,
    offsetMs,
    synced: t.synced,
    problem,
    lastServerTime: state.lastServerTime,
  };
}
