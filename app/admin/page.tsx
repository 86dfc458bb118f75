import type { Metadata } from "next";
import Link from "next/link";
import { ADMIN_SECTIONS } from "@/components/admin/sections";
import { getRuntime } from "@/lib/runtime";

export const metadata: Metadata = { title: "Admin" };
export const dynamic = "force-dynamic";

/** A line of live state per section, or nothing when the runtime is not there. */
function summaries(): Record<string, string> {
  try {
    const r = getRuntime();
    const links = r.pbxLinks();
    const ingest = r.ingest();
    const last = r.ingestLog.list()[0];
    return {
      "/admin/push": `${ingest.stored} events stored since start${ingest.spooling ? " · database down, spooling" : ""}${last ? ` · last received ${new Date(last.at).toLocaleTimeString("en-GB")}` : ""}`,
      "/admin/pbx": links.length ? links.map((l) => `${l.name}: ${l.state}`).join(" · ") : "no PBX link",
      "/admin/campaigns": `${r.agents.campaigns().length} campaigns on the board`,
    };
  } catch {
    return {};
  }
}

export default function AdminIndex() {
  const lines = summaries();
  return (
    <main className="home admin-page">
      <h1 className="home-title">Admin</h1>
      <p className="auth-hint">Every change takes effect at once, without a restart, and is recorded in the audit log.</p>
      <ul className="admin-sections" data-testid="admin-sections">
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.href}>
            <Link href={s.href} className="admin-section-link">
              <strong>{s.label}</strong>
              <span>{s.blurb}</span>
              {lines[s.href] ? <span className="admin-section-live">{lines[s.href]}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
