/**
 * GET /api/admin/alerts: the alert thresholds. PUT: replaces them (validated by
 * alertConfigSchema; 400 with the reason when invalid), applied at once and audited.
 */
import { adminRoute } from "@/app/api/_lib/route";
import { loadAlertConfig, saveAlertConfig } from "@/lib/queries/alert-config";
import { alertConfigSchema } from "@/lib/alerts/types";
import { audit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => loadAlertConfig(runtime.db));

export const PUT = adminRoute({ body: alertConfigSchema }, async ({ actor, runtime, body }) => {
  const saved = await saveAlertConfig(runtime.db, body);
  await audit(runtime.db, actor, "alerts.update", null, saved as Record<string, unknown>);
  await runtime.reload.alerts();
  return saved;
});
