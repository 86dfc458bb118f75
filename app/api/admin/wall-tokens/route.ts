/**
 * GET /api/admin/wall-tokens: the wall display tokens (never their values). POST `{ name,
 * campaigns }`: creates one and returns its URL once (`url`, `/d/<token>` on this wallboard).
 * (AdminActions checks the same rules again, with the same messages.)
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { looseText, looseTextList } from "../_lib/fields";
import { listWallTokens } from "@/lib/queries/wall-tokens";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({ tokens: await listWallTokens(runtime.db) }));

const body = z.object({
  name: looseText.transform((v) => v ?? "").pipe(z.string().refine((v) => v.trim() !== "", "name required")),
  campaigns: looseTextList.transform((v) => v ?? []).pipe(z.array(z.string()).min(1, "choose at least one campaign")),
});

export const POST = adminRoute({ body }, async ({ actor, runtime, body: { name, campaigns } }) => {
  const { token, record } = await runtime.admin.createWallToken(actor, name, campaigns);
  return { ...record, url: `${runtime.publicUrl()}/d/${token}`, path: `/d/${token}` };
});
