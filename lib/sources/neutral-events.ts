/**
 * The neutral events every platform link emits (XiVO XuC, VoIPBin; issue 15). One small
 * vocabulary so downstream code (board, queue figures, history) never reads a platform's own
 * words: each link's adapter turns its platform's frames into these.
 *
 * Conventions for every event:
 * - Times are ms since the Unix epoch. `receivedAt` is the server clock when the frame that
 *   caused the event arrived. Other times say which clock they are on (`timesFrom`).
 * - Ids are strings as the platform writes them (XuC's numeric ids become "12").
 * - `source` is the configured connection's name; `platform` the kind of system.
 * - `raw` is the platform's object the event was built from (unknown fields kept), for
 *   storage and for the admin page's "how was this interpreted" view. Never rely on it.
 * - Events are idempotent: re-applying one, or a later one with the same content, changes
 *   nothing. A link emits an event only when something a viewer can see changed.
 */
import type { AgentStatus } from "../agents/status";
import type { CallTimes } from "../calls/types";

export type PlatformKind = "xuc" | "voipbin";

/**
 * An agent's state in OUR vocabulary (lib/agents/status.ts), plus RINGING: a call is being
 * offered to the agent and not yet answered. Our status list has no RINGING yet; until it
 * does, show it as READY with the phone ringing (the agent is still available: nothing
 * answered). Mapping per platform: lib/sources/xuc/adapter.ts and lib/sources/voipbin/adapter.ts.
 */
export type NeutralAgentState = Extract<AgentStatus, "READY" | "PAUSED" | "INCALL" | "DIAL" | "DISPO" | "LOGGED_OUT"> | "RINGING";

interface EventBase {
  /** Name of the configured connection (e.g. "xuc-paris"). */
  source: string;
  platform: PlatformKind;
  /** ms, server clock. */
  receivedAt: number;
}

/** An agent changed state (or the link learnt the state at (re)connect). */
export interface AgentStateEvent extends EventBase {
  type: "agent-state";
  agentId: string;
  state: NeutralAgentState;
  /** ms, server clock, when the agent entered `state` (time in state = now − since). */
  since: number;
  /** The platform's own code of the pause reason (XuC: a UsersStatuses `name`); null when not PAUSED or none. */
  pauseCode: string | null;
  /** Human label of the pause code (XuC: the UsersStatuses `longName`); null when unknown. */
  pauseLabel: string | null;
  /** The platform's own state word, e.g. "AgentOnWrapup", "busy". */
  platformState: string;
  /** On a call: whether it is a queue (ACD) call and its direction, when the platform says. */
  call: { acd: boolean | null; direction: "incoming" | "outgoing" | null } | null;
  raw: unknown;
}

/** Who an agent is: names, phone, and which queues the agent serves. */
export interface AgentIdentityEvent extends EventBase {
  type: "agent-identity";
  agentId: string;
  /** The agent's login / username on the platform, when it has one. */
  login: string | null;
  /** Display name ("First Last"); null when the platform gave none. */
  name: string | null;
  /** The agent's phone number or extension; null when unknown. */
  phone: string | null;
  /** Ids of the queues the agent serves now (complete list); null when not known yet. */
  queues: string[] | null;
  /** True when the platform deleted the agent. */
  deleted: boolean;
  raw: unknown;
}

/** A queue's identity. */
export interface QueueInfoEvent extends EventBase {
  type: "queue-info";
  queueId: string;
  /** The platform's name of the queue (XuC refers to queues by this name in `queueRef`). */
  name: string;
  /** Longer display name, when the platform has one. */
  label: string | null;
  /** The queue's number (extension), when it has one. */
  number: string | null;
  deleted: boolean;
  raw: unknown;
}

/**
 * A call as the platform reports it, in the shape of lib/calls/types.ts CallView minus the
 * two fields the integration fills: `pbx` (= `source`) and `agentExtension` (the phone of
 * `agentId`, from the agent-identity events). Its times (CallTimes) are ms on the clock
 * `timesFrom` says; `enteredAt` is queue entry for queue calls.
 */
