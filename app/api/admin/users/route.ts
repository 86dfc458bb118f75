/**
 * GET /api/admin/users: every account (no password hashes). POST `{ username, fullName?,
 * role, campaigns?, password? }`: creates one; without a password one is generated and
 * returned once as `password`. (AdminActions checks the same rules again, with the same
 * messages, for its other callers.)
 */
import { z } from "zod";
import { adminRoute } from "@/app/api/_lib/route";
import { looseText, looseTextList, role } from "../_lib/fields";
import { listUsers } from "@/lib/queries/users";

export const dynamic = "force-dynamic";

export const GET = adminRoute({}, async ({ runtime }) => ({
  users: (await listUsers(runtime.db)).map(({ passwordHash: _hash, ...u }) => u),
}));

const body = z.object({
  username: looseText.transform((v) => v?.trim() ?? "").pipe(z.string().regex(/^[A-Za-z0-9._@-]{2,64}$/, "user name: 2-64 of A-Z a-z 0-9 . _ @ -")),
  fullName: looseText.transform((v) => v ?? null),
  role,
  campaigns: looseTextList.transform((v) => v ?? []),
  /** Absent: one is generated and returned once. */
  password: looseText.pipe(z.string().min(10, "password needs at least 10 characters").optional()),
});

export const POST = adminRoute({ body }, async ({ actor, runtime, body }) => runtime.admin.createUser(actor, body));
