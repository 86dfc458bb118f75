/**
 * POST /api/admin/pbx/<name>/reconnect: drops the link and connects again at once (404 when
 * no such link is running, e.g. a disabled connection).
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { AdminError } from "@/lib/server/admin-actions";
import { routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

export const POST = adminRoute({ params: z.object({ name: routeSegment }) }, async ({ actor, runtime, params: { name } }) => {
  if (!runtime.pbx.reconnect(name)) throw new AdminError(404, `no running PBX link named ${name}`);
  await audit(runtime.db, actor, "pbx.reconnect", name);
  return { ok: true };
});
