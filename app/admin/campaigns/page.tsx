import type { Metadata } from "next";
import { CampaignsAdmin } from "@/components/admin/CampaignsAdmin";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Campaigns & queues" };
export const dynamic = "force-dynamic";

/** Campaign settings and queues. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Campaigns & queues</h1>
      <CampaignsAdmin csrf={csrf} />
    </main>
  );
}
