import type { Metadata } from "next";
import { CampaignsAdmin } from "@/components/admin/CampaignsAdmin";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Campaigns & queues" };
export const dynamic = "force-dynamic";

/** Campaign settings and queues. */
export default adminPage("Campaigns & queues", ({ csrf }) => <CampaignsAdmin csrf={csrf} />);
