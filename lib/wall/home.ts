/**
 * The home page's table of walls, from the live feed: per campaign the header counters and
 * its queues' calls waiting, ringing and today's service level (the queue statistics, summed
 * over the campaign's queues). Pure.
 */
import { countAgents, type AgentCounts, type AgentView } from "../agents/view";
import type { QueueStats } from "../queues/types";

export interface HomeRow {
  campaign: string;
  counts: AgentCounts;
  /** Sum over the campaign's queues; null when it takes calls from no queue. */
  waiting: number | null;
  ringing: number | null;
  /** Today's service level over the campaign's queues (answered within T ÷ offered), 0–1; null when nothing was offered or no queue. */
  serviceLevel: number | null;
}

/**
 * One row per campaign of `campaigns` (in that order) and per campaign seen among `agents`
 * that is not listed (a campaign that appeared since the page loaded), sorted by name.
 */
export function homeRows(campaigns: readonly string[], agents: Iterable<AgentView>, queuesOf: (campaign: string) => Iterable<QueueStats>): HomeRow[] {
  const byCampaign = new Map<string, AgentView[]>(campaigns.map((c) => [c, []]));
  for (const a of agents) {
    const list = byCampaign.get(a.campaign);
    if (list) list.push(a);
    else byCampaign.set(a.campaign, [a]);
  }
  return [...byCampaign]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([campaign, list]) => {
      const queues = [...queuesOf(campaign)];
      const offered = queues.reduce((s, q) => s + q.windows.today.offered, 0);
      const within = queues.reduce((s, q) => s + q.windows.today.answeredWithinSl, 0);
      return {
        campaign,
        counts: countAgents(list),
        waiting: queues.length ? queues.reduce((s, q) => s + q.waiting, 0) : null,
        ringing: queues.length ? queues.reduce((s, q) => s + (q.ringing ?? 0), 0) : null,
        serviceLevel: queues.length && offered > 0 ? within / offered : null,
      };
    });
}

/** The TV mode URL of one campaign (README "TV mode"). */
export const tvUrl = (campaign: string) => `/tv?views=${encodeURIComponent(`campaign:${campaign}`)}`;
