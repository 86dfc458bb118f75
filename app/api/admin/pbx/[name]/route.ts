/**
 * DELETE /api/admin/pbx/<name>: removes a stored PBX connection and drops its link at once.
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { segment } from "../../_lib/validate";
import { deletePbxConnection } from "@/lib/queries/pbx-connections";
import { findPbxConnection } from "@/lib/queries/admin-config";

export const dynamic = "force-dynamic";

export const DELETE = (request: Request, { params }: { params: Promise<{ name: string }> }) =>
  adminRoute(request, async ({ actor, runtime }) => {
    const name = segment((await params).name);
    if (name === "env") throw new AdminError(400, "the env connection is configured by PBX_URL: change it there and restart");
    if (!(await findPbxConnection(runtime.db, name))) throw new AdminError(404, `no PBX connection named ${name}`);
    await deletePbxConnection(runtime.db, name);
    runtime.pbx.remove(name);
    await audit(runtime.db, actor, "pbx.delete", name);
    return { ok: true };
  });
