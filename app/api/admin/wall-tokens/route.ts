/**
 * GET /api/admin/wall-tokens: the wall display tokens (never their values). POST `{ name,
 * campaigns }`: creates one and returns its URL once (`url`, `/d/<token>` on this wallboard).
 */
import { adminRoute, str, strList } from "@/lib/server/admin-route";
import { listWallTokens } from "@/lib/queries/wall-tokens";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => adminRoute(request, async ({ runtime }) => ({ tokens: await listWallTokens(runtime.db) }));

export const POST = (request: Request) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    const { token, record } = await runtime.admin.createWallToken(actor, str(body["name"]) ?? "", strList(body["campaigns"]) ?? []);
    return { ...record, url: `${runtime.publicUrl()}/d/${token}`, path: `/d/${token}` };
  });
