/**
 * Queries on `pbx_account` and `source_status`: what the leader instance's PBX links know
 * besides calls, written for the other instances (lib/replication).
 */
import type { Db } from "../db/prisma";

export interface AccountState {
  extension: string;
  registered: boolean | null;
  dnd: boolean | null;
}

/** Upserts the accounts of one PBX connection (only those given). */
export async function upsertAccounts(db: Db, pbx: string, accounts: readonly AccountState[]): Promise<void> {
  if (accounts.length === 0) return;
  await db.$executeRaw`
    INSERT INTO pbx_account (pbx, extension, registered, dnd, updated_at)
    SELECT ${pbx}, extension, registered, dnd, now()
    FROM unnest(${accounts.map((a) => a.extension)}::text[], ${accounts.map((a) => a.registered)}::bool[], ${accounts.map((a) => a.dnd)}::bool[]) AS t(extension, registered, dnd)
    ON CONFLICT (pbx, extension) DO UPDATE SET registered = EXCLUDED.registered, dnd = EXCLUDED.dnd, updated_at = now()`;
}

/** Upserts link statuses by name (a removed link is written with state "removed"). */
export async function upsertSourceStatuses(db: Db, statuses: readonly { name: string; status: object }[]): Promise<void> {
  if (statuses.length === 0) return;
  await db.$executeRaw`
    INSERT INTO source_status (name, status, updated_at)
    SELECT name, status::jsonb, now() FROM unnest(${statuses.map((s) => s.name)}::text[], ${statuses.map((s) => JSON.stringify(s.status))}::text[]) AS t(name, status)
    ON CONFLICT (name) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`;
}
