/**
 * When VICIdial's database corrects the board (issue 13): pushes stay the primary, fresher
 * source; vicidial_live_agents fills what they lack and corrects what a lost push left wrong.
 * Pure: the caller passes the board, the poll's agents, the clock and the tracker state, and
 * appends the events returned (source "vicidial-db", applied by lib/agents/state.ts).
 *
 * Rules, for each agent in vicidial_live_agents (the report's status, lib/sources/vicidial-db
 * snapshot.ts, mapped by `boardStatusOf`):
 * - campaign: the agent's campaign_id differs from the board's campaign → `db_campaign` at
 *   once when the board has none (UNASSIGNED: the pushes carry no campaign, README "Campaign
 *   and pause code"), else after the grace period. The database goes ahead of the roster.
 * - status: the board's status group (READY≈CLOSER, every on-call status alike; a missing
 *   agent is LOGGED_OUT) differs from the database's for the whole grace period → `db_state`
 *   with the database's status (and pause code). Board DISPO and database PAUSED agree: once
 *   the disposition is saved VICIdial writes PAUSED (lead cleared) while the agent screen
 *   stays on the disposition until the agent's next click (the report then shows PAUSED).
 * - pause code: both PAUSED, the database names a code the board does not have for the whole
 *   grace period → `db_pause_code` (the code VICIdial's PauseCodeSubmit wrote).
 * And for a logged-in board agent missing from vicidial_live_agents for the grace period, once
 * seen there earlier (a user hidden from the report, `user_hide_realtime`, is never seen) and
 * when the poll's agent list was complete: `db_state` LOGGED_OUT (a lost logged_out push).
 *
 * The grace period lets a push in flight land first: a disagreement counts only while the
 * same (board, database) pair is seen at every poll; any change restarts it. After a
 * correction the same one is not sent again for `cooldownMs` (a correction that did not take,
 * e.g. while PostgreSQL spools, is retried then, not every second).
 *
 * Times: `now` is ms on the wallboard's server clock.
 */
import { boardStatusOf, type LiveAgent } from "../sources/vicidial-db/snapshot";
import type { IncomingAgentEvent } from "../events/types";
import { DB_CAMPAIGN_EVENT, DB_PAUSE_CODE_EVENT, DB_STATE_EVENT } from "../agents/state";
import type { AgentStatus } from "../agents/status";
import { statusGroup, UNASSIGNED, type AgentView } from "../agents/view";

/** Default grace period (ms): how long a disagreement must last before it is corrected. */
export const CORRECTION_GRACE_MS = 5_000;
/** Default cooldown (ms) before the same correction is sent again. */
export const CORRECTION_COOLDOWN_MS = 30_000;
/** Most users remembered as seen in the database (bounded memory). */
export const MAX_SEEN_USERS = 100_000;

type Kind = "campaign" | "state" | "pause";

/** What the decision remembers between polls. Treat as immutable. */
export interface CorrectionTracker {
  /** `${kind} ${user}` → the disagreement key and when it was first seen (ms). */
  pending: ReadonlyMap<string, { key: string; since: number }>;
  /** `${kind} ${user}` → the last correction sent and when (ms). */
  sent: ReadonlyMap<string, { key: string; at: number }>;
  /** Users seen in vicidial_live_agents since the source started. */
  seen: ReadonlySet<string>;
}

export const EMPTY_TRACKER: CorrectionTracker = { pending: new Map(), sent: new Map(), seen: new Set() };

export interface CorrectionInput {
  /** Every agent on the live board. */
  board: readonly AgentView[];
  /** The poll's agents (vicidial_live_agents). */
  agents: readonly LiveAgent[];
  /** True when the agent list hit VICIDIAL_DB_MAX_AGENTS (then nobody is taken as logged out). */
  truncated: boolean;
  /** ms, server clock. */
  now: number;
  graceMs?: number;
  cooldownMs?: number;
}

export interface CorrectionDecision {
  events: IncomingAgentEvent[];
  tracker: CorrectionTracker;
}

const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

