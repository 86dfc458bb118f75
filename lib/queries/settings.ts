/**
 * Queries on `setting`, the small key/value table for values that must survive restarts.
 */
import type { Db } from "../db/prisma";

export async function getSetting(db: Db, key: string): Promise<string | null> {
  const row = await db.setting.findUnique({ where: { key } });
  return row?.value ?? null;
}

/** Stores `value` under `key` unless a value exists; returns whichever value is stored. */
export async function getOrCreateSetting(db: Db, key: string, create: () => string): Promise<string> {
  await db.setting.upsert({ where: { key }, create: { key, value: create() }, update: {} });
  return (await getSetting(db, key))!;
}

export async function setSetting(db: Db, key: string, value: string): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value, updatedAt: new Date() } });
}
