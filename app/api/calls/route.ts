/**
 * GET /api/calls[?queue=<id>]: the calls in progress the caller may see (same objects as the
 * Socket.IO `call` deltas), oldest first, with the server time (ms). A scoped caller sees the
 * calls of its campaigns' queues and of its agents' phones.
 */
import { z } from "zod";
import { signedInRoute } from "@/app/api/_lib/route";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";
import { extensionOf } from "@/lib/sources/vodia/frames";

export const dynamic = "force-dynamic";

const query = z.object({ queue: z.string().optional() });

export const GET = signedInRoute({ query }, async ({ principal: p, runtime: { activeCalls, queues, agents, now }, query: { queue } }) => {
  const mine = (c: { queue: string | null; agentExtension: string | null; from: string }) =>
    seesAllCampaigns(p) ||
    (c.queue !== null && queues.campaignsOfQueue(c.queue).some((x) => canSeeCampaign(p, x))) ||
    [c.agentExtension, extensionOf(c.from)].some((e) => {
      const campaign = e ? agents.campaignOfExtension(e) : undefined;
      return campaign !== undefined && canSeeCampaign(p, campaign);
    });
  const calls = activeCalls().filter((c) => (queue === undefined || c.queue === queue) && mine(c));
  return { serverTime: now(), calls };
});
