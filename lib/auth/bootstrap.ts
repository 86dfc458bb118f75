/**
 * First start: creates the `admin` account (password from ADMIN_PASSWORD, or generated and
 * returned so the server prints it once), and the session secret (SESSION_SECRET, or
 * generated once and kept in the `setting` table).
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/prisma";
import { getOrCreateSetting } from "../queries/settings";
import { audit } from "../queries/audit";
import { countUsers, createUser } from "../queries/users";
import { generatePassword, hashPassword } from "./passwords";

export async function ensureFirstAdmin(db: Db, fromEnv: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
  if ((await countUsers(db)) > 0) return { created: false, generatedPassword: null };
  const password = fromEnv ?? generatePassword();
  await createUser(db, { username: "admin", fullName: "Administrator", passwordHash: await hashPassword(password), role: "admin" });
  await audit(db, "system", "user.create", "admin", { role: "admin", firstStart: true });
  return { created: true, generatedPassword: fromEnv ? null : password };
}

export async function resolveSessionSecret(db: Db, fromEnv: string | undefined): Promise<string> {
  return fromEnv ?? getOrCreateSetting(db, "session_secret", () => randomBytes(32).toString("base64url"));
}
