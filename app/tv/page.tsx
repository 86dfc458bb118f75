import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { TvApp } from "@/components/tv/TvApp";
import { RampThresholdsProvider } from "@/components/wall/ramp-thresholds";
import { getRuntime } from "@/lib/runtime";
import { rampThresholdsByCampaign } from "@/lib/queries/ramp-thresholds";
import { principalFrom } from "@/lib/auth/request";
import { seesAllCampaigns } from "@/lib/auth/principal";
import { parseTvConfig, type TvScope } from "@/lib/wall/tv";
import { loadFigureColours } from "@/lib/queries/queue-colours";
import { FigureColoursProvider } from "@/components/wall/figure-colours";

export const metadata: Metadata = { title: "TV" };
export const dynamic = "force-dynamic";

interface TvPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/**
 * TV mode for wall display tokens (/d/<token>?to=/tv?...) and signed-in users: the views of
 * `views` within the viewer's scope (a display's or supervisor's campaigns; any for managers
 * and admins), rotating every `every` seconds, in `theme`.
 */
export default async function TvPage({ searchParams }: TvPageProps) {
  const principal = principalFrom(await headers());
  if (!principal) redirect("/login");
  const raw = await searchParams;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") params.set(k, v);
  const scope: TvScope = { all: seesAllCampaigns(principal), campaigns: [...principal.campaigns].sort() };
  const config = parseTvConfig(params, scope);
  if (config.views.length === 0) {
    return (
      <main className="home" data-testid="forbidden">
        <h1 className="home-title">Nothing to show</h1>
        <p>This display has no campaign. Ask an admin to give it one.</p>
      </main>
    );
  }
  const db = getRuntime().db;
  const [rampThresholds, figureColours] = await Promise.all([rampThresholdsByCampaign(db).catch(() => ({})), loadFigureColours(db)]);
  return (
    <RampThresholdsProvider value={rampThresholds}>
      <FigureColoursProvider value={figureColours}>
        <TvApp views={config.views} everySec={config.everySec} theme={config.theme} scope={scope} refused={config.refused} />
      </FigureColoursProvider>
    </RampThresholdsProvider>
  );
}
