/**
 * DELETE /api/admin/sources/<name>: removes a stored platform link (XuC, VoIPBin) and drops it
 * at once. Links configured by the environment cannot be removed here.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { AdminError } from "@/lib/server/admin-actions";
import { routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";
import { deleteSourceConnection } from "@/lib/queries/platform-sources";

export const dynamic = "force-dynamic";

export const DELETE = adminRoute({ params: z.object({ name: routeSegment }) }, async ({ actor, runtime, params: { name } }) => {
  if (runtime.sources.environmentNames().has(name)) throw new AdminError(400, `${name} is configured by the environment: change it there and restart`);
  if (!(await deleteSourceConnection(runtime.db, name))) throw new AdminError(404, `no source connection named ${name}`);
  runtime.sources.changed("remove", name);
  await audit(runtime.db, actor, "source.delete", name);
  return { ok: true };
});
