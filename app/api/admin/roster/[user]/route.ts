/**
 * PUT /api/admin/roster/<user> `{ fullName?, campaign?, team?, extension? }`: puts the agent
 * on the roster or updates it; the wall shows the change at once.
 * DELETE /api/admin/roster/<user>: takes the agent off the roster (an agent never seen in
 * events is deleted; one seen keeps its history and shows under "not on the roster").
 */
import { adminRoute } from "@/lib/server/admin-route";
import { AdminError } from "@/lib/server/admin-actions";
import { audit } from "@/lib/queries/audit";
import { upsertRoster } from "@/lib/queries/roster";
import { removeFromRoster } from "@/lib/queries/admin-config";
import { rosterEntry } from "../../_lib/roster";
import { segment } from "../../_lib/validate";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ user: string }> };

export const PUT = (request: Request, { params }: Ctx) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    const entry = rosterEntry(segment((await params).user), body);
    await upsertRoster(runtime.db, [entry]);
    await runtime.reload.roster();
    await audit(runtime.db, actor, "roster.save", entry.user, { fullName: entry.fullName, campaign: entry.campaign, team: entry.team, extension: entry.extension });
    return { ok: true, agent: entry };
  });

export const DELETE = (request: Request, { params }: Ctx) =>
  adminRoute(request, async ({ actor, runtime }) => {
    const user = segment((await params).user);
    const result = await removeFromRoster(runtime.db, user);
    if (result === "absent") throw new AdminError(404, `${user} is not on the roster`);
    await runtime.reload.roster();
    await audit(runtime.db, actor, "roster.remove", user, { deleted: result === "deleted" });
    return { ok: true, result };
  });
