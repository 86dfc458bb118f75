/**
 * The public agent object: what Socket.IO deltas, snapshots and GET /api/agents carry.
 * Part of the realtime contract (README "Realtime"): add fields, never rename them.
 */
import type { AgentStatus } from "./status";
import type { AgentCorrection, AgentNotice, AgentState, PauseCodeSource } from "./state";

/** Roster data for an agent (admin-maintained; CSV-seeded for now). */
export interface RosterEntry {
  user: string;
  fullName: string | null;
  campaign: string | null;
  team: string | null;
  /** PBX extension of the agent's phone. */
  extension?: string | null;
  /** The same person's agent id on a XuC / VoIPBin link ("<id>" or "<connection>:<id>"); undefined: unchanged on import. */
  xucAgentId?: string | null;
  voipbinAgentId?: string | null;
}

/** What the PBX says about a phone (extension). */
export interface PhoneStatus {
  /** null: the PBX has not reported it. */
  registered: boolean | null;
  dnd: boolean | null;
  /** idle, ringing or connected, from the calls the PBX reports for the extension. */
  phoneState: "idle" | "ringing" | "connected" | null;
}

/** Campaign id used when neither the events nor the roster name one. */
export const UNASSIGNED = "UNASSIGNED";

export interface AgentView {
  user: string;
  /** Roster full name, else the user login. */
  name: string;
  /** Event `campaign` field, else roster campaign, else UNASSIGNED. */
  campaign: string;
  team: string | null;
  state: AgentStatus;
  /** ms since epoch, server clock. Time in state = serverNow − stateSince. */
  stateSince: number;
  pauseCode: string | null;
  /**
   * Where the pause code came from (lib/agents/state.ts PauseCodeSource); null without one.
   * Optional in the type because browsers may hold objects from an older server.
   */
  pauseCodeSource?: PauseCodeSource | null;
  leadId: string | null;
  disposition: string | null;
  lastEvent: string;
  lastMessage: string | null;
  /** ms since epoch, server clock, of the newest event received from this agent. */
  lastEventAt: number;
  notice: AgentNotice | null;
  /** True when a logged-in agent has sent nothing for the stale timeout (server clock). */
  stale: boolean;
  /** Roster extension of the agent's phone. */
  extension: string | null;
  registered: boolean | null;
  dnd: boolean | null;
  phoneState: PhoneStatus["phoneState"];
  /** Why VICIdial's state and the phone disagree (e.g. READY but unregistered), else null. */
  phoneMismatch: string | null;
  /**
   * When one person is linked across systems (roster) and they have reported different states
   * for longer than SOURCE_DISAGREEMENT_GRACE_MS, e.g. "VICIdial READY · XuC PAUSED"; else
   * null. Optional in the type because browsers may hold objects from an older server.
   */
  sourceMismatch?: string | null;
  /**
   * The last correction read from VICIdial's database (vicidial_live_agents disagreed with
   * the pushes longer than the grace period: a push was lost), until a push moves the agent
   * again; null without. Optional in the type because browsers may hold older objects.
   */
  correction?: AgentCorrection | null;
}

/**
 * How long two systems may disagree about one person before the tile says so (ms): every
 * change reaches each system a moment apart, which is not a disagreement.
 */
export const SOURCE_DISAGREEMENT_GRACE_MS = 10_000;

const ORIGIN_LABELS: Readonly<Record<string, string>> = { vicidial: "VICIdial", xuc: "XuC", voipbin: "VoIPBin" };

/**
 * The group a status belongs to when two sources are compared: READY and CLOSER agree, every
 * on-call status (INCALL, DIAL, DEAD, PARK, 3-WAY) agrees.
 */
export function statusGroup(status: AgentStatus): string {
  if (status === "CLOSER") return "READY";
  if (status === "DIAL" || status === "DEAD" || status === "PARK" || status === "3-WAY") return "INCALL";
  return status;
}

