import type { Metadata } from "next";
import { headers } from "next/headers";
import { Filters } from "@/components/history/Filters";
import { CsvDownload, HistoryPage, HistoryRefused, HistoryTable } from "@/components/history/HistoryPage";
import { filterQuery } from "@/lib/history/filters";
import { duration } from "@/lib/history/format";
import { localTime } from "@/lib/history/reports";
import { historyPageRequest, type PageSearchParams } from "@/app/history/_request";
import { campaignOptions } from "@/lib/queries/history/options";
import { listDialerSamples } from "@/lib/queries/dialer-samples";
import { dialerPeriods, visibleSamples, type DialerPeriodRow } from "@/lib/dialer/history";
import { campaignsOfInGroup } from "@/lib/dialer/figures";
import { formatDropPct } from "@/lib/wall/dialer";
import { getRuntime } from "@/lib/runtime";

export const metadata: Metadata = { title: "Dialer history" };
export const dynamic = "force-dynamic";

const PERIOD_MS = { "15m": 900_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * VICIdial's dialer and in-group queues over a day (issue 13): per campaign and in-group and
 * period, the drop % (VICIdial's drops ÷ answers, and drops ÷ calls) and the most calls
 * waiting, from the per-minute samples; the minutes as CSV.
 */
export default async function DialerHistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyPageRequest(await headers(), await searchParams, { catchUp: false });
  if (!req.ok) return <HistoryRefused current="/history/dialer" status={req.status} error={req.error} />;
  const { ctx } = req;
  const f = ctx.filters;
  const tz = ctx.config.timeZone;
  const live = getRuntime().dialer();
  const scope = f.campaign ? [f.campaign] : ctx.campaigns;
  const [samples, campaigns] = await Promise.all([listDialerSamples(ctx.db, { from: ctx.start, to: ctx.end }), campaignOptions(ctx.db, ctx.visibleCampaigns)]);
  const bucket = f.bucket === "day" ? "day" : f.bucket;
  const rows = dialerPeriods(visibleSamples(samples, scope, (g) => campaignsOfInGroup(live, g)), PERIOD_MS[bucket]);
  const groups = [...new Set(rows.map((r) => `${r.kind}\u0000${r.groupId}`))].map((k) => k.split("\u0000") as [DialerPeriodRow["kind"], string]);
  const pattern = bucket === "day" ? "yyyy-MM-dd" : f.from === f.to ? "HH:mm" : "MM-dd HH:mm";
  const q = filterQuery(f);
  return (
    <HistoryPage current="/history/dialer" query={q}>
      <h1 className="history-title">Dialer history</h1>
      <Filters action="/history/dialer" filters={f} campaigns={campaigns} queues={[]} show={{ bucket: true }} />
      <CsvDownload href={`/api/history/dialer.csv?${q}`} testId="csv-dialer" label="Download CSV (per minute)">
        VICIdial database · {bucket === "15m" ? "15 minutes" : bucket === "hour" ? "hourly" : "daily"} · {tz}
      </CsvDownload>
      {groups.length === 0 ? (
        <p className="history-empty">No dialer samples in this range (VICIdial&apos;s database source writes one per minute while it is connected).</p>
      ) : (
        groups.map(([kind, id]) => {
          const mine = rows.filter((r) => r.kind === kind && r.groupId === id);
          return (
            <section key={`${kind}:${id}`} className="history-section" data-testid="dialer-history-group" data-kind={kind} data-group={id}>
              <h2>
                {kind === "campaign" ? "Campaign" : "In-group"} {id}
              </h2>
              <HistoryTable
                columns={[
                  { key: "period", label: "Period", className: "history-left" },
                  "Drop % (VICIdial)",
                  "Drop % of calls",
                  "Calls / answers / drops today",
                  "Most calls waiting",
                  "Longest wait",
                  ...(kind === "campaign" ? ["Hopper"] : []),
                ]}
              >
                {mine.map((r) => (
                  <tr key={r.start} data-testid="dialer-period-row" data-start={r.start}>
                    <th scope="row">{localTime(r.start, tz, pattern)}</th>
                    <td data-col="drop_pct">{formatDropPct(r.dropPct)}</td>
                    <td data-col="drop_pct_of_calls">{formatDropPct(r.dropPctOfCalls)}</td>
                    <td>
                      {r.calls} / {r.answers} / {r.drops}
                    </td>
                    <td data-col="waiting_max">{r.waitingMax}</td>
                    <td>{duration(r.longestWaitSec)}</td>
                    {kind === "campaign" && <td>{r.hopper ?? "—"}</td>}
                  </tr>
                ))}
              </HistoryTable>
            </section>
          );
        })
      )}
      <p className="history-note">
        Drop % is today&apos;s, at the end of each period: VICIdial&apos;s drops ÷ answers (drops_answers_today_pct), and drops ÷ calls. Most calls waiting and
        longest wait: the highest seen in the period (sampled every second, kept per minute).
      </p>
    </HistoryPage>
  );
}
