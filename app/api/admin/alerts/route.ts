/**
 * GET /api/admin/alerts: the alert thresholds. PUT: replaces them (validated; 400 with the
 * reason when invalid), applied at once and audited.
 */
import { adminRoute } from "@/lib/server/admin-route";
import { loadAlertConfig, saveAlertConfig } from "@/lib/alerts/config";
import { audit } from "@/lib/queries/audit";
import { AdminError } from "@/lib/server/admin-actions";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => adminRoute(request, async ({ runtime }) => loadAlertConfig(runtime.db));

export const PUT = (request: Request) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    let saved;
    try {
      saved = await saveAlertConfig(runtime.db, body);
    } catch (err) {
      throw new AdminError(400, (err as Error).message);
    }
    await audit(runtime.db, actor, "alerts.update", null, saved as Record<string, unknown>);
    await runtime.reload.alerts();
    return saved;
  });
