/**
 * Applies the realtime feed (lib/realtime/contract.ts) to the wall's agent list. Pure, so the
 * rules (snapshot replaces, delta upserts, an agent leaving a campaign disappears from that
 * campaign's wall) are tested without a socket.
 */
import { withEntry } from "./immutable-map";
import type { AgentView } from "../agents/view";

/** Agents of a wall by `user`. Treated as immutable: every change returns a new map. */
export type AgentMap = ReadonlyMap<string, AgentView>;

/** The campaign id of a `campaign:<id>` topic; null for `campaign:*` and other topics. */
export function topicCampaign(topic: string): string | null {
  if (!topic.startsWith("campaign:")) return null;
  const id = topic.slice("campaign:".length);
  return id === "*" || id === "" ? null : id;
}

/** Whether `agent` belongs on the wall of `topic` (a campaign wall shows its campaign only). */
export function belongsTo(topic: string, agent: AgentView): boolean {
  const campaign = topicCampaign(topic);
  return campaign === null || agent.campaign === campaign;
}

/** A `snapshot` replaces the whole list (agents of another campaign are left out). */
export function applySnapshot(topic: string, agents: readonly AgentView[]): AgentMap {
  const next = new Map<string, AgentView>();
  for (const a of agents) if (belongsTo(topic, a)) next.set(a.user, a);
  return next;
}

/**
 * One agent of an `agents` message upserts the agent by `user`; on a `campaign:<id>` wall an
 * agent whose campaign is no longer <id> has left, so it is removed. Returns `current`
 * itself when nothing changes (lets React skip a render).
 */
export function applyDelta(current: AgentMap, topic: string, agent: AgentView): AgentMap {
  return withEntry(current, agent.user, belongsTo(topic, agent) ? agent : undefined);
}
