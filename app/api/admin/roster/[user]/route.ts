/**
 * PUT /api/admin/roster/<user> `{ fullName?, campaign?, team?, extension?, xucAgentId?, voipbinAgentId? }`: puts the agent
 * on the roster or updates it; the wall shows the change at once.
 * DELETE /api/admin/roster/<user>: takes the agent off the roster (an agent never seen in
 * events is deleted; one seen keeps its history and shows under "not on the roster").
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { agentUser } from "../../_lib/fields";
import { rosterFields, saveRoster } from "../../_lib/roster-entry";
import { AdminError } from "@/lib/server/admin-actions";
import { decodeSegment, routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";
import { removeFromRoster } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const PUT = adminRoute({ params: z.object({ user: z.preprocess(decodeSegment, agentUser) }), body: rosterFields }, async ({ actor, runtime, params: { user }, body }) => {
  const entry = { user, ...body };
  await saveRoster(runtime.db, [entry]);
  await runtime.reload.roster();
  await audit(runtime.db, actor, "roster.save", entry.user, { fullName: entry.fullName, campaign: entry.campaign, team: entry.team, extension: entry.extension, xucAgentId: entry.xucAgentId, voipbinAgentId: entry.voipbinAgentId });
  return { ok: true, agent: entry };
});

export const DELETE = adminRoute({ params: z.object({ user: routeSegment }) }, async ({ actor, runtime, params: { user } }) => {
  const result = await removeFromRoster(runtime.db, user);
  if (result === "absent") throw new AdminError(404, `${user} is not on the roster`);
  await runtime.reload.roster();
  await audit(runtime.db, actor, "roster.remove", user, { deleted: result === "deleted" });
  return { ok: true, result };
});
