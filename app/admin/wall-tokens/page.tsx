import type { Metadata } from "next";
import { WallTokensAdmin } from "@/components/admin/WallTokensAdmin";
import { campaignChoices } from "../_campaigns";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Wall displays" };
export const dynamic = "force-dynamic";

/** Read-only wall display URLs. */
export default adminPage("Wall display URLs", async ({ csrf }) => <WallTokensAdmin csrf={csrf} campaignIds={await campaignChoices()} />);
