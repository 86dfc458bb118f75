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
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";
import { effectOf } from "@/lib/agents/status";
import { statsWindows } from "@/lib/queues/windows";
import type { LeaderboardResponse, LeaderboardRow } from "@/lib/board/leaderboard";

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

export async function GET(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const { board, db, now: nowFn } = getRuntime();
  const now = nowFn();
  const tz = timeZone();
  const since = statsWindows(now, tz).today;
  const asked = new URL(request.url).searchParams.get("campaigns");
  const wanted = asked ? new Set(asked.split(",").map((c) => c.trim()).filter(Boolean)) : null;

  const agents = board.list().filter((a) => canSeeCampaign(p, a.campaign) && (wanted === null || wanted.has(a.campaign)));
  const users = agents.map((a) => a.user);
  const figures = new Map<string, { calls: number; talk: number }>();
  if (users.length > 0) {
    const rows = await db.$queryRaw<{ agent_user: string; calls: bigint | number; talk_sec: number | null }[]>`
      WITH e AS (
        SELECT agent_user, event, received_at,
               lead(received_at) OVER (PARTITION BY agent_user ORDER BY received_at, id) AS next_at
        FROM agent_event
        WHERE received_at >= ${new Date(since)} AND agent_user = ANY(${users}::text[]) AND event = ANY(${STATE_EVENTS}::text[])
      )
      SELECT agent_user,
             count(*) FILTER (WHERE event IN ('call_answered', 'other_answered')) AS calls,
             sum(EXTRACT(EPOCH FROM (LEAST(COALESCE(next_at, ${new Date(now)}::timestamptz), received_at + make_interval(secs => ${staleAfterSec()}), ${new Date(now)}::timestamptz) - received_at)))
               FILTER (WHERE event = ANY(${TALK_EVENTS}::text[]))::float8 AS talk_sec
      FROM e GROUP BY agent_user`;
    for (const r of rows) figures.set(r.agent_user, { calls: Number(r.calls), talk: Math.max(0, Number(r.talk_sec ?? 0)) });
  }
  const out: LeaderboardRow[] = agents.map((a) => {
    const f = figures.get(a.user);
    return { user: a.user, name: a.name, campaign: a.campaign, team: a.team, callsHandled: f?.calls ?? 0, talkSec: Math.round(f?.talk ?? 0) };
  });
  const body: LeaderboardResponse = { serverTime: now, since, timeZone: tz, rows: out };
  return Response.json(body);
}
