/**
 * The agent state model: pure functions from an agent's ordered events to its state.
 *
 * Events are folded in the agent screen's own order (./order.ts: epoch second, login session,
 * counter; events without an epoch sort after what arrived before them), not in arrival order.
 *
 * Pause codes: real VICIdial sends `state_paused` with the message `PAUSED` and sends no event
 * when the agent then picks a pause code (agc/vicidial.php `PauseCodeSelect_submit` only posts
 * to vdc_db_query.php). The agent-screen hook (public/vicidial/agent-events.js) reports the
 * code the agent picked as a `pause_code` event (message = the code); other senders may write
 * the code after `PAUSED` in the state_paused message. `pauseCodeSource` says which it was.
 * Platform links (XuC) send the code as the message of `platform_paused` ("platform").
 *
 * Several systems, one agent: a roster row may link one person's identities on several
 * systems (issue 15 §4), so one timeline can hold events of several origins. `bySource` keeps
 * the status each origin reported last, so the view can say when they disagree.
 *
 * VICIdial's database (issue 13): pushes stay the primary, fresher source. When the database
 * source sees vicidial_live_agents disagree with the board for longer than a grace period
 * (lib/dialer/corrections.ts decides), it appends `db_state` (message "STATUS[ PAUSECODE]":
 * the status the report shows, mapped to ours), which moves the agent and records the
 * correction (`correction`, shown on the tile until the next push moves the agent);
 * `db_campaign` fills the campaign pushes lack (the event's campaign field, ahead of the
 * roster); `db_pause_code` fills the pause code of a PAUSED agent (source "database"). None
 * of them changes lastEvent / lastMessage: they are not the agent screen's events.
 */
import { compareEvents, withArrivalAnchors, type Orderable } from "./order";
import { AGENT_STATUSES, effectOf, type AgentStatus } from "./status";

export { compareEvents } from "./order";

/** The subset of a stored event the state model reads. Times are ms, server clock. */
export interface AgentEventInput extends Orderable {
  event: string;
  message: string | null;
  leadId: string | null;
  campaign: string | null;
  /**
   * Which system reported the event, when it matters for disagreement: "vicidial" (push and
   * hook), or the platform link's kind ("xuc", "voipbin"). Absent: treated as "vicidial".
   */
  origin?: string;
}

/**
 * Where a pause code came from: `agent-screen` (the hook's `pause_code` event, the code the
 * agent picked), `push-message` (a word after PAUSED in a state_paused message: not sent by
 * VICIdial itself, only by other senders), `database` (VICIdial's vicidial_live_agents, set by
 * the board when the database source is connected).
 */
export type PauseCodeSource = "agent-screen" | "push-message" | "database" | "platform";

/** The last informational event (agent_alert, time_sync, ...) shown on the agent. */
export interface AgentNotice {
  event: string;
  message: string | null;
  /** ms, server clock. */
  at: number;
}

/**
 * A correction read from VICIdial's database (a `db_state` event): the status the board had,
 * the one vicidial_live_agents showed, and when (ms, server clock) it was applied.
 */
export interface AgentCorrection {
  from: AgentStatus;
  to: AgentStatus;
  at: number;
}

/** An agent's state as derived from its events alone (no roster, no clock). */
export interface AgentState {
  status: AgentStatus;
  /** ms, server clock: receive time of the event that moved the agent into `status`. */
  stateSince: number;
  /** Pause code while PAUSED, when known (see the module note). */
  pauseCode: string | null;
  pauseCodeSource: PauseCodeSource | null;
  leadId: string | null;
  /** Disposition recorded by the last dispo_set of the current wrap-up. */
  disposition: string | null;
  /** Campaign from the most recent event that carried one. */
  campaign: string | null;
  lastEvent: string;
  lastMessage: string | null;
  /** ms, server clock, of the newest event applied (by order key, not arrival). */
  lastEventAt: number;
  notice: AgentNotice | null;
  /**
   * The status each origin (see AgentEventInput.origin) reported last and since when (ms,
   * server clock). One entry for an agent seen on one system; empty before any status event.
   */
  bySource: Readonly<Record<string, { status: AgentStatus; since: number }>>;
  /** The last correction from VICIdial's database, until a push moves the agent again; null without. */
  correction: AgentCorrection | null;
}

/** The state before any event: logged out since the epoch. */
export const INITIAL_STATE: AgentState = {
  status: "LOGGED_OUT",
  stateSince: 0,
  pauseCode: null,
  pauseCodeSource: null,
  leadId: null,
  disposition: null,
  campaign: null,
  lastEvent: "",
  lastMessage: null,
  lastEventAt: 0,
  notice: null,
  bySource: {},
  correction: null,
};

