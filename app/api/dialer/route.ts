/**
 * GET /api/dialer[?campaign=<id>]: VICIdial's dialer figures (issue 13) the caller may see —
 * the same objects as the Socket.IO `dialer` messages: campaigns, their in-groups and the calls
 * waiting in them — and the database source's link status. 400 for a malformed campaign id,
 * 403 for a campaign outside the caller's scope.
 */
import { z } from "zod";
import { signedInRoute } from "@/app/api/_lib/route";
import { jsonError } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";
import { sliceFor } from "@/lib/dialer/figures";

export const dynamic = "force-dynamic";

/** VICIdial campaign ids are VARCHAR(8); wallboard ids up to 64 of these characters. */
const query = z.object({
  campaign: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/, "campaign: 1-64 of A-Z a-z 0-9 . _ @ -")
    .optional(),
});

export const GET = signedInRoute({ query }, async ({ principal: p, runtime: { dialer, pbxLinks, now }, query: { campaign } }) => {
  if (campaign !== undefined && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  const all = dialer();
  const campaigns = campaign !== undefined ? [campaign] : seesAllCampaigns(p) ? null : all.campaigns.map((c) => c.campaign).filter((c) => canSeeCampaign(p, c));
  return { serverTime: now(), dialer: sliceFor(all, campaigns), source: pbxLinks().find((l) => l.kind === "vicidial-db") ?? null };
});
