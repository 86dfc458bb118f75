import type { Metadata } from "next";
import { PushAdmin } from "@/components/admin/PushAdmin";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Push from VICIdial" };
export const dynamic = "force-dynamic";

/** The push token, the Agent Push URLs, a test event and the live ingest log. */
export default adminPage("Push from VICIdial", ({ csrf }) => <PushAdmin csrf={csrf} />);
