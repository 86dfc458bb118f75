/**
 * The Socket.IO contract between the server and supervisors' browsers (README "Realtime").
 * Imported by both sides; keep it free of server-only imports.
 *
 * Topics: `campaign:<id>`, `campaign:*` (all campaigns), `agent:<user>`.
 * A client emits `subscribe` / `unsubscribe` with `{ topics }` and gets a {@link SubscribeAck}.
 * After each granted subscribe the server emits `snapshot` for that topic, then an `agent`
 * delta for every change of an agent in the topic. A delta whose agent's campaign differs
 * from a `campaign:<id>` topic's id means the agent left that campaign.
 */
import type { AgentView } from "../agents/view";

export type { AgentView };

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
  /** ms since epoch, server clock, when the snapshot was taken: lets clients tick timers. */
  serverTime: number;
}

export interface AgentMessage {
  topic: string;
  agent: AgentView;
  /** ms since epoch, server clock, when the delta was sent. */
  serverTime: number;
}

export interface ServerToClientEvents {
  snapshot: (msg: SnapshotMessage) => void;
  agent: (msg: AgentMessage) => void;
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