/**
 * Says when the systems an agent is linked across report different states (by group: READY and
 * CLOSER agree, every on-call status agrees) for at least the grace period. `now` ms, server clock.
 */
export function sourceMismatch(bySource: AgentState["bySource"], now: number): string | null {
  const entries = Object.entries(bySource);
  if (entries.length < 2) return null;
  const groups = new Set(entries.map(([, r]) => statusGroup(r.status)));
  if (groups.size < 2) return null;
  const disagreeingSince = Math.max(...entries.map(([, r]) => r.since));
  if (now - disagreeingSince < SOURCE_DISAGREEMENT_GRACE_MS) return null;
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([origin, r]) => `${ORIGIN_LABELS[origin] ?? origin} ${r.status}`)
    .join(" · ");
}

/**
 * Builds the public view. `now` and `lastSeenAt` are ms on the server clock; an agent is
 * stale when it is not logged out and has sent nothing for `staleAfterMs`.
 */
export function toAgentView(
  user: string,
  state: AgentState,
  lastSeenAt: number,
  roster: RosterEntry | undefined,
  now: number,
  staleAfterMs: number,
  phone?: PhoneStatus,
): AgentView {
  const extension = roster?.extension ?? null;
  return {
    user,
    name: roster?.fullName || user,
    campaign: state.campaign ?? roster?.campaign ?? UNASSIGNED,
    team: roster?.team ?? null,
    state: state.status,
    stateSince: state.stateSince,
    pauseCode: state.pauseCode,
    pauseCodeSource: state.pauseCodeSource,
    leadId: state.leadId,
    disposition: state.disposition,
    lastEvent: state.lastEvent,
    lastMessage: state.lastMessage,
    lastEventAt: lastSeenAt,
    notice: state.notice,
    stale: state.status !== "LOGGED_OUT" && now - lastSeenAt > staleAfterMs,
    extension,
    registered: phone?.registered ?? null,
    dnd: phone?.dnd ?? null,
    phoneState: phone?.phoneState ?? null,
    phoneMismatch: extension ? phoneMismatch(state.status, phone) : null,
    sourceMismatch: sourceMismatch(state.bySource, now),
    correction: state.correction,
  };
}

/**
 * A contradiction worth a supervisor's eye: VICIdial says the agent can take calls (READY,
 * CLOSER) but the phone cannot ring (unregistered or DND), or VICIdial says INCALL but the
 * phone has no call. Returns a short reason, or null.
 */
export function phoneMismatch(status: AgentStatus, phone: PhoneStatus | undefined): string | null {
  if (!phone) return null;
  if (status === "READY" || status === "CLOSER") {
    if (phone.registered === false) return "ready but phone unregistered";
    if (phone.dnd === true) return "ready but phone on DND";
  }
  if (status === "INCALL" && phone.phoneState === "idle") return "in call but phone idle";
  return null;
}

/** Header counters of a wall, as VICIdial's real-time report shows them. */
export interface AgentCounts {
  loggedIn: number;
  ready: number;
  inCall: number;
  paused: number;
  dispo: number;
  dead: number;
  stale: number;
}

/** Counts agents by status group. READY includes CLOSER; in call includes DIAL, PARK, 3-WAY. */
export function countAgents(agents: Iterable<AgentView>): AgentCounts {
  const c: AgentCounts = { loggedIn: 0, ready: 0, inCall: 0, paused: 0, dispo: 0, dead: 0, stale: 0 };
  for (const a of agents) {
    if (a.state === "LOGGED_OUT") continue;
    c.loggedIn++;
    if (a.stale) c.stale++;
    switch (a.state) {
      case "READY":
      case "CLOSER":
        c.ready++;
        break;
      case "INCALL":
      case "DIAL":
      case "PARK":
      case "3-WAY":
        c.inCall++;
        break;
      case "PAUSED":
        c.paused++;
        break;
      case "DISPO":
        c.dispo++;
        break;
      case "DEAD":
        c.dead++;
        break;
    }
  }
  return c;
}