/** Decides the corrections of one poll (see the module note). Pure. */
export function decideCorrections(input: CorrectionInput, tracker: CorrectionTracker): CorrectionDecision {
  const grace = input.graceMs ?? CORRECTION_GRACE_MS;
  const cooldown = input.cooldownMs ?? CORRECTION_COOLDOWN_MS;
  const { now } = input;
  const pending = new Map<string, { key: string; since: number }>();
  const sent = new Map(tracker.sent);
  const seen = new Set(tracker.seen);
  const events: IncomingAgentEvent[] = [];
  const boardByUser = new Map(input.board.map((a) => [a.user, a]));

  /** True when the disagreement `key` of (kind, user) is due now (and records it as sent). */
  const due = (kind: Kind, user: string, key: string, graceMs: number): boolean => {
    const id = `${kind} ${user}`;
    const held = tracker.pending.get(id);
    const since = held?.key === key ? held.since : now;
    const last = sent.get(id);
    if ((last?.key === key && now - last.at < cooldown) || now - since < graceMs) {
      pending.set(id, { key, since });
      return false;
    }
    sent.set(id, { key, at: now });
    return true;
  };

  for (const d of input.agents) {
    if (seen.size < MAX_SEEN_USERS) seen.add(d.user);
    const b = boardByUser.get(d.user);
    const boardStatus: AgentStatus = b?.state ?? "LOGGED_OUT";
    const dbStatus = boardStatusOf(d.status);
    const campaign = d.campaignId.trim() === "" ? null : cut(d.campaignId.trim(), 100);

    if (b && campaign !== null && b.campaign !== campaign) {
      const fill = b.campaign === UNASSIGNED;
      if (due("campaign", d.user, `${b.campaign}>${campaign}`, fill ? 0 : grace)) {
        events.push(event(d, DB_CAMPAIGN_EVENT, campaign, campaign, now, { reason: fill ? "campaign missing" : `board campaign ${b.campaign}` }));
      }
    }
    if (!sameGroup(boardStatus, dbStatus)) {
      if (due("state", d.user, `${boardStatus}>${dbStatus}`, grace)) {
        const message = dbStatus === "PAUSED" && d.pauseCode ? `PAUSED ${d.pauseCode}` : dbStatus;
        events.push(event(d, DB_STATE_EVENT, message, campaign, now, { reason: `board ${boardStatus}, database ${d.status}` }));
      }
    } else if (b && boardStatus === "PAUSED" && dbStatus === "PAUSED" && d.pauseCode && b.pauseCode !== d.pauseCode) {
      if (due("pause", d.user, `${b.pauseCode ?? ""}>${d.pauseCode}`, grace)) {
        events.push(event(d, DB_PAUSE_CODE_EVENT, d.pauseCode, campaign, now, { reason: `board pause code ${b.pauseCode ?? "none"}` }));
      }
    }
  }

  if (!input.truncated) {
    const inDb = new Set(input.agents.map((a) => a.user));
    for (const b of input.board) {
      if (b.state === "LOGGED_OUT" || inDb.has(b.user) || !tracker.seen.has(b.user)) continue;
      if (due("state", b.user, `${b.state}>LOGGED_OUT`, grace)) {
        events.push({
          source: "vicidial-db",
          receivedAt: now,
          user: b.user,
          event: DB_STATE_EVENT,
          message: "LOGGED_OUT",
          leadId: null,
          epoch: null,
          agentLogId: null,
          counter: Math.floor(now / 1000),
          campaign: null,
          raw: { table: "vicidial_live_agents", reason: `board ${b.state}, no row in vicidial_live_agents` },
        });
      }
    }
  }

  // Forget what was sent long ago (bounded memory).
  for (const [id, s] of sent) if (now - s.at >= cooldown) sent.delete(id);
  return { events, tracker: { pending, sent, seen } };
}

/** Whether the board's and the database's statuses agree (see the module note). */
function sameGroup(board: AgentStatus, db: AgentStatus): boolean {
  return statusGroup(board) === statusGroup(db) || (board === "DISPO" && db === "PAUSED");
}

/**
 * A `db_*` event about agent `d`. No epoch: the event sorts right after the agent's latest
 * event (lib/agents/order.ts anchors), never before what it corrects nor after a later push.
 * `counter` is the wallboard's Unix second, so two corrections with the same text at different
 * times are two events (the dedup key of an event without an epoch includes its message).
 */
function event(d: LiveAgent, name: string, message: string, campaign: string | null, now: number, extra: Record<string, string>): IncomingAgentEvent {
  const raw: Record<string, string> = {
    table: "vicidial_live_agents",
    status: d.rawStatus,
    reportStatus: d.status,
    campaign: d.campaignId,
    ...(d.pauseCode ? { pauseCode: d.pauseCode, pauseCodeSource: d.pauseCodeSource ?? "" } : {}),
    ...(d.leadId !== null ? { leadId: String(d.leadId) } : {}),
    ...(d.lastStateChangeAtMs !== null ? { lastStateChange: new Date(d.lastStateChangeAtMs).toISOString() } : {}),
    ...extra,
  };
  return {
    source: "vicidial-db",
    receivedAt: now,
    user: cut(d.user, 100),
    event: name,
    message: cut(message, 200),
    leadId: d.leadId === null ? null : String(d.leadId),
    epoch: null,
    agentLogId: d.agentLogId > 0 ? String(d.agentLogId) : null,
    counter: Math.floor(now / 1000),
    campaign,
    raw,
  };
}
