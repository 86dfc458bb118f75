import type { Metadata } from "next";
import { AlertSettings } from "@/components/admin/AlertSettings";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Alerts" };
export const dynamic = "force-dynamic";

/** Alert thresholds per queue and campaign. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Alerts</h1>
      <AlertSettings csrf={csrf} />
    </main>
  );
}
