/**
 * Queries behind the admin pages that the other query modules do not cover: one roster entry
 * at a time, agents seen in events but not on the roster, one queue (with its campaigns) at a
 * time, a campaign's queues, one PBX connection.
 */
import type { Db } from "../db/prisma";
import type { RosterEntry } from "../agents/view";
import type { QueueConfig } from "../queues/types";
import type { PbxConnectionRecord } from "./pbx-connections";

export interface UnrosteredAgent {
  user: string;
  /** ms, server clock; null when never seen. */
  firstSeenAt: number | null;
  lastEventAt: number | null;
}

/** Agents that sent events but are not on the roster, most recently seen first. */
export async function listUnrostered(db: Db): Promise<UnrosteredAgent[]> {
  const rows = await db.agent.findMany({ where: { onRoster: false }, orderBy: [{ lastEventAt: { sort: "desc", nulls: "last" } }, { user: "asc" }] });
  return rows.map((r) => ({ user: r.user, firstSeenAt: r.firstSeenAt?.getTime() ?? null, lastEventAt: r.lastEventAt?.getTime() ?? null }));
}

/** Takes an agent off the roster: the row is deleted when no event was ever seen from it. */
export async function removeFromRoster(db: Db, user: string): Promise<"removed" | "deleted" | "absent"> {
  const row = await db.agent.findUnique({ where: { user } });
  if (!row || !row.onRoster) return "absent";
  if (!row.firstSeenAt && !row.lastEventAt) {
    await db.agent.delete({ where: { user } });
    return "deleted";
  }
  await db.agent.update({ where: { user }, data: { onRoster: false, fullName: null, campaign: null, team: null, extension: null } });
  return "removed";
}

/** Creates or updates one queue and replaces the campaigns that take calls from it. */
export async function saveQueue(db: Db, q: QueueConfig): Promise<void> {
  await db.$transaction([
    db.queue.upsert({ where: { id: q.id }, create: { id: q.id, name: q.name, serviceLevelSec: q.serviceLevelSec }, update: { name: q.name, serviceLevelSec: q.serviceLevelSec } }),
    db.campaignQueue.deleteMany({ where: { queue: q.id } }),
    db.campaignQueue.createMany({ data: q.campaigns.map((campaign) => ({ campaign, queue: q.id })), skipDuplicates: true }),
  ]);
}

/** Deletes a queue and its campaign links; false when there was no such queue. */
export async function deleteQueue(db: Db, id: string): Promise<boolean> {
  const [, deleted] = await db.$transaction([db.campaignQueue.deleteMany({ where: { queue: id } }), db.queue.deleteMany({ where: { id } })]);
  return deleted.count > 0;
}

export async function queueExists(db: Db, id: string): Promise<boolean> {
  return (await db.queue.count({ where: { id } })) > 0;
}

/** Replaces the queues a campaign takes calls from (the queues must exist). */
export async function setCampaignQueues(db: Db, campaign: string, queues: readonly string[]): Promise<void> {
  await db.$transaction([
    db.campaignQueue.deleteMany({ where: { campaign } }),
    db.campaignQueue.createMany({ data: queues.map((queue) => ({ campaign, queue })), skipDuplicates: true }),
  ]);
}

/** Every campaign id the configuration mentions: campaign settings, queue links, the roster, supervisors and wall tokens. */
export async function configuredCampaignIds(db: Db): Promise<string[]> {
  const [settings, links, roster, users, walls] = await Promise.all([
    db.campaign.findMany({ select: { id: true } }),
    db.campaignQueue.findMany({ select: { campaign: true } }),
    db.agent.findMany({ where: { onRoster: true, campaign: { not: null } }, select: { campaign: true }, distinct: ["campaign"] }),
    db.userCampaign.findMany({ select: { campaign: true }, distinct: ["campaign"] }),
    db.wallToken.findMany({ where: { revokedAt: null }, select: { campaigns: true } }),
  ]);
  const ids = new Set<string>([
    ...settings.map((s) => s.id),
    ...links.map((l) => l.campaign),
    ...roster.map((r) => r.campaign!),
    ...users.map((u) => u.campaign),
    ...walls.flatMap((w) => w.campaigns),
  ]);
  return [...ids].sort();
}

export async function deleteCampaignSettings(db: Db, id: string): Promise<boolean> {
  return (await db.campaign.deleteMany({ where: { id } })).count > 0;
}

export async function findPbxConnection(db: Db, name: string): Promise<PbxConnectionRecord | null> {
  return db.pbxConnection.findUnique({ where: { name }, select: { name: true, url: true, session: true, username: true, password: true, enabled: true } });
}
