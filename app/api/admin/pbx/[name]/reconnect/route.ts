/**
 * POST /api/admin/pbx/<name>/reconnect: drops the link and connects again at once (404 when
 * no such link is running, e.g. a disabled connection).
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { segment } from "../../../_lib/validate";

export const dynamic = "force-dynamic";

export const POST = (request: Request, { params }: { params: Promise<{ name: string }> }) =>
  adminRoute(request, async ({ actor, runtime }) => {
    const name = segment((await params).name);
    if (!runtime.pbx.reconnect(name)) throw new AdminError(404, `no running PBX link named ${name}`);
    await audit(runtime.db, actor, "pbx.reconnect", name);
    return { ok: true };
  });
