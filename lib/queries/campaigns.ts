/**
 * Queries on `campaign`: per-campaign settings an admin edits (name, stale timeout,
 * time-in-state colour thresholds).
 */
import type { Db } from "../db/prisma";
import type { Prisma } from "../generated/prisma/client";

export interface CampaignSettings {
  id: string;
  name: string;
  /** Seconds; null: STALE_AFTER_SEC. */
  staleAfterSec: number | null;
  /** e.g. {"READY":[0,60,300]}; null: VICIdial's defaults. */
  stateThresholds: Record<string, number[]> | null;
}

export async function listCampaignSettings(db: Db): Promise<CampaignSettings[]> {
  const rows = await db.campaign.findMany({ orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, name: r.name, staleAfterSec: r.staleAfterSec, stateThresholds: (r.stateThresholds as Record<string, number[]> | null) ?? null }));
}

/** Creates or replaces a campaign's settings; `stateThresholds: null` clears them (back to the defaults). */
export async function upsertCampaignSettings(db: Db, c: CampaignSettings): Promise<void> {
  const data = { name: c.name, staleAfterSec: c.staleAfterSec, stateThresholds: (c.stateThresholds ?? undefined) as Prisma.InputJsonValue | undefined };
  await db.campaign.upsert({ where: { id: c.id }, create: { id: c.id, ...data }, update: data });
  // Prisma leaves a JSON column unchanged for undefined: clear it explicitly.
  if (c.stateThresholds === null) await db.$executeRaw`UPDATE campaign SET state_thresholds = NULL WHERE id = ${c.id}`;
}

/** How many queues a campaign takes calls from. */
export async function countCampaignQueues(db: Db, campaign: string): Promise<number> {
  return db.campaignQueue.count({ where: { campaign } });
}
