import type { Metadata } from "next";
import { headers } from "next/headers";
import { Filters } from "@/components/history/Filters";
import { CsvDownload, HistoryPage, HistoryRefused, HistoryTable } from "@/components/history/HistoryPage";
import { filterQuery } from "@/lib/history/filters";
import { duration } from "@/lib/history/format";
import { localTime } from "@/lib/history/reports";
import { historyPageRequest, type PageSearchParams } from "@/app/history/_request";
import { abandonedCalls } from "@/lib/queries/history/abandoned-calls";
import { campaignOptions, queueOptions, queuesOfScope } from "@/lib/queries/history/options";

export const metadata: Metadata = { title: "Abandoned calls" };
export const dynamic = "force-dynamic";

const LIMIT = 1000;

/** The calls whose caller hung up while waiting, newest first. */
export default async function AbandonedHistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyPageRequest(await headers(), await searchParams, { catchUp: false });
  if (!req.ok) return <HistoryRefused current="/history/abandoned" status={req.status} error={req.error} />;
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
    <HistoryPage current="/history/abandoned" query={q}>
      <h1 className="history-title">Abandoned calls</h1>
      <Filters action="/history/abandoned" filters={f} campaigns={campaigns} queues={queueChoices} show={{ queue: true }} />
      <CsvDownload href={`/api/history/abandoned.csv?${q}`} testId="csv-abandoned">
        {total} call{total === 1 ? "" : "s"}
        {total > rows.length ? ` (the newest ${rows.length} shown; the CSV has them all)` : ""}
      </CsvDownload>
      {rows.length === 0 ? (
        <p className="history-empty">No abandoned calls in this range.</p>
      ) : (
        <HistoryTable testId="abandoned-table" columns={["Hung up", "Queue", "Caller", "Entered", "Waited"]}>
          {rows.map((r) => (
            <tr key={`${r.pbx}/${r.callId}`} data-testid="abandoned-row" data-call-id={r.callId}>
              <th scope="row">{localTime(r.endedAt, tz)}</th>
              <td>{r.queue}</td>
              <td>{r.from}</td>
              <td>{localTime(r.enteredAt, tz, "HH:mm:ss")}</td>
              <td>{duration(r.waitSec)}</td>
            </tr>
          ))}
        </HistoryTable>
      )}
    </HistoryPage>
  );
}
