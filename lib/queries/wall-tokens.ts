/**
 * Queries on `wall_token`: read-only display URLs scoped to campaigns. Only the sha256 of a
 * token is stored.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/prisma";
import type { WallTokenRecord } from "../api/admin";

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const toRecord = (r: { id: number; name: string; campaigns: string[]; createdBy: string; createdAt: Date; revokedAt: Date | null }): WallTokenRecord => ({
  id: r.id,
  name: r.name,
  campaigns: r.campaigns,
  createdBy: r.createdBy,
  createdAt: r.createdAt.getTime(),
  revokedAt: r.revokedAt?.getTime() ?? null,
});

export async function createWallToken(db: Db, t: { name: string; token: string; campaigns: string[]; createdBy: string }): Promise<WallTokenRecord> {
  return toRecord(await db.wallToken.create({ data: { name: t.name, tokenHash: hashToken(t.token), campaigns: t.campaigns, createdBy: t.createdBy } }));
}

/** The live (not revoked) token with this value. */
export async function findWallToken(db: Db, token: string): Promise<WallTokenRecord | null> {
  const r = await db.wallToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return r && !r.revokedAt ? toRecord(r) : null;
}

export async function findWallTokenById(db: Db, id: number): Promise<WallTokenRecord | null> {
  const r = await db.wallToken.findUnique({ where: { id } });
  return r ? toRecord(r) : null;
}

export async function listWallTokens(db: Db): Promise<WallTokenRecord[]> {
  return (await db.wallToken.findMany({ orderBy: { createdAt: "desc" } })).map(toRecord);
}

export async function revokeWallToken(db: Db, id: number): Promise<void> {
  await db.wallToken.update({ where: { id }, data: { revokedAt: new Date() } });
}
