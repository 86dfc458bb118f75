import type { Metadata } from "next";
import { Wall } from "@/components/wall/Wall";
import { ALL_CAMPAIGNS_TOPIC } from "@/lib/realtime/contract";

export const metadata: Metadata = { title: "All campaigns" };

/** The wall of every agent on the board, whatever their campaign. */
export default function AllCampaignsWallPage() {
  return <Wall topic={ALL_CAMPAIGNS_TOPIC} title="All campaigns" />;
}
