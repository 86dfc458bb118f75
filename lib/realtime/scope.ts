/**
 * Which topics a principal may subscribe to (README "Accounts and roles"): managers and admins
 * everything; supervisors and wall displays only their campaigns, the queues of those
 * campaigns, and agents currently in them (the VoIPBin rule: a shorter, wider topic needs the
 * wider permission). Returns null when allowed, else the reason.
 */
import { canSeeCampaign, seesAllCampaigns, type Principal } from "../auth/principal";
import type { Topic } from "./topics";

export interface ScopeLookups {
  campaignOfAgent(user: string): string | undefined;
  campaignsOfQueue(queue: string): string[];
}

export function topicDenial(p: Principal, topic: Topic, lookups: ScopeLookups): string | null {
  if (seesAllCampaigns(p)) return null;
  switch (topic.kind) {
    case "all-campaigns":
      return "campaign:* is for managers and admins";
    case "campaign":
      return canSeeCampaign(p, topic.campaign) ? null : "campaign not in your scope";
    case "agent": {
      const campaign = lookups.campaignOfAgent(topic.user);
      return campaign !== undefined && canSeeCampaign(p, campaign) ? null : "agent not in your scope";
    }
    case "queue":
      return lookups.campaignsOfQueue(topic.queue).some((c) => canSeeCampaign(p, c)) ? null : "queue not in your scope";
  }
}
