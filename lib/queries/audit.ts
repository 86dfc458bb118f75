/**
 * Queries on `audit_log`: every configuration change, who made it and when.
 */
import type { Db } from "../db/prisma";
import type { Prisma } from "../generated/prisma/client";
import type { AuditEntry } from "../api/admin";

/** Records a change. `detail` must not contain secrets (passwords, tokens). */
export async function audit(db: Db, actor: string, action: string, target: string | null, detail?: Record<string, unknown>): Promise<void> {
  await db.auditLog.create({ data: { actor, action, target, detail: (detail ?? undefined) as Prisma.InputJsonValue | undefined } });
}

export async function recentAudit(db: Db, limit = 200): Promise<AuditEntry[]> {
  const rows = await db.auditLog.findMany({ orderBy: { id: "desc" }, take: limit });
  return rows.map((r) => ({ id: Number(r.id), at: r.at.getTime(), actor: r.actor, action: r.action, target: r.target, detail: r.detail }));
}
