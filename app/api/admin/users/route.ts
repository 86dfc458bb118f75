/**
 * GET /api/admin/users: every account (no password hashes). POST `{ username, fullName?,
 * role, campaigns?, password? }`: creates one; without a password one is generated and
 * returned once as `password`.
 */
import { adminRoute, str, strList } from "@/lib/server/admin-route";
import { listUsers } from "@/lib/queries/users";
import type { Role } from "@/lib/auth/principal";

export const dynamic = "force-dynamic";

export const GET = (request: Request) =>
  adminRoute(request, async ({ runtime }) => ({
    users: (await listUsers(runtime.db)).map(({ passwordHash: _hash, ...u }) => u),
  }));

export const POST = (request: Request) =>
  adminRoute(request, async ({ actor, runtime, body }) =>
    runtime.admin.createUser(actor, {
      username: str(body["username"])?.trim() ?? "",
      fullName: str(body["fullName"]) ?? null,
      role: str(body["role"]) as Role,
      campaigns: strList(body["campaigns"]) ?? [],
      password: str(body["password"]),
    }),
  );
