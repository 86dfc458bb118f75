/**
 * GET /api/admin/campaigns: every campaign the wallboard knows (settings, queue links, roster,
 * live board, supervisors, wall tokens) with its settings (null: defaults) and queues.
 *
 * PUT `{ id, name?, staleAfterSec?, stateThresholds?, queues? }`: stores a campaign's
 * settings (name, stale timeout in seconds or null for STALE_AFTER_SEC, time-in-state colour
 * thresholds such as {"READY":[0,60,300]} or null for the defaults) and, when `queues` is
 * given, the queues it takes calls from. Applied at once.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { idList, id, optionalText, optionalWholeSeconds, stateThresholds } from "../_lib/fields";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { listCampaignSettings, upsertCampaignSettings } from "@/lib/queries/campaigns";
import { listQueueConfigs } from "@/lib/queries/queues";
import { configuredCampaignIds, setCampaignQueues } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => {
  const [settings, queues, configured] = await Promise.all([listCampaignSettings(runtime.db), listQueueConfigs(runtime.db), configuredCampaignIds(runtime.db)]);
  const live = runtime.agents.campaigns().map((c) => c.campaign);
  const ids = [...new Set([...configured, ...live])].sort();
  return {
    campaigns: ids.map((id) => {
      const s = settings.find((c) => c.id === id);
      return {
        id,
        name: s?.name ?? id,
        configured: !!s,
        staleAfterSec: s?.staleAfterSec ?? null,
        stateThresholds: s?.stateThresholds ?? null,
        queues: queues.filter((q) => q.campaigns.includes(id)).map((q) => q.id),
        onBoard: live.includes(id),
      };
    }),
    queues,
  };
});

const body = z.object({
  id: id("campaign id"),
  name: optionalText("name", 100),
  staleAfterSec: optionalWholeSeconds("stale timeout", 10, 86_400),
  stateThresholds,
  /** Absent: the campaign's queue links stay as they are. */
  queues: idList("queues").optional(),
});

export const PUT = adminRoute({ body }, async ({ actor, runtime, body: { id, name: givenName, staleAfterSec, stateThresholds: thresholds, queues } }) => {
  const name = givenName ?? id;
  if (queues) {
    const known = new Set((await listQueueConfigs(runtime.db)).map((q) => q.id));
    const unknown = queues.filter((q) => !known.has(q));
    if (unknown.length) throw new AdminError(400, `unknown queue${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")} (add it under Queues first)`);
  }
  await upsertCampaignSettings(runtime.db, { id, name, staleAfterSec, stateThresholds: thresholds });
  if (queues) await setCampaignQueues(runtime.db, id, queues);
  await runtime.reload.campaigns();
  if (queues) await runtime.reload.queues();
  await audit(runtime.db, actor, "campaign.save", id, { name, staleAfterSec, stateThresholds: thresholds, ...(queues ? { queues } : {}) });
  return { ok: true };
});
