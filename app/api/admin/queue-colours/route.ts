/**
 * GET /api/admin/queue-colours: the queue figures' green/amber/red thresholds as stored, with
 * the defaults in force (`{ config, defaults }`). PUT `config`: replaces them (validated; 400
 * with the reason), audited; walls use them from their next load.
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { FIGURE_DEFAULTS } from "@/lib/queues/figure-colours";
import { loadFigureColours, saveFigureColours } from "@/lib/queues/figure-colours-store";

export const dynamic = "force-dynamic";

export const GET = (request: Request) => adminRoute(request, async ({ runtime }) => ({ config: await loadFigureColours(runtime.db), defaults: FIGURE_DEFAULTS }));

export const PUT = (request: Request) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    let saved;
    try {
      saved = await saveFigureColours(runtime.db, body);
    } catch (err) {
      throw new AdminError(400, (err as Error).message);
    }
    await audit(runtime.db, actor, "queue_colours.update", null, saved as Record<string, unknown>);
    return { config: saved, defaults: FIGURE_DEFAULTS };
  });
