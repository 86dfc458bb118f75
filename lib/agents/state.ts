/**
 * The agent state model: pure functions from an agent's ordered events to its state.
 *
 * Ordering rule: VICIdial numbers each agent screen's events with `counter` in the order the
 * screen triggered them (AJAX may deliver them out of order, AGENT_EVENTS_PUSH.txt), and the
 * counter restarts when the screen reloads. `epoch` (agent browser clock, whole seconds) tells
 * screen sessions apart. So events are ordered by (epoch, counter); without an epoch the
 * receive second stands in for it, and without a counter the receive time orders events
 * within the same second. The printed Agent Push URL always includes the epoch.
 */
import { effectOf, type AgentStatus } from "./status";

/** The subset of a stored event the state model reads. Times are ms, server clock. */
export interface AgentEventInput {
  id: number;
  receivedAt: number;
  event: string;
  message: string | null;
  leadId: string | null;
  epoch: number | null;
  counter: number | null;
  campaign: string | null;
}

/** The last informational event (agent_alert, time_sync, ...) shown on the agent. */
export interface AgentNotice {
  event: string;
  message: string | null;
  /** ms, server clock. */
  at: number;
}

/** An agent's state as derived from its events alone (no roster, no clock). */
export interface AgentState {
  status: AgentStatus;
  /** ms, server clock: receive time of the event that moved the agent into `status`. */
  stateSince: number;
  /** Pause code when VICIdial's message carries one (inferred: any word after PAUSED). */
  pauseCode: string | null;
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
}

/** The state before any event: logged out since the epoch. */
export const INITIAL_STATE: AgentState = {
  status: "LOGGED_OUT",
  stateSince: 0,
  pauseCode: null,
  leadId: null,
  disposition: null,
  campaign: null,
  lastEvent: "",
  lastMessage: null,
  lastEventAt: 0,
  notice: null,
};

/**
 * Compares two events of the same agent by their position in the agent screen's own order:
 * (epoch or receive second, counter, receive time, id). Total and deterministic, so any
 * arrival order sorts to the same sequence.
 */
export function compareEvents(a: AgentEventInput, b: AgentEventInput): number {
  const sa = a.epoch ?? Math.floor(a.receivedAt / 1000);
  const sb = b.epoch ?? Math.floor(b.receivedAt / 1000);
  if (sa !== sb) return sa - sb;
  const ca = a.counter ?? Number.MAX_SAFE_INTEGER;
  const cb = b.counter ?? Number.MAX_SAFE_INTEGER;
  if (ca !== cb) return ca - cb;
  if (a.receivedAt !== b.receivedAt) return a.receivedAt - b.receivedAt;
  return a.id - b.id;
}

function pauseCodeOf(message: string | null): string | null {
  const code = (message ?? "").trim().replace(/^PAUSED\b\s*/i, "");
  return code === "" ? null : code;
}

function enter(state: AgentState, status: AgentStatus, at: number): AgentState {
  if (state.status === status) return state;
  return { ...state, status, stateSince: at };
}

/**
 * Applies one event to a state. Pure. Status rules are in ./status.ts; this adds what each
 * status keeps: the lead while on a call, the disposition during wrap-up, the pause code.
 */
export function applyEvent(state: AgentState, e: AgentEventInput): AgentState {
  const effect = effectOf(e.event);
  let next: AgentState = {
    ...state,
    campaign: e.campaign ?? state.campaign,
    lastEvent: e.event,
    lastMessage: e.message,
    lastEventAt: e.receivedAt,
  };
  switch (effect.kind) {
    case "info":
      return { ...next, notice: { event: e.event, message: e.message, at: e.receivedAt } };
    case "disposition":
      next = enter(next, "DISPO", e.receivedAt);
      return { ...next, disposition: e.message };
    case "ready": {
      const status = /\bCLOSER\b/i.test(e.message ?? "") ? "CLOSER" : "READY";
      next = enter(next, status, e.receivedAt);
      return { ...next, leadId: null, disposition: null, pauseCode: null };
    }
    case "status": {
      const s = effect.status;
      next = enter(next, s, e.receivedAt);
      if (s === "PAUSED") {
        return { ...next, leadId: null, disposition: null, pauseCode: e.event === "state_paused" ? pauseCodeOf(e.message) : null };
      }
      if (s === "LOGGED_OUT") return { ...next, leadId: null, disposition: null, pauseCode: null };
      if (s === "DIAL" || s === "INCALL") {
        // A new call starts a new wrap-up: forget the previous call's disposition.
        const newCall = state.status !== s && (e.event === "call_dialed" || e.event === "call_answered" || e.event === "other_answered");
        return { ...next, leadId: e.leadId ?? next.leadId, pauseCode: null, disposition: newCall ? null : next.disposition };
      }
      return { ...next, leadId: e.leadId ?? next.leadId, pauseCode: null };
    }
  }
}

/** Folds events (in any order) into a state: sorts them by {@link compareEvents} first. */
export function foldEvents(events: readonly AgentEventInput[], from: AgentState = INITIAL_STATE): AgentState {
  return [...events].sort(compareEvents).reduce(applyEvent, from);
}
