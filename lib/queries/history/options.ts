/**
 * What the history filters offer: campaigns, teams and queues the person may see, and which
 * queues a campaign scope covers.
 */
import type { Db } from "../../db/prisma";

/** Campaigns known anywhere (roster, events' rollups, queue links, settings), within scope. */
export async function campaignOptions(db: Db, campaigns: string[] | null): Promise<string[]> {
  const rows = await db.$queryRaw<{ c: string }[]>`
    SELECT c FROM (
      SELECT campaign AS c FROM agent WHERE campaign IS NOT NULL
      UNION SELECT campaign FROM campaign_queue
      UNION SELECT id FROM campaign
      UNION SELECT DISTINCT campaign FROM agent_day WHERE day >= to_char(now() - interval '400 days', 'YYYY-MM-DD')
    ) x WHERE (${campaigns}::text[] IS NULL OR c = ANY(${campaigns}::text[])) ORDER BY c`;
  return rows.map((r) => r.c);
}

export async function teamOptions(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ t: string }[]>`SELECT DISTINCT team AS t FROM agent WHERE team IS NOT NULL ORDER BY 1`;
  return rows.map((r) => r.t);
}

/**
 * The queues a campaign scope covers: null scope → null (every queue); else the queues linked
 * to those campaigns (campaign_queue).
 */
export async function queuesOfScope(db: Db, campaigns: string[] | null): Promise<string[] | null> {
  if (campaigns === null) return null;
  const rows = await db.campaignQueue.findMany({ where: { campaign: { in: campaigns } }, select: { queue: true }, distinct: ["queue"] });
  return rows.map((r) => r.queue).sort();
}

/** Every queue id that has history or configuration (for the queue filter). */
export async function queueOptions(db: Db, scope: string[] | null): Promise<string[]> {
  if (scope !== null) return scope;
  const rows = await db.$queryRaw<{ q: string }[]>`SELECT id AS q FROM queue UNION SELECT DISTINCT queue FROM queue_interval ORDER BY 1`;
  return rows.map((r) => r.q);
}
