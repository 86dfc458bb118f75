/**
 * Pure translations from the platform links' neutral events (../neutral-events.ts) into what
 * the rest of the wallboard stores and shows: agent events for the event store, calls for the
 * call book, keys for agents and queues. No I/O (./router.ts does that).
 *
 * Keys: a platform agent is the board user `<connection>:<agentId>` unless a roster row links
 * it to a user (issue 15 §4); a platform queue is the queue `<connection>:<queueId>`, so two
 * connections never share a queue id.
 */
import type { IncomingAgentEvent } from "../../events/types";
import type { CallView } from "../../calls/types";
import type { AgentStateEvent, NeutralAgentState, NeutralCall } from "../neutral-events";

/** The board user of an agent that no roster row links. */
export function platformUser(source: string, agentId: string): string {
  return `${source}:${agentId}`;
}

/** The queue id of a platform queue on the board. */
export function platformQueueKey(source: string, queueId: string): string {
  return `${source}:${queueId}`;
}

/** The agent event name of each neutral state (lib/agents/status.ts gives their effects). */
export const PLATFORM_EVENT_OF: Readonly<Record<NeutralAgentState, string>> = {
  READY: "platform_ready",
  RINGING: "platform_ringing",
  PAUSED: "platform_paused",
  DIAL: "platform_dialing",
  INCALL: "platform_incall",
  DISPO: "platform_wrapup",
  LOGGED_OUT: "platform_logged_out",
};

/**
 * An agent-state event as an agent event for the store.
 *
 * - `receivedAt` is the state's start (`since`, server clock): the fold takes the time in
 *   state from it, and the history counts the state from then.
 * - `epoch`/`counter` are `since` in seconds and its milliseconds: the order of one agent's
 *   states is the order of their starts, whatever order the store commits them in.
 * - message: the pause code (PAUSED; else the label when the platform gave no code), else the
 *   platform's own state word, so the timeline says what the platform said.
 * - campaign: the connection's name for agents no roster row links (so a wall can show one
 *   platform), none for linked ones (their roster campaign applies).
 *
 * Bounds: ids and words are cut to the store's limits (user 100, message 200 characters).
 */
export function agentStateToEvent(e: AgentStateEvent, user: string, linked: boolean): IncomingAgentEvent {
  const since = Math.max(0, Math.round(e.since));
  const message = e.state === "PAUSED" ? (e.pauseCode ?? e.pauseLabel ?? null) : e.platformState;
  const raw: Record<string, string> = { platform: e.platform, source: e.source, agentId: e.agentId, state: e.state, platformState: e.platformState, since: new Date(since).toISOString() };
  if (e.pauseLabel) raw["pauseLabel"] = e.pauseLabel;
  if (e.call?.direction) raw["direction"] = e.call.direction;
  if (e.call?.acd !== null && e.call?.acd !== undefined) raw["acd"] = String(e.call.acd);
  return {
    source: e.platform,
    receivedAt: since,
    user: user.slice(0, 100),
    event: PLATFORM_EVENT_OF[e.state],
    message: message === null ? null : message.slice(0, 200),
    leadId: null,
    epoch: Math.floor(since / 1000),
    agentLogId: null,
    counter: since % 1000,
    campaign: linked ? null : e.source.slice(0, 100),
    raw,
  };
}

/**
 * A platform call as the call book keeps calls: `pbx` is the connection, the queue its board
 * key, the agent's phone from what the link said about the agent (null when unknown).
 */
export function neutralCallToView(source: string, call: NeutralCall, phoneOfAgent: (agentId: string) => string | null): CallView {
  return {
    id: call.id,
    pbx: source,
    from: call.from,
    to: call.to,
    queue: call.queue === null ? null : platformQueueKey(source, call.queue),
    agentExtension: call.agentId === null ? null : phoneOfAgent(call.agentId),
    state: call.state,
    enteredAt: call.enteredAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    endKnown: call.endKnown,
    outcome: call.outcome,
    waitSec: call.waitSec,
    talkSec: call.talkSec,
  };
}

