/**
 * The push token that protects the ingest endpoints: PUSH_TOKEN when set, else one generated
 * on first start and kept in the `setting` table, so the URLs pasted into VICIdial stay valid
 * across restarts.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/prisma";
import { getOrCreateSetting } from "../queries/settings";

export const PUSH_TOKEN_SETTING = "push_token";

export async function resolvePushToken(db: Db, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  // URL-safe and free of the characters VICIdial deletes from push URLs.
  return getOrCreateSetting(db, PUSH_TOKEN_SETTING, () => randomBytes(24).toString("base64url"));
}
