/**
 * POST /api/auth/password `{ current, next }`: changes the signed-in user's password (≥ 10
 * characters), ends every other session of that user, and renews this one.
 */
import { getRuntime } from "@/lib/runtime";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { findUserById, setPassword } from "@/lib/queries/users";
import { audit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (p?.kind !== "user") return jsonError(403, "sign in as a user");
  const body = (await request.json().catch(() => ({}))) as { current?: unknown; next?: unknown };
  if (typeof body.current !== "string" || typeof body.next !== "string") return jsonError(400, "current and next password required");
  if (body.next.length < 10) return jsonError(400, "the new password needs at least 10 characters");
  const { db, auth } = getRuntime();
  const user = await findUserById(db, p.id);
  if (!user || !(await verifyPassword(body.current, user.passwordHash))) return jsonError(403, "current password is wrong");
  await setPassword(db, user.id, await hashPassword(body.next));
  auth.forget(user.id);
  await audit(db, user.username, "user.password", user.username);
  return Response.json({ ok: true }, { headers: { "set-cookie": await auth.userCookie(user.id) } });
}
