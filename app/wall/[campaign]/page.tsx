import type { Metadata } from "next";
import { headers } from "next/headers";
import { canSeeCampaign } from "@/lib/auth/principal";
import { principalFrom } from "@/lib/auth/request";
import { Wall } from "@/components/wall/Wall";
import { getRuntime } from "@/lib/runtime";
import { rampThresholdsByCampaign } from "@/lib/queries/ramp-thresholds";
import { listCampaignSettings } from "@/lib/queries/campaigns";
import { campaignFromParam } from "@/lib/wall/labels";
import { campaignLookup, knownCampaigns } from "@/lib/wall/known-campaigns";
import { campaignTopic } from "@/lib/realtime/contract";
import { loadFigureColours } from "@/lib/queries/queue-colours";

export const dynamic = "force-dynamic";

interface CampaignWallProps {
  params: Promise<{ campaign: string }>;
}

export async function generateMetadata({ params }: CampaignWallProps): Promise<Metadata> {
  return { title: campaignFromParam((await params).campaign) };
}

/**
 * The wall of one campaign's agents; agents moving to another campaign leave it live. A
 * campaign the wallboard has never heard of is said to be unknown, with the ones that exist
 * (components/wall/UnknownCampaign.tsx), until its first agent shows up.
 */
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
  const { db, agents, queues } = getRuntime();
  const settings = await listCampaignSettings(db).catch(() => []);
  const known = knownCampaigns(
    agents.campaigns().map((c) => c.campaign),
    settings.map((c) => c.id),
    queues.list().flatMap((q) => queues.campaignsOfQueue(q.queue)),
  );
  const lookup = campaignLookup(campaign, known);
  const visible = known.filter((c) => canSeeCampaign(principal, c));
  // An unknown id is most likely a typo: the wall says so and lists the campaigns that exist.
  // It still listens, so a wall opened before a new campaign's first agent logs in fills in.
  const unknown = lookup.exists ? undefined : { known: visible, suggestions: lookup.suggestions.filter((c) => visible.includes(c)) };
  const [rampThresholds, figureColours] = await Promise.all([rampThresholdsByCampaign(db).catch(() => ({})), loadFigureColours(db)]);
  return <Wall topic={campaignTopic(campaign)} title={campaign} rampThresholds={rampThresholds} figureColours={figureColours} unknown={unknown} />;
}
