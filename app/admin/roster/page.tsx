import type { Metadata } from "next";
import { RosterAdmin } from "@/components/admin/RosterAdmin";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Roster" };
export const dynamic = "force-dynamic";

/** Agents on the roster, CSV import/export, users seen but not on the roster. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Roster</h1>
      <RosterAdmin csrf={csrf} />
    </main>
  );
}
