import type { Metadata } from "next";
import { AuditLog } from "@/components/admin/AuditLog";
import { adminPage } from "../_page";

export const metadata: Metadata = { title: "Admin · Audit log" };
export const dynamic = "force-dynamic";

/** Who changed what, when. */
export default adminPage("Audit log", ({ csrf }) => <AuditLog csrf={csrf} />);
