/**
 * PATCH /api/admin/users/<id> `{ fullName?, role?, disabled?, campaigns? }`: changes an account;
 * a role change or disabling ends its sessions at once. Absent fields (and values of the
 * wrong type) are left as they are.
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { looseTextList, numericId, optionalRole } from "../../_lib/fields";

export const dynamic = "force-dynamic";

const body = z.object({
  /** Absent: unchanged; anything but text: cleared. */
  fullName: z.string().nullable().optional().catch(null),
  role: optionalRole,
  disabled: z.boolean().optional().catch(undefined),
  campaigns: looseTextList,
});

export const PATCH = adminRoute({ params: z.object({ id: numericId }), body }, async ({ actor, runtime, params: { id }, body }) => {
  await runtime.admin.updateUser(actor, id, body);
  return { ok: true };
});
