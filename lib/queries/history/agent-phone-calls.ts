/**
 * Queries on `call` for one agent's day: the PBX calls its phone answered (lib/history/
 * agent-day-detail.ts puts them beside the states).
 */
import type { Db } from "../../db/prisma";
import type { AgentDayCall } from "../../history/agent-day";

/** At most this many calls per phone and day: a day's page never grows without bound. */
const MAX_CALLS = 2000;

/**
 * The calls answered on phone `extension` in [start, end) (ms since epoch), oldest answer
 * first, at most 2,000. Times are ms, durations seconds.
 */
export async function answeredCallsOnPhone(db: Db, extension: string, start: number, end: number): Promise<AgentDayCall[]> {
  const rows = await db.call.findMany({
    where: { agentExtension: extension, answeredAt: { gte: new Date(start), lt: new Date(end) } },
    orderBy: { answeredAt: "asc" },
    take: MAX_CALLS,
  });
  return rows.map((c) => ({
    callId: c.callId,
    queue: c.queue,
    from: c.from,
    to: c.to,
    enteredAt: c.enteredAt.getTime(),
    answeredAt: c.answeredAt?.getTime() ?? null,
    endedAt: c.endedAt?.getTime() ?? null,
    outcome: c.outcome,
    waitSec: c.waitSec,
    talkSec: c.talkSec,
  }));
}