export interface NeutralCall extends CallTimes {
  /** Platform call id (VoIPBin: the queuecall id). */
  id: string;
  queue: string | null;
  /** Caller number or name; "" when unknown. */
  from: string;
  /** Called number, or the queue's name for queue calls; "" when unknown. */
  to: string;
  /** The agent it is ringing or connected to. */
  agentId: string | null;
  /**
   * "platform": the times are the platform's own timestamps (its clock, assumed in sync with
   * ours); "server": receive times on our clock.
   */
  timesFrom: "platform" | "server";
}

export interface CallEvent extends EventBase {
  type: "call";
  call: NeutralCall;
  raw: unknown;
}

/**
 * The calls waiting in a queue now, as a complete list (XuC `QueueCalls`): the platform names
 * no call ids, so the list replaces the previous one.
 */
export interface QueueWaitingEvent extends EventBase {
  type: "queue-waiting";
  queueId: string;
  calls: { position: number; callerName: string | null; callerNumber: string | null; waitingSince: number | null }[];
  raw: unknown;
}

/** What one platform counter means, in the platform's own terms (for the wall's formula view). */
export interface CounterDefinition {
  label: string;
  /** The platform's definition, or ours marked "(inferred)" where the platform documents none. */
  definition: string;
  unit: "calls" | "agents" | "seconds" | "percent";
}

/** Queue figures the platform computes itself (XuC), shown as it computes them. */
export interface QueueStatsEvent extends EventBase {
  type: "queue-stats";
  queueId: string;
  /** Every counter known for the queue (updates carry only changes; this is the merged set). */
  counters: Readonly<Record<string, number>>;
  /** Counter names this update changed. */
  changed: string[];
  /** Definitions of the counters in `counters` that the platform documents. */
  definitions: Readonly<Record<string, CounterDefinition>>;
  raw: unknown;
}

/**
 * The link just (re)built its whole picture from fresh lists: anything of this `source` not
 * listed here is gone (agents deleted, queues removed, calls ended unseen). Calls that were
 * active and vanished are also sent as `call` events with endKnown false before this one.
 */
export interface ResyncEvent extends EventBase {
  type: "resync";
  agentIds: string[];
  queueIds: string[];
  activeCallIds: string[];
}

/** The state of one platform link, for the admin page and the "link down since" banner. */
export interface SourceLinkStatus {
  name: string;
  platform: PlatformKind;
  /** Platform URL without credentials or tokens. */
  url: string;
  /** connecting: signing in / handshaking / resynchronising; stopped: stop() was called. */
  state: "connecting" | "up" | "down" | "stopped";
  /** ms, server clock, when `state` began. */
  since: number;
  /** ms, server clock, of the last frame received. */
  lastFrameAt: number | null;
  /** Times an established link was lost. */
  reconnects: number;
  /** The last failure, e.g. "LoggedOnError: loggedOnFailed", "HTTP 401 on sign-in". */
  lastError: string | null;
  /** ms, server clock, of `lastError`. */
  lastErrorAt: number | null;
  framesReceived: number;
  /** Frames that were not valid (counted and logged, the link stays up). */
  malformedFrames: number;
  /** Platform-specific counters (e.g. duplicateFrames, throttledSends, resyncs). */
  counters: Record<string, number>;
}

export interface LinkStatusEvent extends EventBase {
  type: "link-status";
  status: SourceLinkStatus;
}

export type NeutralEvent =
  | AgentStateEvent
  | AgentIdentityEvent
  | QueueInfoEvent
  | CallEvent
  | QueueWaitingEvent
  | QueueStatsEvent
  | ResyncEvent
  | LinkStatusEvent;

/** What every link calls back with. */
export interface NeutralEventSink {
  /** Events in the order they happened; never throws into the link (errors are the sink's). */
  onEvents(events: NeutralEvent[]): void;
  /** Each frame as received (text, server receive time), for raw-frame storage. Optional. */
  onRawFrame?(text: string, receivedAt: number): void;
}

/** Wait and talk seconds of a call, rounded to ms as lib/calls/tracker.ts does. */
export function callSeconds(fromMs: number | null, toMs: number | null): number | null {
  if (fromMs === null || toMs === null) return null;
  return Math.max(0, Math.round(toMs - fromMs)) / 1000;
}
