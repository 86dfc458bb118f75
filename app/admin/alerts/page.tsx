import type { Metadata } from "next";
import { AlertSettings } from "@/components/admin/AlertSettings";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Alerts" };
export const dynamic = "force-dynamic";

/** Alert thresholds per queue and campaign. */
export default adminPage("Alerts", ({ csrf }) => <AlertSettings csrf={csrf} />);
