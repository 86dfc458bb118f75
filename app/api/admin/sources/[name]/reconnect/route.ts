/**
 * POST /api/admin/sources/<name>/reconnect: drops a platform link and connects again at once
 * (a fresh sign-in and resync), on whichever instance holds the links. 404 for a name no link has.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { AdminError } from "@/lib/server/admin-actions";
import { routeSegment } from "@/lib/http/parse-request";
import { audit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

export const POST = adminRoute({ params: z.object({ name: routeSegment }) }, async ({ actor, runtime, params: { name } }) => {
  const link = runtime.pbxLinks().find((l) => l.name === name && l.kind && l.kind !== "vodia");
  if (!link) throw new AdminError(404, `no platform link named ${name}`);
  runtime.sources.changed("reconnect", name);
  await audit(runtime.db, actor, "source.reconnect", name);
  return { ok: true };
});
