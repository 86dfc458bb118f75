import type { Metadata } from "next";
import { headers } from "next/headers";
import { Filters, HistoryError } from "@/components/history/Filters";
import { HistoryNav } from "@/components/history/HistoryNav";
import { filterQuery } from "@/lib/history/filters";
import { duration } from "@/lib/history/format";
import { localTime } from "@/lib/history/reports";
import { historyPageRequest, type PageSearchParams } from "@/lib/history/request";
import { abandonedCalls } from "@/lib/queries/history/abandoned-calls";
import { campaignOptions, queueOptions, queuesOfScope } from "@/lib/queries/history/options";

export const metadata: Metadata = { title: "Abandoned calls" };
export const dynamic = "force-dynamic";

const LIMIT = 1000;

/** The calls whose caller hung up while waiting, newest first. */
export default async function AbandonedHistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyPageRequest(await headers(), await searchParams, { catchUp: false });
  if (!req.ok) return <main className="history"><HistoryNav current="/history/abandoned" query="" /><HistoryError status={req.status} error={req.error} /></main>;
  const { ctx } = req;
  const f = ctx.filters;
  const tz = ctx.config.timeZone;
  const [{ rows, total }, campaigns, queueChoices] = await Promise.all([
    abandonedCalls(ctx.db, { start: ctx.start, end: ctx.end, queues: ctx.queues, shortAbandonSec: ctx.config.shortAbandonSec, limit: LIMIT }),
    campaignOptions(ctx.db, ctx.visibleCampaigns),
    queuesOfScope(ctx.db, ctx.visibleCampaigns).then((s) => queueOptions(ctx.db, s)),
  ]);
  const q = filterQuery(f);
  return (
    <main className="history">
      <HistoryNav current="/history/abandoned" query={q} />
      <h1 className="history-title">Abandoned calls</h1>
      <Filters action="/history/abandoned" filters={f} campaigns={campaigns} queues={queueChoices} show={{ queue: true }} />
      <p className="history-actions">
        <a className="btn" href={`/api/history/abandoned.csv?${q}`} download data-testid="csv-abandoned">
          Download CSV
        </a>
        <span>
          {total} call{total === 1 ? "" : "s"}
          {total > rows.length ? ` (the newest ${rows.length} shown; the CSV has them all)` : ""}
        </span>
      </p>
      {rows.length === 0 ? (
        <p className="history-empty">No abandoned calls in this range.</p>
      ) : (
        <div className="history-scroll">
          <table className="history-table" data-testid="abandoned-table">
            <thead>
              <tr>
                <th scope="col">Hung up</th>
                <th scope="col">Queue</th>
                <th scope="col">Caller</th>
                <th scope="col">Entered</th>
                <th scope="col">Waited</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.pbx}/${r.callId}`} data-testid="abandoned-row" data-call-id={r.callId}>
                  <th scope="row">{localTime(r.endedAt, tz)}</th>
                  <td>{r.queue}</td>
                  <td>{r.from}</td>
                  <td>{localTime(r.enteredAt, tz, "HH:mm:ss")}</td>
                  <td>{duration(r.waitSec)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
