/**
 * Desk-screen arrangement of the tiles: grouping (state, team, campaign), sorting (state,
 * time in state, name), filtering (states, a search on name or user). Pure; orders use server
 * timestamps and names only, so they never flicker as timers tick.
 */
import type { AgentStatus } from "../agents/status";
import type { AgentView } from "../agents/view";
import { compareAgents, compareNames, STATE_GROUP_ORDER } from "./sort";

export type GroupBy = "none" | "state" | "team" | "campaign";
export type SortBy = "state" | "time" | "name";

export const GROUP_BY_OPTIONS: readonly { value: GroupBy; label: string }[] = [
  { value: "none", label: "No grouping" },
  { value: "state", label: "State" },
  { value: "team", label: "Team" },
  { value: "campaign", label: "Campaign" },
];

export const SORT_BY_OPTIONS: readonly { value: SortBy; label: string }[] = [
  { value: "state", label: "State" },
  { value: "time", label: "Time in state" },
  { value: "name", label: "Name" },
];

export const isGroupBy = (v: unknown): v is GroupBy => GROUP_BY_OPTIONS.some((o) => o.value === v);
export const isSortBy = (v: unknown): v is SortBy => SORT_BY_OPTIONS.some((o) => o.value === v);

const byUser = (a: AgentView, b: AgentView) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0);

/** Comparator for a sort choice. `time`: longest in state first. `name`: name, then user. */
export function comparatorFor(sortBy: SortBy): (a: AgentView, b: AgentView) => number {
  if (sortBy === "time") return (a, b) => a.stateSince - b.stateSince || byUser(a, b);
  if (sortBy === "name") return (a, b) => compareNames(a.name, b.name) || byUser(a, b);
  return compareAgents;
}

/** Filter: statuses to keep (null or empty: all) and a search on name or user (case-insensitive). */
export interface AgentFilter {
  states: ReadonlySet<AgentStatus> | null;
  search: string;
}

export const NO_FILTER: AgentFilter = { states: null, search: "" };

export function filterAgents(agents: Iterable<AgentView>, filter: AgentFilter): AgentView[] {
  const q = filter.search.trim().toLowerCase();
  const out: AgentView[] = [];
  for (const a of agents) {
    if (filter.states && filter.states.size > 0 && !filter.states.has(a.state)) continue;
    if (q && !a.name.toLowerCase().includes(q) && !a.user.toLowerCase().includes(q)) continue;
    out.push(a);
  }
  return out;
}

/** State groups, in wall order (lib/wall/sort.ts STATE_GROUP_ORDER). */
const STATE_GROUP_LABEL = ["Ready", "Dialling", "In call", "Dead call", "Wrap-up", "Paused", "Logged out"] as const;

export interface AgentGroup {
  key: string;
  label: string;
  agents: AgentView[];
  /** True for the logged-out agents, which the wall shows last and dimmed. */
  loggedOut: boolean;
}

export const LOGGED_OUT_GROUP = "__logged_out";

/**
 * Agents in groups, each sorted by `sortBy`. Logged-out agents always form the last group.
 * `none`: one group of the logged-in agents. Team and campaign groups go by name, agents
 * without a team last ("No team").
 */
export function groupAgents(agents: Iterable<AgentView>, groupBy: GroupBy, sortBy: SortBy): AgentGroup[] {
  const cmp = comparatorFor(sortBy);
  const active: AgentView[] = [];
  const loggedOut: AgentView[] = [];
  for (const a of agents) (a.state === "LOGGED_OUT" ? loggedOut : active).push(a);

  const groups = new Map<string, AgentGroup & { order: number | string }>();
  const add = (key: string, label: string, order: number | string, a: AgentView) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, label, agents: [], loggedOut: false, order }));
    g.agents.push(a);
  };
  for (const a of active) {
    if (groupBy === "state") {
      const i = STATE_GROUP_ORDER[a.state];
      add(`state:${i}`, STATE_GROUP_LABEL[i]!, i, a);
    } else if (groupBy === "team") {
      add(`team:${a.team ?? ""}`, a.team ?? "No team", a.team === null ? "\uffff" : a.team, a);
    } else if (groupBy === "campaign") {
      add(`campaign:${a.campaign}`, a.campaign, a.campaign, a);
    } else {
      add("all", "Logged in", 0, a);
    }
  }
  const out = [...groups.values()]
    .sort((a, b) => (typeof a.order === "number" && typeof b.order === "number" ? a.order - b.order : String(a.order).localeCompare(String(b.order))))
    .map(({ order: _order, ...g }) => ({ ...g, agents: g.agents.sort(cmp) }));
  if (loggedOut.length > 0) out.push({ key: LOGGED_OUT_GROUP, label: "Logged out", agents: loggedOut.sort(cmp), loggedOut: true });
  return out;
}

/** A run of tiles in one group that React keeps under a parent of its own ({@link tileBands}). */
export interface TileBand {
  key: string;
  agents: AgentView[];
}

/**
 * A group's agents (already in wall order) cut into bands that a state change moves a tile
 * between, never within: with the `state` sort, one band per state group (ready, dialling, in
 * call…), each in name order; with the other sorts, one band. Why: React keeps a keyed list in
 * order by moving every tile that a moved tile jumps over when it moves towards the start (an
 * agent back from wrap-up to ready moved the ~300 tiles between in the DOM, and the browser
 * restyled and laid out each one: issue 14 trace, 100+ ms tasks). A tile that changes band
 * leaves one parent and enters another; its neighbours stay put.
 */
export function tileBands(agents: readonly AgentView[], sortBy: SortBy): TileBand[] {
  if (sortBy !== "state") return agents.length ? [{ key: "all", agents: [...agents] }] : [];
  const bands: TileBand[] = [];
  const used = new Set<string>();
  let last = -1;
  for (const a of agents) {
    const order = STATE_GROUP_ORDER[a.state];
    if (order !== last || bands.length === 0) {
      // Sorted input has one run per state group; a key stays unique even if it does not.
      const key = used.has(`s${order}`) ? `s${order}-${bands.length}` : `s${order}`;
      used.add(key);
      bands.push({ key, agents: [] });
    }
    last = order;
    bands.at(-1)!.agents.push(a);
  }
  return bands;
}

/** Short state codes of the minimal tile (1,000 agents); the wall shows their legend. */
export const STATE_CODE: Readonly<Record<AgentStatus, string>> = {
  READY: "RDY",
  CLOSER: "CLO",
  DIAL: "DIAL",
  INCALL: "CALL",
  PARK: "PARK",
  "3-WAY": "3WAY",
  DEAD: "DEAD",
  DISPO: "DISP",
  PAUSED: "PAUS",
  LOGGED_OUT: "OUT",
};

/** The legend of the codes present among `agents` (all when none), in wall order. */
export function codeLegend(agents: Iterable<AgentView>): { code: string; state: AgentStatus }[] {
  const present = new Set<AgentStatus>();
  for (const a of agents) present.add(a.state);
  return (Object.keys(STATE_CODE) as AgentStatus[])
    .filter((s) => present.size === 0 || present.has(s))
    .sort((a, b) => STATE_GROUP_ORDER[a] - STATE_GROUP_ORDER[b])
    .map((state) => ({ code: STATE_CODE[state], state }));
}
