import Link from "next/link";
import type { CampaignSummary } from "@/lib/agents/live-board";
import type { AgentCounts } from "@/lib/agents/view";
import { headers } from "next/headers";
import { getRuntime } from "@/lib/runtime";
import { principalFrom } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns, type Principal } from "@/lib/auth/principal";

// The list is the live board's, read at request time.
export const dynamic = "force-dynamic";

const COLUMNS: readonly { key: keyof AgentCounts; label: string }[] = [
  { key: "loggedIn", label: "Logged in" },
  { key: "ready", label: "Ready" },
  { key: "inCall", label: "In call" },
  { key: "paused", label: "Paused" },
  { key: "dispo", label: "Dispo" },
  { key: "dead", label: "Dead" },
  { key: "stale", label: "Stale" },
];

/** Campaigns on the live board, or the reason the board cannot be read. */
function readCampaigns(p: Principal | null): { campaigns: CampaignSummary[]; error: null } | { campaigns: null; error: string } {
  try {
    return { campaigns: getRuntime().board.campaigns().filter((c) => p !== null && canSeeCampaign(p, c.campaign)), error: null };
  } catch (err) {
    return { campaigns: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The walls there are: one per campaign on the live board, and one for all campaigns. */
export default async function HomePage() {
  const principal = principalFrom(await headers());
  const { campaigns, error } = readCampaigns(principal);

  return (
    <main className="home">
      <h1 className="home-title">Wallboards</h1>
      {principal?.kind === "user" ? (
        <nav className="home-nav" data-testid="home-nav">
          <Link href="/history">History</Link>
          {principal.role === "admin" ? <Link href="/admin">Admin</Link> : null}
          <Link href="/account">Account ({principal.username})</Link>
        </nav>
      ) : null}

      {principal && seesAllCampaigns(principal) ? (
        <p>
          <Link href="/wall" className="home-all" data-testid="all-campaigns-link">
            All campaigns →
          </Link>
        </p>
      ) : null}

      {error !== null ? (
        <p className="home-error" role="alert">
          The live board is not available: {error}
        </p>
      ) : campaigns.length === 0 ? (
        <p className="home-empty">No campaign yet: campaigns appear when their agents send events or join the roster.</p>
      ) : (
        <table className="home-table" data-testid="campaign-list">
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {campaigns.map(({ campaign, counts }) => (
              <tr key={campaign} data-testid="campaign-row" data-campaign={campaign}>
                <th scope="row">
                  <Link href={`/wall/${encodeURIComponent(campaign)}`}>{campaign}</Link>
                </th>
                {COLUMNS.map((c) => (
                  <td key={c.key}>{counts[c.key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
