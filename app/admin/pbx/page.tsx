import type { Metadata } from "next";
import { PbxAdmin } from "@/components/admin/PbxAdmin";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · PBX connections" };
export const dynamic = "force-dynamic";

/** PBX WebSocket connections: add, edit, remove, reconnect, live status. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">PBX connections</h1>
      <PbxAdmin csrf={csrf} />
    </main>
  );
}
