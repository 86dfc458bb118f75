/**
 * The time-in-state colour thresholds every campaign that sets them, for the walls.
 */
import type { Db } from "../db/prisma";
import type { RampThresholds } from "../campaigns/ramp-thresholds";
import { listCampaignSettings } from "./campaigns";

export async function rampThresholdsByCampaign(db: Db): Promise<Record<string, RampThresholds>> {
  const out: Record<string, RampThresholds> = {};
  for (const c of await listCampaignSettings(db)) if (c.stateThresholds) out[c.id] = c.stateThresholds as RampThresholds;
  return out;
}
