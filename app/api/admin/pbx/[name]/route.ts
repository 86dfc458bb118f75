/**
 * DELETE /api/admin/pbx/<name>: removes a stored PBX connection and drops its link at once.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { AdminError } from "@/lib/server/admin-actions";
import { routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";
import { deletePbxConnection } from "@/lib/queries/pbx-connections";
import { findPbxConnection } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const DELETE = adminRoute({ params: z.object({ name: routeSegment }) }, async ({ actor, runtime, params: { name } }) => {
  if (name === "env") throw new AdminError(400, "the env connection is configured by PBX_URL: change it there and restart");
  if (!(await findPbxConnection(runtime.db, name))) throw new AdminError(404, `no PBX connection named ${name}`);
  await deletePbxConnection(runtime.db, name);
  runtime.pbx.remove(name);
  await audit(runtime.db, actor, "pbx.delete", name);
  return { ok: true };
});
