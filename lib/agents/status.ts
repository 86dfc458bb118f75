/**
 * VICIdial's agent status vocabulary and how each Agent Events Push event moves an agent
 * between statuses.
 *
 * Statuses are those of VICIdial's real-time report (AST_timeonVDADall.php) plus LOGGED_OUT.
 * The event list and meanings are from VICIdial's AGENT_EVENTS_PUSH.txt (shared/seeds/003).
 * Events named `platform_*` are the platform links' states in the same vocabulary (XiVO XuC,
 * VoIPBin: lib/sources/platform/agent-events.ts).
 */

export const AGENT_STATUSES = [
  "READY",
  "CLOSER",
  "PAUSED",
  "DIAL",
  "INCALL",
  "DEAD",
  "DISPO",
  "PARK",
  "3-WAY",
  "LOGGED_OUT",
] as const;

export type AgentStatus = (typeof AGENT_STATUSES)[number];

/**
 * What an event does to an agent:
 * - `status`: moves the agent to that status;
 * - `ready`: READY, or CLOSER when the message says CLOSER (state_ready carries the state);
 * - `disposition`: stays/enters DISPO and records the message as the disposition;
 * - `info`: informational, the status does not change but the event is shown on the agent;
 * - `db`: a fill or correction read from VICIdial's database (`db_state`: the status,
 *   `db_campaign`: the campaign, `db_pause_code`: the pause code), see lib/agents/state.ts.
 */
export type EventEffect =
  | { kind: "status"; status: AgentStatus }
  | { kind: "ready" }
  | { kind: "disposition" }
  | { kind: "info" }
  | { kind: "db" };

const to = (status: AgentStatus): EventEffect => ({ kind: "status", status });

/** Events that change the status. Anything not listed here is informational. */
const EFFECTS: Readonly<Record<string, EventEffect>> = {
  logged_in: to("PAUSED"),
  state_ready: { kind: "ready" },
  state_paused: to("PAUSED"),
  call_dialed: to("DIAL"),
  call_answered: to("INCALL"),
  other_answered: to("INCALL"),
  call_dead: to("DEAD"),
  customer_gone: to("DEAD"),
  agent_hangup: to("DISPO"),
  dispo_screen_open: to("DISPO"),
  transfer_blind: to("DISPO"),
  transfer_local_closer: to("DISPO"),
  transfer_vmail: to("DISPO"),
  "3way_agent_leave": to("DISPO"),
  dispo_set: { kind: "disposition" },
  park_started: to("PARK"),
  park_ivr_started: to("PARK"),
  park_retrieved: to("INCALL"),
  park_ivr_retrieved: to("INCALL"),
  "3way_start": to("3-WAY"),
  "3way_answered": to("3-WAY"),
  "3way_agent_hangup": to("INCALL"),
  logged_out: to("LOGGED_OUT"),
  logged_out_complete: to("LOGGED_OUT"),
  session_disabled: to("LOGGED_OUT"),
  login_invalid: to("LOGGED_OUT"),
  // Platform links (XiVO XuC, VoIPBin): lib/sources/platform/agent-events.ts names one event
  // per neutral state. RINGING (a call offered, not answered) stays READY: nothing answered.
  platform_ready: { kind: "ready" },
  platform_ringing: { kind: "ready" },
  platform_paused: to("PAUSED"),
  platform_dialing: to("DIAL"),
  platform_incall: to("INCALL"),
  platform_wrapup: to("DISPO"),
  platform_logged_out: to("LOGGED_OUT"),
  // VICIdial's database (issue 13, lib/dialer/corrections.ts): `db_state` carries the status
  // vicidial_live_agents shows (message "STATUS[ PAUSECODE]"), applied by lib/agents/state.ts.
  db_state: { kind: "db" },
  db_campaign: { kind: "db" },
  db_pause_code: { kind: "db" },
};

/** The effect of an event name; unknown and informational events give `{ kind: "info" }`. */
export function effectOf(event: string): EventEffect {
  return Object.hasOwn(EFFECTS, event) ? EFFECTS[event]! : { kind: "info" };
}

/** Statuses in which the agent is on (or wrapping up) a customer call. */
export const ON_CALL_STATUSES: ReadonlySet<AgentStatus> = new Set(["DIAL", "INCALL", "DEAD", "PARK", "3-WAY"]);
