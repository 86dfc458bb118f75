import { getRuntime } from "@/lib/runtime";
import { configuredCampaignIds } from "@/lib/queries/admin-config";

/** Campaign ids to offer in forms: configured ones and those on the live board. */
export async function campaignChoices(): Promise<string[]> {
  try {
    const r = getRuntime();
    const ids = new Set([...(await configuredCampaignIds(r.db)), ...r.agents.campaigns().map((c) => c.campaign)]);
    return [...ids].sort();
  } catch {
    return [];
  }
}
