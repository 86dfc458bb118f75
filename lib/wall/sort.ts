/**
 * Wall order: agents grouped by status along a call's life (ready, dialling, on a call,
 * dead call, wrap-up, paused), logged-out agents last; within a group by name, so a tile keeps
 * its place among its neighbours while its agent stays in that state (ordering by time in
 * state reshuffled the wall at every state change; "time in state" is a sort of its own).
 */
import type { AgentStatus } from "../agents/status";
import type { AgentView } from "../agents/view";

/** Position of each status's group on the wall (lower first). */
export const STATE_GROUP_ORDER: Readonly<Record<AgentStatus, number>> = {
  READY: 0,
  CLOSER: 0,
  DIAL: 1,
  INCALL: 2,
  PARK: 2,
  "3-WAY": 2,
  DEAD: 3,
  DISPO: 4,
  PAUSED: 5,
  LOGGED_OUT: 6,
};

/**
 * Names compared the way `a.localeCompare(b, undefined, { sensitivity: "base" })` does, with
 * one collator made once: `localeCompare` with options builds a collator per call, which made
 * sorting a 500-agent wall the wall's hottest JavaScript (issue 14, bench/RESULTS.md notes).
 */
export const compareNames: (a: string, b: string) => number = new Intl.Collator(undefined, { sensitivity: "base" }).compare;

/**
 * Compares two agents for the wall: state group, then name, then `user` (so the order is
 * total and stable between renders, whatever the timers do).
 */
export function compareAgents(a: AgentView, b: AgentView): number {
  const g = STATE_GROUP_ORDER[a.state] - STATE_GROUP_ORDER[b.state];
  if (g !== 0) return g;
  const n = compareNames(a.name, b.name);
  if (n !== 0) return n;
  return a.user < b.user ? -1 : a.user > b.user ? 1 : 0;
}

/** A sorted copy of `agents` ({@link compareAgents}); the input is not changed. */
export function sortAgents(agents: Iterable<AgentView>): AgentView[] {
  return [...agents].sort(compareAgents);
}

/**
 * Splits agents into those to show as tiles (logged in, wall order) and those logged out
 * (wall order), which the wall shows apart and dimmed.
 */
export function partitionAgents(agents: Iterable<AgentView>): { active: AgentView[]; loggedOut: AgentView[] } {
  const active: AgentView[] = [];
  const loggedOut: AgentView[] = [];
  for (const a of sortAgents(agents)) (a.state === "LOGGED_OUT" ? loggedOut : active).push(a);
  return { active, loggedOut };
}
