import type { Metadata } from "next";
import { PushAdmin } from "@/components/admin/PushAdmin";
import { adminRequest } from "../_csrf";

export const metadata: Metadata = { title: "Admin · Push from VICIdial" };
export const dynamic = "force-dynamic";

/** The push token, the Agent Push URLs, a test event and the live ingest log. */
export default async function Page() {
  const { csrf } = await adminRequest();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Push from VICIdial</h1>
      <PushAdmin csrf={csrf} />
    </main>
  );
}
