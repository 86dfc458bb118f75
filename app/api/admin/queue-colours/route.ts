/**
 * GET /api/admin/queue-colours: the queue figures' green/amber/red thresholds as stored, with
 * the defaults in force (`{ config, defaults }`). PUT `config`: replaces them (validated by
 * figureColoursSchema; 400 with the reason), audited; walls use them from their next load.
 */
import { adminRoute } from "@/app/api/_lib/route";
import { audit } from "@/lib/queries/audit";
import { FIGURE_DEFAULTS, figureColoursSchema } from "@/lib/queues/figure-colours";
import { loadFigureColours, saveFigureColours } from "@/lib/queries/queue-colours";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({ config: await loadFigureColours(runtime.db), defaults: FIGURE_DEFAULTS }));

export const PUT = adminRoute({ body: figureColoursSchema }, async ({ actor, runtime, body }) => {
  const saved = await saveFigureColours(runtime.db, body);
  await audit(runtime.db, actor, "queue_colours.update", null, saved as Record<string, unknown>);
  return { config: saved, defaults: FIGURE_DEFAULTS };
});