/**
 * Longest pause code or disposition kept, characters. VICIdial's own are at most 6
 * (vicidial_pause_codes.pause_code, vicidial_statuses.status: VARCHAR(6)); a longer one is
 * forged or garbage, and must not reach the history rollup's keys (issue 11 item 3).
 */
export const MAX_CODE_LENGTH = 32;

/** A code as kept: trimmed, cut to MAX_CODE_LENGTH, null when empty. */
export function codeOf(text: string | null): string | null {
  const code = (text ?? "").trim().slice(0, MAX_CODE_LENGTH).trim();
  return code === "" ? null : code;
}

function pauseCodeOf(message: string | null): string | null {
  return codeOf((message ?? "").trim().replace(/^PAUSED\b\s*/i, ""));
}

/** The event the agent-screen hook sends when the agent picks a pause code (message: the code). */
export const PAUSE_CODE_EVENT = "pause_code";

/** VICIdial's database: the status vicidial_live_agents shows (message "STATUS[ PAUSECODE]"). */
export const DB_STATE_EVENT = "db_state";
/** VICIdial's database: the agent's campaign (in the event's campaign field). */
export const DB_CAMPAIGN_EVENT = "db_campaign";
/** VICIdial's database: the pause code of a PAUSED agent (message: the code). */
export const DB_PAUSE_CODE_EVENT = "db_pause_code";

/**
 * A `db_state` message: "STATUS" or "STATUS PAUSECODE" → its parts; null when the status is
 * not one of AGENT_STATUSES (a forged or garbled row).
 */
export function parseDbStateMessage(message: string | null): { status: AgentStatus; pauseCode: string | null } | null {
  const [word, ...rest] = (message ?? "").trim().split(/\s+/);
  if (!word || !(AGENT_STATUSES as readonly string[]).includes(word)) return null;
  return { status: word as AgentStatus, pauseCode: word === "PAUSED" ? codeOf(rest.join(" ")) : null };
}

/** A platform link's pause (message: the platform's pause code, e.g. XuC's UsersStatuses name). */
export const PLATFORM_PAUSED_EVENT = "platform_paused";

const NEW_CALL_EVENTS = new Set(["call_dialed", "call_answered", "other_answered", "platform_dialing", "platform_incall"]);

/**
 * What `bySource` becomes once the event's origin reports `state.status`; null when it already
 * did (only for status-changing events).
 */
function bySourceAfter(state: AgentState, e: AgentEventInput): AgentState["bySource"] | null {
  const origin = e.origin ?? "vicidial";
  if (state.bySource[origin]?.status === state.status) return null;
  return { ...state.bySource, [origin]: { status: state.status, since: e.receivedAt } };
}

/** Records which status the event's origin reports now (see {@link bySourceAfter}). */
function reported(state: AgentState, e: AgentEventInput): AgentState {
  const bySource = bySourceAfter(state, e);
  return bySource ? { ...state, bySource } : state;
}

function enter(state: AgentState, status: AgentStatus, at: number): AgentState {
  if (state.status === status) return state;
  return { ...state, status, stateSince: at };
}

/** {@link enter} on a state object that is still being built (applyStatus's own copy). */
function moveInto(next: AgentState, status: AgentStatus, at: number): void {
  if (next.status === status) return;
  next.status = status;
  next.stateSince = at;
}

/**
 * Applies one event to a state. Pure. Status rules are in ./status.ts; this adds what each
 * status keeps: the lead while on a call, the disposition during wrap-up, the pause code.
 */
export function applyEvent(state: AgentState, e: AgentEventInput): AgentState {
  const effect = effectOf(e.event);
  if (effect.kind === "db") {
    const next = applyDatabase(state, e);
    return e.event === DB_STATE_EVENT && next !== state ? reported(next, e) : next;
  }
  const next = applyStatus(state, effect, e);
  if (effect.kind === "info" || e.event === PAUSE_CODE_EVENT) return next;
  // A push (or platform) moved the agent: a correction from the database is history now.
  // (`next` is applyStatus's own new object: nobody else holds it yet.)
  next.correction = null;
  next.bySource = bySourceAfter(next, e) ?? next.bySource;
  return next;
}

