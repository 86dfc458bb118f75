/**
 * GET /api/agents/<user>/day: the agent's day so far (local midnight in TIMEZONE to now) for
 * the wall's agent detail: state segments from the stored events (the same pure model as the
 * history, lib/history/agent-day.ts), the calls answered and dispositions, and the PBX calls
 * of the agent's phone today. 404 for an unknown agent, 403 outside the caller's campaigns.
 */
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";
import { agentActivity, clipSegments } from "@/lib/history/agent-day";
import { statsWindows } from "@/lib/queues/windows";
import type { AgentDayResponse } from "@/lib/board/timeline";

export const dynamic = "force-dynamic";

/** Events read before midnight, so the state the agent was in at midnight is known. */
const LOOKBACK_MS = 12 * 3600_000;
const MAX_EVENTS = 20_000;

const timeZone = () => getRuntime().config.timeZone;
const staleAfterSec = (campaign?: string) => getRuntime().config.staleAfterSec(campaign);

interface EventRow {
  id: bigint;
  received_at: Date;
  event: string;
  message: string | null;
  lead_id: string | null;
  epoch: bigint | null;
  agent_log_id: string | null;
  counter: number | null;
  campaign: string | null;
}

export async function GET(request: Request, ctx: { params: Promise<{ user: string }> }): Promise<Response> {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const user = decodeURIComponent((await ctx.params).user);
  if (!user || user.length > 100) return jsonError(400, "bad agent");
  const { board, db, now: nowFn } = getRuntime();
  const now = nowFn();
  const tz = timeZone();
  const start = statsWindows(now, tz).today;

  const live = board.get(user);
  const [roster] = live ? [] : await db.$queryRaw<{ campaign: string | null; extension: string | null }[]>`SELECT campaign, extension FROM agent WHERE "user" = ${user}`;
  const events = await db.$queryRaw<EventRow[]>`
    SELECT * FROM (
      SELECT id, received_at, event, message, lead_id, epoch, agent_log_id, counter, campaign FROM agent_event
      WHERE agent_user = ${user} AND received_at >= ${new Date(start - LOOKBACK_MS)} AND received_at <= ${new Date(now)}
      ORDER BY id DESC LIMIT ${MAX_EVENTS}
    ) newest ORDER BY id`;
  const lastCampaign = [...events].reverse().find((e) => e.campaign)?.campaign ?? null;
  const campaign = live?.campaign ?? roster?.campaign ?? lastCampaign;
  if (!live && !roster && events.length === 0) return jsonError(404, "unknown agent");
  if (campaign === null ? !canSeeCampaign(p, "UNASSIGNED") : !canSeeCampaign(p, campaign)) return jsonError(403, "agent not in your scope");

  const activity = agentActivity(
    events.map((e) => ({
      id: Number(e.id),
      receivedAt: e.received_at.getTime(),
      event: e.event,
      message: e.message,
      leadId: e.lead_id,
      epoch: e.epoch === null ? null : Number(e.epoch),
      agentLogId: e.agent_log_id,
      counter: e.counter,
      campaign: e.campaign,
    })),
    { staleAfterMs: staleAfterSec(campaign ?? undefined) * 1000, until: now },
  );
  const extension = live?.extension ?? roster?.extension ?? null;
  const calls = extension
    ? await db.call.findMany({
        where: { agentExtension: extension, OR: [{ answeredAt: { gte: new Date(start) } }, { enteredAt: { gte: new Date(start) } }] },
        orderBy: { enteredAt: "asc" },
        take: 500,
      })
    : [];

  const body: AgentDayResponse = {
    serverTime: now,
    user,
    campaign: campaign ?? "UNASSIGNED",
    extension,
    timeZone: tz,
    start,
    end: now,
    segments: clipSegments(activity.segments, start, now).map((s) => ({ start: s.start, end: s.end, status: s.status, pauseCode: s.pauseCode })),
    callStarts: activity.calls.filter((c) => c.at >= start).map((c) => ({ at: c.at, leadId: c.leadId })),
    dispositions: activity.dispositions.filter((d) => d.at >= start).map((d) => ({ at: d.at, code: d.code, leadId: d.leadId })),
    calls: calls.map((c) => ({
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
    })),
  };
  return Response.json(body);
}
