/**
 * Queries on `queue` and `campaign_queue`: which queues exist, their service-level threshold,
 * and which campaigns take calls from them.
 */
import type { Db } from "../db/prisma";
import type { QueueConfig } from "../queues/types";

export async function listQueueConfigs(db: Db): Promise<QueueConfig[]> {
  const [queues, links] = await Promise.all([db.queue.findMany({ orderBy: { id: "asc" } }), db.campaignQueue.findMany()]);
  return queues.map((q) => ({
    id: q.id,
    name: q.name,
    serviceLevelSec: q.serviceLevelSec,
    campaigns: links.filter((l) => l.queue === q.id).map((l) => l.campaign).sort(),
  }));
}

/**
 * Creates queues and campaign links that do not exist yet (one transaction). Existing ones are
 * left as an admin may have edited them: the environment only seeds.
 */
export async function seedQueueConfigs(db: Db, configs: readonly QueueConfig[]): Promise<void> {
  await db.$transaction([
    ...configs.map((q) =>
      db.queue.upsert({ where: { id: q.id }, create: { id: q.id, name: q.name, serviceLevelSec: q.serviceLevelSec }, update: {} }),
    ),
    ...configs.flatMap((q) =>
      q.campaigns.map((campaign) => db.campaignQueue.upsert({ where: { campaign_queue: { campaign, queue: q.id } }, create: { campaign, queue: q.id }, update: {} })),
    ),
  ]);
}
