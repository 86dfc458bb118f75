/**
 * Queries on `setting`, the small key/value table for values that must survive restarts.
 */
import type pg from "pg";
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

/**
 * getOrCreateSetting over a plain `pg` pool: what the ingest front reads before the Prisma
 * client exists (the push token), so that the push URL answers sooner at start.
 */
export async function getOrCreateSettingPg(pool: pg.Pool, key: string, create: () => string): Promise<string> {
  const { rows } = await pool.query<{ value: string }>(
    `WITH ins AS (INSERT INTO setting (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING value)
     SELECT value FROM ins UNION ALL SELECT value FROM setting WHERE key = $1 LIMIT 1`,
    [key, create()],
  );
  return rows[0]!.value;
}
