import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/UsersAdmin";
import { campaignChoices } from "../_campaigns";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Users" };
export const dynamic = "force-dynamic";

/** Accounts and roles. */
export default async function Page() {
  const { csrf, principal } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Users and roles</h1>
      <UsersAdmin csrf={csrf} me={principal?.kind === "user" ? principal.username : ""} campaignIds={await campaignChoices()} />
    </main>
  );
}
