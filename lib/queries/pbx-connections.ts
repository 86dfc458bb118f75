/**
 * Queries on `pbx_connection`: the PBX links an admin configured (PBX_URL adds one more that
 * is not stored). Passwords and session cookies are stored for the link to use; they are
 * never returned by the admin API or logged.
 */
import type { Db } from "../db/prisma";

export interface PbxConnectionRecord {
  name: string;
  url: string;
  session: string | null;
  username: string | null;
  password: string | null;
  enabled: boolean;
}

export async function listPbxConnections(db: Db): Promise<PbxConnectionRecord[]> {
  return db.pbxConnection.findMany({ orderBy: { name: "asc" }, select: { name: true, url: true, session: true, username: true, password: true, enabled: true } });
}

export async function upsertPbxConnection(db: Db, c: PbxConnectionRecord): Promise<void> {
  const data = { url: c.url, session: c.session, username: c.username, password: c.password, enabled: c.enabled, updatedAt: new Date() };
  await db.pbxConnection.upsert({ where: { name: c.name }, create: { name: c.name, ...data }, update: data });
}

export async function deletePbxConnection(db: Db, name: string): Promise<void> {
  await db.pbxConnection.deleteMany({ where: { name } });
}
