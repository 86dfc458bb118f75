import Link from "next/link";
import type { CampaignSummary } from "@/lib/agents/agent-book";
import { HomeBoard } from "@/components/home/HomeBoard";
import { headers } from "next/headers";
import { getRuntime } from "@/lib/runtime";
import { principalFrom } from "@/lib/auth/request";
import { canSeeCampaign, seesAllCampaigns, type Principal } from "@/lib/auth/principal";

// The list is the live board's, read at request time.
export const dynamic = "force-dynamic";

/** Campaigns on the live board, or the reason the board cannot be read. */
function readCampaigns(p: Principal | null): { campaigns: CampaignSummary[]; error: null } | { campaigns: null; error: string } {
  try {
    return { campaigns: getRuntime().agents.campaigns().filter((c) => p !== null && canSeeCampaign(p, c.campaign)), error: null };
  } catch (err) {
    return { campaigns: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The walls there are: one per campaign on the live board (live counters, calls waiting,
 * today's SL, a TV link), and one for all campaigns.
 */
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
          </Link>{" "}
          <Link href="/tv?views=campaign:*" className="home-all" data-testid="all-campaigns-tv-link">
            All campaigns on a TV →
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
        <HomeBoard campaigns={campaigns.map((c) => c.campaign)} all={principal !== null && seesAllCampaigns(principal)} />
      )}
    </main>
  );
}
