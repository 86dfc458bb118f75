/**
 * The state of a wall's realtime feed over one or more topics (a TV rotating through several
 * campaign walls keeps one connection): per topic its agents, calls, queue statistics and
 * alerts; the PBX links; the server time of the newest message (the data's freshness).
 * Pure reducers over the messages of lib/realtime/contract.ts.
 */
import type { AgentsMessage, AgentView, AlertMessage, CallMessage, DialerMessage, PbxMessage, QueueMessage, SnapshotMessage } from "../realtime/contract";
import { EMPTY_DIALER, type DialerSlice } from "../dialer/types";
import { mergeDialer } from "./dialer";
import { applyAlertMessage, applyAlertsSnapshot, EMPTY_ALERTS, type AlertMap } from "./alerts";
import { applyCallDelta, applyCallsSnapshot, callKey, type CallMap } from "./calls";
import { applySnapshot, belongsTo, type AgentMap } from "./feed";
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
  | { kind: "agents"; msg: AgentsMessage }
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
    case "agents":
      return withTopic(state, m.msg.topic, m.msg.serverTime, (t) => {
        const agents = applyAgents(t.agents, m.msg.topic, m.msg.agents);
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

/**
 * An `agents` message applied to a topic's agents: each upserted by `user`, or removed when it
 * left the topic's campaign (lib/wall/feed.ts belongsTo). One copy of the map for the whole
 * message, not one per agent; `current` itself when nothing changes (React skips a render).
 */
function applyAgents(current: AgentMap, topic: string, agents: readonly AgentView[]): AgentMap {
  let next: Map<string, AgentView> | null = null;
  for (const agent of agents) {
    const keep = belongsTo(topic, agent);
    if (!keep && !(next ?? current).has(agent.user)) continue;
    next ??= new Map(current);
    if (keep) next.set(agent.user, agent);
    else next.delete(agent.user);
  }
  return next ?? current;
}

/** The topics' dialer figures merged. */
export function mergedDialer(state: WallState, topics: readonly string[]): DialerSlice {
  return mergeDialer(topics.map((t) => state.topics.get(t)?.dialer ?? EMPTY_DIALER));
}

/**
 * The topics' items of one kind merged by `key`: an item held by several topics once, the
 * one `newer(item, held)` prefers (default: the later topic's).
 */
function mergeTopics<T>(state: WallState, topics: readonly string[], items: (t: TopicState) => Iterable<T>, key: (item: T) => string, newer: (item: T, held: T) => boolean = () => true): Map<string, T> {
  const out = new Map<string, T>();
  for (const topic of topics) {
    const t = state.topics.get(topic);
    if (!t) continue;
    for (const item of items(t)) {
      const held = out.get(key(item));
      if (held === undefined || newer(item, held)) out.set(key(item), item);
    }
  }
  return out;
}

/** The topics' agents merged (a user in several topics once, the newest state wins). */
export function mergedAgents(state: WallState, topics: readonly string[]): AgentMap {
  return mergeTopics(state, topics, (t) => t.agents.values(), (a) => a.user, (a, held) => a.lastEventAt >= held.lastEventAt);
}

/** The topics' queues merged (the most recently computed statistics win). */
export function mergedQueues(state: WallState, topics: readonly string[]): QueueMap {
  return mergeTopics(state, topics, (t) => t.queues.values(), (q) => q.queue, (q, held) => q.computedAt >= held.computedAt);
}

/** The topics' alerts merged by id. */
export function mergedAlerts(state: WallState, topics: readonly string[]): AlertMap {
  return mergeTopics(state, topics, (t) => t.alerts.values(), (a) => a.id);
}

/** The topics' calls merged. */
export function mergedCalls(state: WallState, topics: readonly string[]): CallMap {
  return mergeTopics(state, topics, (t) => t.calls.values(), callKey);
}
