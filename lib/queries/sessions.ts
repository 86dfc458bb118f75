/**
 * Queries on `revoked_session`: sessions ended by signing out before their cookie expired.
 */
import type { Db } from "../db/prisma";

/** Records a sign-out until `expiresAt` (ms); signing out twice is harmless. */
export async function revokeSession(db: Db, sid: string, expiresAt: number): Promise<void> {
  await db.revokedSession.upsert({ where: { sid }, create: { sid, expiresAt: new Date(expiresAt) }, update: {} });
}

/** True when the session was signed out. */
export async function isSessionRevoked(db: Db, sid: string): Promise<boolean> {
  return (await db.revokedSession.count({ where: { sid } })) > 0;
}

/** Forgets sign-outs of sessions that have expired anyway; returns how many. */
export async function purgeExpiredRevocations(db: Db, now: number): Promise<number> {
  return (await db.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date(now) } } })).count;
}
