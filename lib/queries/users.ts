/**
 * Queries on `user_account` and `user_campaign`: who can sign in and what they may see.
 */
import type { Db } from "../db/prisma";
import type { Role } from "../auth/principal";

export interface UserRecord {
  id: number;
  username: string;
  fullName: string | null;
  passwordHash: string;
  role: Role;
  disabled: boolean;
  /** ms: sessions issued before this are refused. */
  sessionsValidFrom: number;
  campaigns: string[];
  lastLoginAt: number | null;
}

const withCampaigns = async (db: Db, row: Awaited<ReturnType<Db["userAccount"]["findFirst"]>>): Promise<UserRecord | null> => {
  if (!row) return null;
  const campaigns = await db.userCampaign.findMany({ where: { userId: row.id }, orderBy: { campaign: "asc" } });
  return {
    id: row.id,
    username: row.username,
    fullName: row.fullName,
    passwordHash: row.passwordHash,
    role: row.role as Role,
    disabled: row.disabled,
    sessionsValidFrom: row.sessionsValidFrom.getTime(),
    campaigns: campaigns.map((c) => c.campaign),
    lastLoginAt: row.lastLoginAt?.getTime() ?? null,
  };
};

export const findUserByName = async (db: Db, username: string) => withCampaigns(db, await db.userAccount.findUnique({ where: { username } }));
export const findUserById = async (db: Db, id: number) => withCampaigns(db, await db.userAccount.findUnique({ where: { id } }));

export async function countUsers(db: Db): Promise<number> {
  return db.userAccount.count();
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  const rows = await db.userAccount.findMany({ orderBy: { username: "asc" } });
  return (await Promise.all(rows.map((r) => withCampaigns(db, r)))).filter((u): u is UserRecord => u !== null);
}

export async function createUser(db: Db, u: { username: string; fullName?: string | null; passwordHash: string; role: Role; campaigns?: string[] }): Promise<number> {
  const row = await db.userAccount.create({ data: { username: u.username, fullName: u.fullName ?? null, passwordHash: u.passwordHash, role: u.role } });
  if (u.campaigns?.length) await db.userCampaign.createMany({ data: u.campaigns.map((campaign) => ({ userId: row.id, campaign })) });
  return row.id;
}

/** Updates role, name, disabled flag and campaigns; ends the user's sessions when access shrinks. */
export async function updateUser(db: Db, id: number, patch: { fullName?: string | null; role?: Role; disabled?: boolean; campaigns?: string[] }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.userAccount.update({
      where: { id },
      data: { fullName: patch.fullName, role: patch.role, disabled: patch.disabled, ...(patch.disabled || patch.role ? { sessionsValidFrom: new Date() } : {}) },
    });
    if (patch.campaigns) {
      await tx.userCampaign.deleteMany({ where: { userId: id } });
      if (patch.campaigns.length) await tx.userCampaign.createMany({ data: patch.campaigns.map((campaign) => ({ userId: id, campaign })) });
    }
  });
}

/** Sets a new password hash and ends every session issued before now. */
export async function setPassword(db: Db, id: number, passwordHash: string): Promise<void> {
  await db.userAccount.update({ where: { id }, data: { passwordHash, sessionsValidFrom: new Date() } });
}

export async function touchLogin(db: Db, id: number): Promise<void> {
  await db.userAccount.update({ where: { id }, data: { lastLoginAt: new Date() } });
}
