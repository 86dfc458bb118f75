import type { Metadata } from "next";
import { headers } from "next/headers";
import { Filters } from "@/components/history/Filters";
import { CsvDownload, HistoryPage, HistoryRefused, HistoryTable } from "@/components/history/HistoryPage";
import { QueueChart } from "@/components/history/QueueChart";
import { filterQuery } from "@/lib/history/filters";
import { duration, pct } from "@/lib/history/format";
import { localTime } from "@/lib/history/reports";
import { historyPageRequest, type PageSearchParams } from "@/app/history/_request";
import { campaignOptions, queueOptions, queuesOfScope } from "@/lib/queries/history/options";
import { queueHistory, totalRow } from "@/lib/queries/history/queue-intervals";

export const metadata: Metadata = { title: "Queue history" };
export const dynamic = "force-dynamic";

/** Queue figures per 15 minutes, hour or day, with a chart and the range's total. */
export default async function QueuesHistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyPageRequest(await headers(), await searchParams);
  if (!req.ok) return <HistoryRefused current="/history/queues" status={req.status} error={req.error} />;
  const { ctx } = req;
  const f = ctx.filters;
  const tz = ctx.config.timeZone;
  const [rows, campaigns, queueChoices] = await Promise.all([
    queueHistory(ctx.db, { start: ctx.start, end: ctx.end, queues: ctx.queues, bucket: f.bucket, timeZone: tz }),
    campaignOptions(ctx.db, ctx.visibleCampaigns),
    queuesOfScope(ctx.db, ctx.visibleCampaigns).then((s) => queueOptions(ctx.db, s)),
  ]);
  const total = totalRow(rows, ctx.start);
  const pattern = f.bucket === "day" ? "yyyy-MM-dd" : f.from === f.to ? "HH:mm" : "MM-dd HH:mm";
  const q = filterQuery(f);
  return (
    <HistoryPage current="/history/queues" query={q}>
      <h1 className="history-title">Queue history</h1>
      <Filters action="/history/queues" filters={f} campaigns={campaigns} queues={queueChoices} show={{ queue: true, bucket: true }} />
      <CsvDownload href={`/api/history/queues.csv?${q}`} testId="csv-queues">
        {f.queue ? `Queue ${f.queue}` : ctx.queues ? `Queues ${ctx.queues.join(", ") || "(none)"}` : "All queues"} · {f.bucket === "15m" ? "15 minutes" : f.bucket === "hour" ? "hourly" : "daily"} · {tz}
        {!ctx.rollupComplete ? " · still catching up on recent events" : ""}
      </CsvDownload>
      {rows.length === 0 ? (
        <p className="history-empty">No queue calls in this range.</p>
      ) : (
        <>
          <QueueChart points={rows.map((r) => ({ label: localTime(r.start, tz, pattern), answered: r.answered, abandoned: r.abandoned, slPct: r.serviceLevel === null ? null : Math.round(r.serviceLevel * 1000) / 10 }))} />
          <HistoryTable
            testId="queues-table"
            columns={["Period", "Offered", "Answered", "Abandoned", "SL", "Abandon rate", "ASA", "AHT"]}
            foot={
              <tr data-testid="queue-total-row">
                <th scope="row">Total</th>
                <td>{total.offered}</td>
                <td>{total.answered}</td>
                <td>{total.abandoned}</td>
                <td>{pct(total.serviceLevel)}</td>
                <td>{pct(total.abandonRate)}</td>
                <td>{duration(total.asaSec)}</td>
                <td>{duration(total.ahtSec)}</td>
              </tr>
            }
          >
                {rows.map((r) => (
                  <tr key={r.start} data-testid="queue-period-row" data-start={r.start}>
                    <th scope="row">{localTime(r.start, tz, pattern)}</th>
                    <td data-col="offered">{r.offered}</td>
                    <td data-col="answered">{r.answered}</td>
                    <td data-col="abandoned">{r.abandoned}</td>
                    <td data-col="sl">{pct(r.serviceLevel)}</td>
                    <td data-col="abandon_rate">{pct(r.abandonRate)}</td>
                    <td data-col="asa">{duration(r.asaSec)}</td>
                    <td data-col="aht">{duration(r.ahtSec)}</td>
                  </tr>
                ))}
          </HistoryTable>
        </>
      )}
      <p className="history-note">
        A call counts when its wait ended (answered or hung up) in the period; AHT counts calls by when they ended. SL = answered within the queue&apos;s threshold ÷ offered.
      </p>
    </HistoryPage>
  );
}
