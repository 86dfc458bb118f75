import type { Metadata } from "next";
import { AuditLog } from "@/components/admin/AuditLog";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Audit log" };
export const dynamic = "force-dynamic";

/** Who changed what, when. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Audit log</h1>
      <AuditLog csrf={csrf} />
    </main>
  );
}
