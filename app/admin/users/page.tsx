import type { Metadata } from "next";
import { UsersAdmin } from "@/components/admin/UsersAdmin";
import { campaignChoices } from "../_campaigns";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Users" };
export const dynamic = "force-dynamic";

/** Accounts and roles. */
export default adminPage("Users and roles", async ({ csrf, principal }) => <UsersAdmin csrf={csrf} me={principal?.kind === "user" ? principal.username : ""} campaignIds={await campaignChoices()} />);
