/**
 * PATCH /api/admin/users/<id> `{ fullName?, role?, disabled?, campaigns? }`: changes an account;
 * a role change or disabling ends its sessions at once.
 */
import { adminRoute, str, strList } from "@/lib/server/admin-route";
import type { Role } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export const PATCH = (request: Request, { params }: { params: Promise<{ id: string }> }) =>
  adminRoute(request, async ({ actor, runtime, body }) => {
    const id = Number((await params).id);
    await runtime.admin.updateUser(actor, id, {
      fullName: body["fullName"] === undefined ? undefined : (str(body["fullName"]) ?? null),
      role: str(body["role"]) as Role | undefined,
      disabled: typeof body["disabled"] === "boolean" ? body["disabled"] : undefined,
      campaigns: strList(body["campaigns"]),
    });
    return { ok: true };
  });
