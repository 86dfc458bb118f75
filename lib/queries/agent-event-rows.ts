/**
 * An `agent_event` row as the queries select it, and its one mapping to the events the rest
 * of the product reads: every reader of the table (the rebuild, replication, the history
 * rollup, the test helpers) maps rows here, so a column added to the table is added once.
 * Select `received_at` as `(extract(epoch FROM received_at) * 1000)::float8 AS received_ms`.
 */
import type { AgentEventInput } from "../agents/state";
import type { EventSourceKind, ReplayedAgentEvent, StoredAgentEvent } from "../events/types";

/** The columns the state model reads (bigint columns arrive as bigint through Prisma, as text through pg). */
export interface AgentEventRow {
  id: bigint | string;
  /** ms since epoch, server clock. */
  received_ms: number;
  event: string;
  message: string | null;
  lead_id: string | null;
  /** Unix seconds, the VICIdial web server's clock. */
  epoch: bigint | string | null;
  agent_log_id: string | null;
  counter: number | null;
  campaign: string | null;
}

/** The row without its raw fields, as a rebuild of the live board reads it. */
export interface ReplayedAgentEventRow extends AgentEventRow {
  source: string;
  agent_user: string;
}

/** The whole row, as replication and the event store read it. */
export interface StoredAgentEventRow extends ReplayedAgentEventRow {
  raw: Record<string, string>;
}

/** The state model's input of a row (times ms, rounded). */
export function eventInputOf(r: AgentEventRow): AgentEventInput & { agentLogId: string | null } {
  return {
    id: Number(r.id),
    receivedAt: Math.round(r.received_ms),
    event: r.event,
    message: r.message,
    leadId: r.lead_id,
    epoch: r.epoch === null ? null : Number(r.epoch),
    agentLogId: r.agent_log_id,
    counter: r.counter,
    campaign: r.campaign,
  };
}

/** A row without its raw fields as the event a rebuild of the live board replays. */
export function replayedEventOf(r: ReplayedAgentEventRow): ReplayedAgentEvent {
  // eventInputOf's fields again, in one object literal: a rebuild maps ~256 rows per agent, and
  // for 1,000 agents' rows a spread of eventInputOf's object took ~0.7 s more, and
  // Object.assign of the two extra fields onto it 0.1–0.45 s more.
  return {
    id: Number(r.id),
    receivedAt: Math.round(r.received_ms),
    source: r.source as EventSourceKind,
    user: r.agent_user,
    event: r.event,
    message: r.message,
    leadId: r.lead_id,
    epoch: r.epoch === null ? null : Number(r.epoch),
    agentLogId: r.agent_log_id,
    counter: r.counter,
    campaign: r.campaign,
  };
}

/** A whole row as the stored event the state and the fan-out take. */
export function storedEventOf(r: StoredAgentEventRow): StoredAgentEvent {
  return { ...replayedEventOf(r), raw: r.raw };
}
