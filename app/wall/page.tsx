import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { Wall } from "@/components/wall/Wall";
import { getRuntime } from "@/lib/runtime";
import { rampThresholdsByCampaign } from "@/lib/queries/ramp-thresholds";
import { principalFrom } from "@/lib/auth/request";
import { seesAllCampaigns } from "@/lib/auth/principal";
import { ALL_CAMPAIGNS_TOPIC } from "@/lib/realtime/contract";
import { loadFigureColours } from "@/lib/queries/queue-colours";

export const metadata: Metadata = { title: "All campaigns" };
export const dynamic = "force-dynamic";

/** The wall of every agent on the board, for managers and admins; others pick a campaign. */
export default async function AllCampaignsWallPage() {
  const principal = principalFrom(await headers());
  if (!principal || !seesAllCampaigns(principal)) redirect("/");
  const db = getRuntime().db;
  const [rampThresholds, figureColours] = await Promise.all([rampThresholdsByCampaign(db).catch(() => ({})), loadFigureColours(db)]);
  return <Wall topic={ALL_CAMPAIGNS_TOPIC} title="All campaigns" rampThresholds={rampThresholds} figureColours={figureColours} />;
}