/** The `db_*` events (see the module note). Unknown or malformed ones change nothing. */
function applyDatabase(state: AgentState, e: AgentEventInput): AgentState {
  const campaign = e.campaign ?? state.campaign;
  if (e.event === DB_CAMPAIGN_EVENT) return campaign === state.campaign ? state : { ...state, campaign };
  if (e.event === DB_PAUSE_CODE_EVENT) {
    const code = codeOf(e.message);
    return state.status === "PAUSED" && code !== null ? { ...state, campaign, pauseCode: code, pauseCodeSource: "database" } : state;
  }
  if (e.event !== DB_STATE_EVENT) return state;
  const parsed = parseDbStateMessage(e.message);
  if (!parsed) return state;
  const { status, pauseCode } = parsed;
  const correction: AgentCorrection = { from: state.status, to: status, at: e.receivedAt };
  const next: AgentState = { ...enter(state, status, e.receivedAt), campaign, correction };
  switch (status) {
    case "PAUSED": {
      const keep = state.status === "PAUSED" && pauseCode === null;
      return { ...next, leadId: null, disposition: null, pauseCode: keep ? state.pauseCode : pauseCode, pauseCodeSource: keep ? state.pauseCodeSource : pauseCode ? "database" : null };
    }
    case "READY":
    case "CLOSER":
    case "LOGGED_OUT":
      return { ...next, leadId: null, disposition: null, pauseCode: null, pauseCodeSource: null };
    case "DISPO":
      return { ...next, leadId: e.leadId ?? state.leadId, pauseCode: null, pauseCodeSource: null };
    default:
      return { ...next, leadId: e.leadId ?? state.leadId, pauseCode: null, pauseCodeSource: null, disposition: state.status === status ? state.disposition : null };
  }
}

/**
 * A push's or a platform's event (not `db_*`). Returns a new state object, always: it is built
 * with one copy of `state` and then filled in, because a rebuild folds ~256 events per agent
 * and a copy per rule (status, lead, codes) was most of that fold's time (issue 14).
 */
function applyStatus(state: AgentState, effect: ReturnType<typeof effectOf>, e: AgentEventInput): AgentState {
  const next: AgentState = {
    ...state,
    campaign: e.campaign ?? state.campaign,
    lastEvent: e.event,
    lastMessage: e.message,
    lastEventAt: e.receivedAt,
  };
  if (e.event === PAUSE_CODE_EVENT) {
    // Only meaningful during a pause; not a notice either way (the hook's own event).
    const code = codeOf(e.message);
    if (state.status === "PAUSED" && code !== null) {
      next.pauseCode = code;
      next.pauseCodeSource = "agent-screen";
    }
    return next;
  }
  switch (effect.kind) {
    case "db":
      return next; // handled by applyDatabase
    case "info":
      next.notice = { event: e.event, message: e.message, at: e.receivedAt };
      return next;
    case "disposition":
      moveInto(next, "DISPO", e.receivedAt);
      next.disposition = codeOf(e.message);
      return next;
    case "ready":
      moveInto(next, /\bCLOSER\b/i.test(e.message ?? "") ? "CLOSER" : "READY", e.receivedAt);
      next.leadId = null;
      next.disposition = null;
      next.pauseCode = null;
      next.pauseCodeSource = null;
      return next;
    case "status": {
      const s = effect.status;
      moveInto(next, s, e.receivedAt);
      if (s === "PAUSED") {
        next.leadId = null;
        next.disposition = null;
        // A repeated state_paused (VICIdial re-sends it, e.g. after a pause code's new
        // agent_log row) keeps the code already known unless it names another.
        const written = e.event === "state_paused" ? pauseCodeOf(e.message) : e.event === PLATFORM_PAUSED_EVENT ? codeOf(e.message) : null;
        const keep = state.status === "PAUSED";
        next.pauseCode = written ?? (keep ? state.pauseCode : null);
        next.pauseCodeSource = written ? (e.event === PLATFORM_PAUSED_EVENT ? "platform" : "push-message") : keep ? state.pauseCodeSource : null;
        return next;
      }
      next.pauseCode = null;
      next.pauseCodeSource = null;
      if (s === "LOGGED_OUT") {
        next.leadId = null;
        next.disposition = null;
        return next;
      }
      next.leadId = e.leadId ?? next.leadId;
      // A new call starts a new wrap-up: forget the previous call's disposition.
      if ((s === "DIAL" || s === "INCALL") && state.status !== s && NEW_CALL_EVENTS.has(e.event)) next.disposition = null;
      return next;
    }
  }
}

/**
 * Folds one agent's events (in any order) into a state: anchors events without an epoch by
 * arrival (ascending id), then sorts them by {@link compareEvents}.
 */
export function foldEvents(events: readonly AgentEventInput[], from: AgentState = INITIAL_STATE): AgentState {
  return inScreenOrder(events).reduce(applyEvent, from);
}

/** One agent's events in screen order (see ./order.ts), events without an epoch anchored by arrival (id). */
export function inScreenOrder<T extends AgentEventInput>(events: readonly T[]): T[] {
  return withArrivalAnchors([...events].sort((a, b) => a.id - b.id)).sort(compareEvents);
}
