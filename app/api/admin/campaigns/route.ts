/**
 * GET /api/admin/campaigns: every campaign the wallboard knows (settings, queue links, roster,
 * live board, supervisors, wall tokens) with its settings (null: defaults) and queues.
 *
 * PUT `{ id, name?, staleAfterSec?, stateThresholds?, queues? }`: stores a campaign's
 * settings (name, stale timeout in seconds or null for STALE_AFTER_SEC, time-in-state colour
 * thresholds such as {"READY":[0,60,300]} or null for the defaults) and, when `queues` is
 * given, the queues it takes calls from. Applied at once.
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { listCampaignSettings, upsertCampaignSettings } from "@/lib/queries/campaigns";
import { listQueueConfigs } from "@/lib/queries/queues";
import { configuredCampaignIds, setCampaignQueues } from "@/lib/queries/admin-config";
import { idList, intIn, optionalText, requireId, stateThresholds } from "../_lib/validate";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  adminRoute(request, async ({ runtime }) => {
    const [settings, queues, configured] = await Promise.all([listCampaignSettings(runtime.db), listQueueConfigs(runtime.db), configuredCampaignIds(runtime.db)]);
    const live = runtime.board.campaigns().map((c) => c.campaign);
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

export const PUT = (request: Request) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    const id = requireId(body["id"], "campaign id");
    const name = optionalText(body["name"], "name", 100) ?? id;
    const staleAfterSec = intIn(body["staleAfterSec"], "stale timeout", 10, 86_400, true);
    const thresholds = stateThresholds(body["stateThresholds"]);
    const queues = body["queues"] === undefined ? undefined : idList(body["queues"], "queues");
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
