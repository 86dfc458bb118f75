import type { Metadata } from "next";
import { Wall } from "@/components/wall/Wall";
import { campaignFromParam } from "@/lib/board/labels";
import { campaignTopic } from "@/lib/realtime/contract";

interface CampaignWallProps {
  params: Promise<{ campaign: string }>;
}

export async function generateMetadata({ params }: CampaignWallProps): Promise<Metadata> {
  return { title: campaignFromParam((await params).campaign) };
}

/** The wall of one campaign's agents; agents moving to another campaign leave it live. */
export default async function CampaignWallPage({ params }: CampaignWallProps) {
  const campaign = campaignFromParam((await params).campaign);
  return <Wall topic={campaignTopic(campaign)} title={campaign} />;
}
