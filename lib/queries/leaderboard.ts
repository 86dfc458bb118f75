/**
 * The leaderboard's query (GET /api/leaderboard): today's calls handled and talk time per
 * agent, from `agent_event`.
 */
import type { Db } from "../db/prisma";

/**
 * Per agent of `users`, since `since` (ms, server clock): calls handled = `callEvents`
 * events; talk = time from each `talkEvents` event to the agent's next of `stateEvents`
 * (or `now`), each stretch at most `staleAfterSec`. Arrival order (id) within the agent.
 */
export async function todaysCallFigures(
  db: Db,
  o: { users: readonly string[]; since: number; now: number; staleAfterSec: number; stateEvents: readonly string[]; talkEvents: readonly string[]; callEvents: readonly string[] },
): Promise<Map<string, { calls: number; talkSec: number }>> {
  if (o.users.length === 0) return new Map();
  const rows = await db.$queryRaw<{ agent_user: string; calls: bigint | number; talk_sec: number | null }[]>`
    WITH e AS (
      SELECT agent_user, event, received_at,
             lead(received_at) OVER (PARTITION BY agent_user ORDER BY received_at, id) AS next_at
      FROM agent_event
      WHERE received_at >= ${new Date(o.since)} AND agent_user = ANY(${[...o.users]}::text[]) AND event = ANY(${[...o.stateEvents]}::text[])
    )
    SELECT agent_user,
           count(*) FILTER (WHERE event = ANY(${[...o.callEvents]}::text[])) AS calls,
           sum(EXTRACT(EPOCH FROM (LEAST(COALESCE(next_at, ${new Date(o.now)}::timestamptz), received_at + make_interval(secs => ${o.staleAfterSec}), ${new Date(o.now)}::timestamptz) - received_at)))
             FILTER (WHERE event = ANY(${[...o.talkEvents]}::text[]))::float8 AS talk_sec
    FROM e GROUP BY agent_user`;
  return new Map(rows.map((r) => [r.agent_user, { calls: Number(r.calls), talkSec: Math.max(0, Number(r.talk_sec ?? 0)) }]));
}
