import type { Metadata } from "next";
import { WallTokensAdmin } from "@/components/admin/WallTokensAdmin";
import { campaignChoices } from "../_campaigns";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Wall displays" };
export const dynamic = "force-dynamic";

/** Read-only wall display URLs. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Wall display URLs</h1>
      <WallTokensAdmin csrf={csrf} campaignIds={await campaignChoices()} />
    </main>
  );
}
