/**
 * POST /api/auth/password `{ current, next }`: changes the signed-in user's password (≥ 10
 * characters), ends every other session of that user, and renews this one.
 */
import { z } from "zod";
import { getRuntime } from "@/lib/runtime";
import { parseRequest } from "@/lib/http/parse-request";
import { jsonError, principalFrom } from "@/lib/auth/request";
import { hashPassword, verifyPassword } from "@/lib/auth/passwords";
import { findUserById, setPassword } from "@/lib/queries/users";
import { audit } from "@/lib/queries/audit";

export const dynamic = "force-dynamic";

const required = "current and next password required";
const passwords = z.object({
  current: z.string({ error: required }),
  next: z.string({ error: required }).min(10, "the new password needs at least 10 characters"),
});

export async function POST(request: Request): Promise<Response> {
  const p = principalFrom(request.headers);
  if (p?.kind !== "user") return jsonError(403, "sign in as a user");
  const { body, error } = await parseRequest(request, { body: passwords });
  if (error) return error();
  const { db, auth } = getRuntime();
  const user = await findUserById(db, p.id);
  if (!user || !(await verifyPassword(body.current, user.passwordHash))) return jsonError(403, "current password is wrong");
  await setPassword(db, user.id, await hashPassword(body.next));
  auth.forget(user.id);
  await audit(db, user.username, "user.password", user.username);
  return Response.json({ ok: true }, { headers: { "set-cookie": await auth.userCookie(user.id) } });
}
