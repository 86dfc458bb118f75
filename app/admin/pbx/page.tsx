import type { Metadata } from "next";
import { PbxAdmin } from "@/components/admin/PbxAdmin";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · PBX connections" };
export const dynamic = "force-dynamic";

/** PBX WebSocket connections: add, edit, remove, reconnect, live status. */
export default adminPage("PBX connections", ({ csrf }) => <PbxAdmin csrf={csrf} />);
