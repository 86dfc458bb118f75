/**
 * The state of a wall's realtime feed over one or more topics (a TV rotating through several
 * campaign walls keeps one connection): per topic its agents, calls, queue statistics and
 * alerts; the PBX links; the server time of the newest message (the data's freshness).
 * Pure reducers over the messages of lib/realtime/contract.ts.
 */
import type { AgentMessage, AlertMessage, CallMessage, DialerMessage, PbxMessage, QueueMessage, SnapshotMessage } from "../realtime/contract";
import { EMPTY_DIALER, type DialerSlice } from "../dialer/types";
import { mergeDialer } from "./dialer";
import { applyAlertMessage, applyAlertsSnapshot, EMPTY_ALERTS, type AlertMap } from "./alerts";
import { applyCallDelta, applyCallsSnapshot, type CallMap } from "./calls";
import { applyDelta, applySnapshot, type AgentMap } from "./feed";
import { applyPbxLinks, EMPTY_PBX, type PbxState } from "./pbx";
import { applyQueueDelta, applyQueuesSnapshot, type QueueMap } from "./queues";

export interface TopicState {
  agents: AgentMap;
  calls: CallMap;
  queues: QueueMap;
  alerts: AlertMap;
  /** VICIdial's dialer figures of the topic (empty without the database source). */
  dialer: DialerSlice;
  /** True once the topic's snapshot arrived. */
  synced: boolean;
}

export interface WallState {
  topics: ReadonlyMap<string, TopicState>;
  pbx: PbxState;
  /** serverTime of the newest message (ms, server clock); null before any. */
  lastServerTime: number | null;
}

export const EMPTY_TOPIC: TopicState = { agents: new Map(), calls: new Map(), queues: new Map(), alerts: EMPTY_ALERTS, dialer: EMPTY_DIALER, synced: false };

export function initialWallState(topics: readonly string[]): WallState {
  return { topics: new Map(topics.map((t) => [t, EMPTY_TOPIC])), pbx: EMPTY_PBX, lastServerTime: null };
}

const later = (held: number | null, t: number) => (held === null || t > held ? t : held);

function withTopic(state: WallState, topic: string, serverTime: number, change: (t: TopicState) => TopicState): WallState {
  const held = state.topics.get(topic);
  if (!held) return state; // not one of ours
  const next = change(held);
  const lastServerTime = later(state.lastServerTime, serverTime);
  if (next === held && lastServerTime === state.lastServerTime) return state;
  const topics = new Map(state.topics);
  topics.set(topic, next);
  return { ...state, topics, lastServerTime };
}

export type WallMessage =
  | { kind: "snapshot"; msg: SnapshotMessage }
  | { kind: "agent"; msg: AgentMessage }
  | { kind: "call"; msg: CallMessage }
  | { kind: "queue"; msg: QueueMessage }
  | { kind: "alert"; msg: AlertMessage }
  | { kind: "pbx"; msg: PbxMessage }
  | { kind: "dialer"; msg: DialerMessage };

/** Applies one message. Messages of topics the wall does not hold are ignored. */
export function reduceWall(state: WallState, m: WallMessage): WallState {
  switch (m.kind) {
    case "snapshot": {
      const { msg } = m;
      const s = withTopic(state, msg.topic, msg.serverTime, () => ({
        agents: applySnapshot(msg.topic, msg.agents),
        // `?? []`: tolerate a server that predates calls, queues, PBX links and alerts in snapshots.
        calls: applyCallsSnapshot(msg.calls ?? []),
        queues: applyQueuesSnapshot(msg.queues ?? []),
        alerts: applyAlertsSnapshot(msg.alerts ?? []),
        dialer: msg.dialer ?? EMPTY_DIALER,
        synced: true,
      }));
      return s === state || !state.topics.has(msg.topic) ? s : { ...s, pbx: applyPbxLinks(s.pbx, msg.pbx ?? []) };
    }
    case "agent":
      return withTopic(state, m.msg.topic, m.msg.serverTime, (t) => {
        const agents = applyDelta(t.agents, m.msg.topic, m.msg.agent);
        return agents === t.agents ? t : { ...t, agents };
      });
    case "call":
      return withTopic(state, m.msg.topic, m.msg.serverTime, (t) => {
        const calls = applyCallDelta(t.calls, m.msg.call);
        return calls === t.calls ? t : { ...t, calls };
      });
    case "queue":
      return withTopic(state, m.msg.topic, m.msg.serverTime, (t) => {
        const queues = applyQueueDelta(t.queues, m.msg.stats);
        return queues === t.queues ? t : { ...t, queues };
      });
    case "alert":
      return withTopic(state, m.msg.topic, m.msg.serverTime, (t) => {
        const alerts = applyAlertMessage(t.alerts, m.msg.alert, m.msg.state);
        return alerts === t.alerts ? t : { ...t, alerts };
      });
    case "pbx":
      return { ...state, pbx: applyPbxLinks(state.pbx, m.msg.links), lastServerTime: later(state.lastServerTime, m.msg.serverTime) };
    case "dialer":
      // A dialer message carries the topic's whole slice: it replaces the one held.
      return withTopic(state, m.msg.topic, m.msg.serverTime, (t) => ({ ...t, dialer: m.msg.dialer }));
  }
}

/** The topics' dialer figures merged. */
export function mergedDialer(state: WallState, topics: readonly string[]): DialerSlice {
  return mergeDialer(topics.map((t) => state.topics.get(t)?.dialer ?? EMPTY_DIALER));
}

/** The topics' agents merged (a user in several topics once, the newest state wins). */
export function mergedAgents(state: WallState, topics: readonly string[]): AgentMap {
  const out = new Map<string, import("../agents/view").AgentView>();
  for (const topic of topics) {
    for (const a of state.topics.get(topic)?.agents.values() ?? []) {
      const held = out.get(a.user);
      if (!held || a.lastEventAt >= held.lastEventAt) out.set(a.user, a);
    }
  }
  return out;
}

/** The topics' queues merged (the most recently computed statistics win). */
export function mergedQueues(state: WallState, topics: readonly string[]): QueueMap {
  const out = new Map<string, import("../queues/types").QueueStats>();
  for (const topic of topics) {
    for (const q of state.topics.get(topic)?.queues.values() ?? []) {
      const held = out.get(q.queue);
      if (!held || q.computedAt >= held.computedAt) out.set(q.queue, q);
    }
  }
  return out;
}

/** The topics' alerts merged by id. */
export function mergedAlerts(state: WallState, topics: readonly string[]): AlertMap {
  const out = new Map<string, import("../alerts/types").AlertView>();
  for (const topic of topics) for (const a of state.topics.get(topic)?.alerts.values() ?? []) out.set(a.id, a);
  return out;
}

/** The topics' calls merged. */
export function mergedCalls(state: WallState, topics: readonly string[]): CallMap {
  const out = new Map<string, import("../calls/types").CallView>();
  for (const topic of topics) for (const [k, c] of state.topics.get(topic)?.calls ?? []) out.set(k, c);
  return out;
}
