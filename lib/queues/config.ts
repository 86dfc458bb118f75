/**
 * Queue configuration from the environment (the admin pages will edit the same tables):
 * CAMPAIGN_QUEUES `SALES=700,701;SUPPORT=702` and QUEUE_SERVICE_LEVELS `700=20,702=30`.
 * Throws with the offending part when the text is malformed.
 */
import type { QueueConfig } from "./types";

export function parseQueueConfig(campaignQueues: string | undefined, serviceLevels: string | undefined, defaultServiceLevelSec: number): QueueConfig[] {
  const byQueue = new Map<string, QueueConfig>();
  const queueOf = (id: string) => {
    let q = byQueue.get(id);
    if (!q) byQueue.set(id, (q = { id, name: id, serviceLevelSec: defaultServiceLevelSec, campaigns: [] }));
    return q;
  };
  for (const part of (campaignQueues ?? "").split(";").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new Error(`CAMPAIGN_QUEUES: "${part}" is not CAMPAIGN=queue[,queue]`);
    for (const id of m[2]!.split(",").map((q) => q.trim()).filter(Boolean)) {
      const q = queueOf(id);
      if (!q.campaigns.includes(m[1]!)) q.campaigns.push(m[1]!);
    }
  }
  for (const part of (serviceLevels ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=\s]+)\s*=\s*(\d+)$/.exec(part);
    if (!m) throw new Error(`QUEUE_SERVICE_LEVELS: "${part}" is not queue=seconds`);
    queueOf(m[1]!).serviceLevelSec = Number(m[2]);
  }
  return [...byQueue.values()];
}
