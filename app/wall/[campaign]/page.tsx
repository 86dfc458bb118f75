import type { Metadata } from "next";
import { headers } from "next/headers";
import { canSeeCampaign } from "@/lib/auth/principal";
import { principalFrom } from "@/lib/auth/request";
import { Wall } from "@/components/wall/Wall";
import { getRuntime } from "@/lib/runtime";
import { rampThresholdsByCampaign } from "@/lib/queries/ramp-thresholds";
import { campaignFromParam } from "@/lib/board/labels";
import { campaignTopic } from "@/lib/realtime/contract";

export const dynamic = "force-dynamic";

interface CampaignWallProps {
  params: Promise<{ campaign: string }>;
}

export async function generateMetadata({ params }: CampaignWallProps): Promise<Metadata> {
  return { title: campaignFromParam((await params).campaign) };
}

/** The wall of one campaign's agents; agents moving to another campaign leave it live. */
export default async function CampaignWallPage({ params }: CampaignWallProps) {
  const campaign = campaignFromParam((await params).campaign);
  const principal = principalFrom(await headers());
  if (!principal || !canSeeCampaign(principal, campaign)) {
    return (
      <main className="home" data-testid="forbidden">
        <h1 className="home-title">Not in your scope</h1>
        <p>You may not see campaign {campaign}. Ask an admin to assign it to you.</p>
      </main>
    );
  }
  const rampThresholds = await rampThresholdsByCampaign(getRuntime().db).catch(() => ({}));
  return <Wall topic={campaignTopic(campaign)} title={campaign} rampThresholds={rampThresholds} />;
}
