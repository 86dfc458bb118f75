/**
 * The Socket.IO contract between the server and supervisors' browsers (README "Realtime").
 * Imported by both sides; keep it free of server-only imports.
 *
 * Topics: `campaign:<id>`, `campaign:*` (all campaigns), `agent:<user>`, `queue:<id>`.
 * A campaign topic also carries the calls and statistics of the queues it takes calls from,
 * and VICIdial's dialer figures of the campaign and its in-groups (`dialer`).
 * A client emits `subscribe` / `unsubscribe` with `{ topics }` and gets a {@link SubscribeAck}.
 * After each granted subscribe the server emits `snapshot` for that topic, then deltas: for
 * each batch of agent changes (one commit) one `agents` message carrying every agent of the
 * topic the batch changed ({@link AgentsMessage}). An agent in a delta whose campaign differs
 * from a `campaign:<id>` topic's id has left that campaign.
 */
import type { AgentView } from "../agents/view";
import type { CallView } from "../calls/types";
import type { QueueStats } from "../queues/types";
import type { AlertView } from "../alerts/types";
import type { DialerSlice } from "../dialer/types";

export type { AgentView, AlertView, CallView, QueueStats, DialerSlice };

/** The state of one PBX WebSocket link (README "PBX link"). Times are ms, server clock. */
export interface PbxLinkStatus {
  /** Connection name (e.g. "env" for the one configured by PBX_URL). */
  name: string;
  /**
   * The source type (lib/sources/registry.ts): "vodia" (absent in older servers' messages),
   * "xuc", "voipbin" or "vicidial-db" (VICIdial's database, polled). Every link of every kind
   * is listed here, for the banner and alerts.
   */
  kind?: string;
  /** ws(s) URL without credentials. */
  url: string;
  state: "connecting" | "up" | "down";
  /** When `state` began. */
  since: number;
  lastFrameAt: number | null;
  reconnects: number;
  lastError: string | null;
  malformedFrames: number;
}

export interface SubscribeRequest {
  topics: string[];
}

export interface SubscribeAck {
  ok: boolean;
  /** Topics granted (subscribe) or left (unsubscribe). */
  topics: string[];
  /** Topics refused, with the reason, e.g. malformed. */
  denied: { topic: string; reason: string }[];
}

export interface SnapshotMessage {
  topic: string;
  agents: AgentView[];
  /** Calls in progress (waiting, ringing, connected) within the topic. */
  calls: CallView[];
  /** Statistics of the topic's queues. */
  queues: QueueStats[];
  /** Every PBX link's status (empty when no PBX is configured). */
  pbx: PbxLinkStatus[];
  /** Alerts active now that concern the topic (and those for every wall). */
  alerts: AlertView[];
  /**
   * VICIdial's dialer figures of the topic's campaigns, their in-groups and waiting calls
   * (campaign topics; empty without the database source). Absent from older servers.
   */
  dialer?: DialerSlice;
  /** ms since epoch, server clock, when the snapshot was taken: lets clients tick timers. */
  serverTime: number;
}

/**
 * The topic's dialer figures changed (campaign topics only): the whole slice, replacing the
 * one held (a slice is small: the topic's campaigns and in-groups, at most 100 waiting calls).
 */
export interface DialerMessage {
  topic: string;
  dialer: DialerSlice;
  serverTime: number;
}

/**
 * Agents of the topic changed by one batch on the server (one commit of pushed events, a
 * roster reload, a staleness sweep, ...). Nothing is skipped: a client gets every change of
 * every agent it watches, or a newer state of that agent in the same message (two changes of
 * one agent in one batch arrive as the newer). Apply `agents` in order as upserts by `user`;
 * on a `campaign:<id>` topic an agent whose `campaign` is not <id> has left it (remove it).
 */
export interface AgentsMessage {
  topic: string;
  /** Never empty; each `user` at most once, in its newest state. */
  agents: AgentView[];
  /** ms since epoch, server clock, when the message was sent. */
  serverTime: number;
}

/** A call changed; `state: "ended"` means it left the calls in progress. */
export interface CallMessage {
  topic: string;
  call: CallView;
  serverTime: number;
}

export interface QueueMessage {
  topic: string;
  stats: QueueStats;
  serverTime: number;
}

/** An alert began, changed (severity or text) or ended. */
export interface AlertMessage {
  topic: string;
  alert: AlertView;
  state: "raised" | "updated" | "cleared";
  serverTime: number;
}

/** Sent to every client whenever a PBX link changes state. */
export interface PbxMessage {
  links: PbxLinkStatus[];
  serverTime: number;
}

export interface ServerToClientEvents {
  snapshot: (msg: SnapshotMessage) => void;
  agents: (msg: AgentsMessage) => void;
  call: (msg: CallMessage) => void;
  queue: (msg: QueueMessage) => void;
  pbx: (msg: PbxMessage) => void;
  alert: (msg: AlertMessage) => void;
  dialer: (msg: DialerMessage) => void;
  error: (msg: { message: string }) => void;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
}

/** Topic for all campaigns. */
export const ALL_CAMPAIGNS_TOPIC = "campaign:*";
export const campaignTopic = (campaign: string) => `campaign:${campaign}`;
export const agentTopic = (user: string) => `agent:${user}`;
export const queueTopic = (queue: string) => `queue:${queue}`;
