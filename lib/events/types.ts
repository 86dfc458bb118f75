/**
 * The shapes an agent event takes on its way through the wallboard:
 * source adapter → {@link IncomingAgentEvent} → event store → {@link StoredAgentEvent} → state.
 */

/**
 * Which source adapter delivered an event: VICIdial's push or agent-screen hook, or a
 * platform link (XiVO XuC, VoIPBin) whose agent states are stored as `platform_*` events
 * (lib/sources/platform/translate.ts), or VICIdial's database (`vicidial-db`: the `db_*`
 * events that fill an agent's campaign and pause code and correct a lost push, issue 13;
 * lib/dialer/corrections.ts).
 */
export type EventSourceKind = "vicidial-push" | "vicidial-hook" | "xuc" | "voipbin" | "vicidial-db";

/**
 * One agent-screen event as a source adapter hands it to the event store, already validated.
 * Field names follow VICIdial's Agent Events Push (agc/vicidial.php `agent_events`).
 */
export interface IncomingAgentEvent {
  source: EventSourceKind;
  /** Server clock, ms since epoch, when the request carrying the event was received. */
  receivedAt: number;
  /** VICIdial agent login (`user`). */
  user: string;
  /** Event name (`event`), e.g. `state_ready`. Unknown names are kept as they are. */
  event: string;
  /** Event-specific free text (`message`), `+` already decoded to spaces. */
  message: string | null;
  leadId: string | null;
  /** The agent screen's `UnixTime`: the VICIdial web server's clock, Unix seconds (`epoch`). */
  epoch: number | null;
  agentLogId: string | null;
  /** Agent screen event counter (`counter`); restarts when the screen reloads. */
  counter: number | null;
  /** Campaign id when the sender supplies one (an extra URL parameter or the WebSocket hook). */
  campaign: string | null;
  /** Every received field except the token, as strings, for history and replays. */
  raw: Record<string, string>;
}

/** An event after it was durably committed: it has the database id. */
export interface StoredAgentEvent extends IncomingAgentEvent {
  /** `agent_event.id`, as a number (safe below 2^53). */
  id: number;
  /**
   * True when this is a better copy of an event already stored with this id (a duplicate
   * brought the hook's exact text, a campaign or a lead: lib/events/dedup.ts): the state
   * must replace the event it has, not add one.
   */
  merged?: boolean;
}

/**
 * A stored event as the live board replays it when it is rebuilt (at start, or one agent whose
 * event came too late): every field but the raw ones, which the board never keeps
 * (lib/agents/agent-book.ts compact) and which were most of what a rebuild read (issue 14).
 */
export type ReplayedAgentEvent = Omit<StoredAgentEvent, "raw" | "merged">;

/** What the store answers once an append is durable ("spooled": kept in the local spool while PostgreSQL is down). */
export type AppendOutcome = "stored" | "duplicate" | "spooled";
