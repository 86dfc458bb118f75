/**
 * GET /api/dialer[?campaign=<id>]: VICIdial's dialer figures (issue 13) the caller may see —
 * the same objects as the Socket.IO `dialer` messages: campaigns, their in-groups and the calls
 * waiting in them — and the database source's link status. 400 for a malformed campaign id,
 * 403 for a campaign outside the caller's scope.
 */
import { z } from "zod";
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns } from "@/lib/auth/principal";
import { sliceFor } from "@/lib/dialer/figures";

export const dynamic = "force-dynamic";

/** VICIdial campaign ids are VARCHAR(8); wallboard ids up to 64 of these characters. */
const querySchema = z.object({
  campaign: z
    .string()
    .regex(/^[A-Za-z0-9_.@-]{1,64}$/, "campaign: 1-64 of A-Z a-z 0-9 . _ @ -")
    .optional(),
});

export function GET(request: Request): Response {
  const p = principalFrom(request.headers);
  if (!p) return jsonError(401, "sign in required");
  const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return jsonError(400, parsed.error.issues.map((i) => i.message).join("; "));
  const { campaign } = parsed.data;
  if (campaign !== undefined && !canSeeCampaign(p, campaign)) return jsonError(403, "campaign not in your scope");
  const { dialer, pbxLinks, now } = getRuntime();
  const all = dialer();
  const campaigns = campaign !== undefined ? [campaign] : seesAllCampaigns(p) ? null : all.campaigns.map((c) => c.campaign).filter((c) => canSeeCampaign(p, c));
  return Response.json({ serverTime: now(), dialer: sliceFor(all, campaigns), source: pbxLinks().find((l) => l.kind === "vicidial-db") ?? null });
}
