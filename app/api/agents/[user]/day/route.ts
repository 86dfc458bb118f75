/**
 * GET /api/agents/<user>/day: the agent's day so far (local midnight in TIMEZONE to now) for
 * the wall's agent detail — the same computation as the history's agent day
 * (lib/history/agent-day-detail.ts over the pure model), limited to the caller's
 * campaigns (issue 11 item 11: an agent who moved campaigns today shows a supervisor only
 * the part in theirs). 404 for an unknown agent, 403 when nothing of the day is in scope.
 */
import { z } from "zod";
import { signedInRoute } from "@/app/api/_lib/route";
import { decodeSegment } from "@/lib/http/parse-request";
import { jsonError } from "@/lib/auth/request";
import { canSeeCampaign } from "@/lib/auth/principal";
import { clipSegments, scopeAgentDay } from "@/lib/history/agent-day";
import { dayOf } from "@/lib/history/days";
import { agentDayDetail } from "@/lib/history/agent-day-detail";
import type { AgentDayResponse } from "@/lib/api/agent-day";

export const dynamic = "force-dynamic";

const segments = z.object({ user: z.preprocess(decodeSegment, z.string().min(1, "bad agent").max(100, "bad agent")) });

export const GET = signedInRoute({ params: segments }, async ({ principal: p, runtime, params: { user } }) => {
  const now = runtime.now();
  const timeZone = runtime.config.timeZone;
  const live = runtime.agents.get(user);
  const full = await agentDayDetail(runtime.db, {
    user,
    day: dayOf(now, timeZone),
    timeZone,
    staleAfterSec: runtime.config.staleAfterSec(live?.campaign),
    now,
    fallbackCampaign: live?.campaign,
  });
  if (!live && full.segments.length === 0 && full.callStarts.length === 0 && full.dispositions.length === 0 && full.extension === null && full.fullName === null) {
    return jsonError(404, "unknown agent");
  }
  const day = scopeAgentDay(full, (c) => canSeeCampaign(p, c));
  if (!day || (live && !canSeeCampaign(p, live.campaign))) return jsonError(403, "agent not in your scope");
  const body: AgentDayResponse = {
    serverTime: now,
    user,
    campaign: live?.campaign ?? day.campaigns[0]!,
    extension: day.extension,
    timeZone,
    start: day.start,
    end: now,
    segments: clipSegments(day.segments, day.start, now).map((s) => ({ start: s.start, end: s.end, status: s.status, pauseCode: s.pauseCode })),
    callStarts: day.callStarts.map((c) => ({ at: c.at, leadId: c.leadId })),
    dispositions: day.dispositions.map((d) => ({ at: d.at, code: d.code, leadId: d.leadId })),
    calls: day.calls.map(({ callId, queue, from, to, enteredAt, answeredAt, endedAt, outcome, waitSec, talkSec }) => ({ callId, queue, from, to, enteredAt, answeredAt, endedAt, outcome, waitSec, talkSec })),
  };
  return body;
});
