/**
 * GET /api/leaderboard[?campaigns=A,B]: today's calls handled and talk time of the agents of
 * the visible campaigns on the live board (all the caller may see when `campaigns` is absent;
 * campaigns outside the caller's scope are ignored). "Today" starts at local midnight in
 * TIMEZONE.
 *
 * - calls handled = call_answered / other_answered events since midnight;
 * - talk time = time from each event that puts the agent in a call (INCALL, PARK, 3-WAY) to
 *   the agent's next state-changing event (or now), each stretch at most STALE_AFTER_SEC
 *   (a silent agent's state is not trusted longer, as on the board). Arrival order.
 */
import { z } from "zod";
import { signedInRoute } from "@/app/api/_lib/route";
import { getRuntime } from "@/lib/runtime";
import { canSeeCampaign } from "@/lib/auth/principal";
import { effectOf } from "@/lib/agents/status";
import { statsWindows } from "@/lib/queues/windows";
import { todaysCallFigures } from "@/lib/queries/leaderboard";
import type { LeaderboardResponse, LeaderboardRow } from "@/lib/api/leaderboard";

export const dynamic = "force-dynamic";

/** VICIdial's agent events (lib/agents/status.ts); only those that change the state are kept. */
const KNOWN_EVENTS = [
  "logged_in", "state_ready", "state_paused", "call_dialed", "call_answered", "other_answered", "call_dead", "customer_gone",
  "agent_hangup", "dispo_screen_open", "transfer_blind", "transfer_local_closer", "transfer_vmail", "3way_agent_leave", "dispo_set",
  "park_started", "park_ivr_started", "park_retrieved", "park_ivr_retrieved", "3way_start", "3way_answered", "3way_agent_hangup",
  "logged_out", "logged_out_complete", "session_disabled", "login_invalid",
];
const STATE_EVENTS = KNOWN_EVENTS.filter((e) => effectOf(e).kind !== "info");
const TALK_EVENTS = STATE_EVENTS.filter((e) => {
  const f = effectOf(e);
  return f.kind === "status" && (f.status === "INCALL" || f.status === "PARK" || f.status === "3-WAY");
});

const timeZone = () => getRuntime().config.timeZone;
const staleAfterSec = (campaign?: string) => getRuntime().config.staleAfterSec(campaign);

/** `campaigns=A,B`: only these (absent or empty: all the caller may see). */
const query = z.object({
  campaigns: z
    .string()
    .optional()
    .transform((asked) => (asked ? new Set(asked.split(",").map((c) => c.trim()).filter(Boolean)) : null)),
});

export const GET = signedInRoute({ query }, async ({ principal: p, runtime: { agents: agentBook, db, now: nowFn }, query: { campaigns: wanted } }) => {
  const now = nowFn();
  const tz = timeZone();
  const since = statsWindows(now, tz).today;

  const agents = agentBook.list().filter((a) => canSeeCampaign(p, a.campaign) && (wanted === null || wanted.has(a.campaign)));
  const users = agents.map((a) => a.user);
  const figures = await todaysCallFigures(db, {
    users,
    since,
    now,
    staleAfterSec: staleAfterSec(),
    stateEvents: STATE_EVENTS,
    talkEvents: TALK_EVENTS,
    callEvents: ["call_answered", "other_answered"],
  });
  const out: LeaderboardRow[] = agents.map((a) => {
    const f = figures.get(a.user);
    return { user: a.user, name: a.name, campaign: a.campaign, team: a.team, callsHandled: f?.calls ?? 0, talkSec: Math.round(f?.talkSec ?? 0) };
  });
  const body: LeaderboardResponse = { serverTime: now, since, timeZone: tz, rows: out };
  return body;
});
