import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { Filters } from "@/components/history/Filters";
import { CsvDownload, HistoryPage, HistoryRefused, HistoryTable } from "@/components/history/HistoryPage";
import { filterQuery } from "@/lib/history/filters";
import { duration } from "@/lib/history/format";
import { historyPageRequest, type PageSearchParams } from "@/app/history/_request";
import { agentDayRows, mapText, STATE_COLUMNS } from "@/lib/queries/history/agent-days";
import { campaignOptions, teamOptions } from "@/lib/queries/history/options";

export const metadata: Metadata = { title: "Agents by day" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 500;

/** Per agent and day: logged-in time, time per state, pause codes, calls, talk, dispositions. */
export default async function AgentsHistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyPageRequest(await headers(), await searchParams);
  if (!req.ok) return <HistoryRefused current="/history/agents" status={req.status} error={req.error} />;
  const { ctx } = req;
  const f = ctx.filters;
  const [{ rows, total }, campaigns, teams] = await Promise.all([
    agentDayRows(ctx.db, { filters: f, campaigns: ctx.campaigns, limit: PAGE_SIZE, offset: f.page * PAGE_SIZE }),
    campaignOptions(ctx.db, ctx.visibleCampaigns),
    teamOptions(ctx.db),
  ]);
  const q = filterQuery(f);
  const pages = Math.ceil(total / PAGE_SIZE);
  // The rows shown, summed: time per state, calls, and the average talk over all their calls.
  const totals = { loggedInSec: 0, calls: 0, talkSec: 0, byColumn: {} as Record<string, number> };
  for (const r of rows) {
    totals.loggedInSec += r.loggedInSec;
    totals.calls += r.callsHandled;
    totals.talkSec += (r.avgTalkSec ?? 0) * r.callsHandled;
    for (const c of STATE_COLUMNS) totals.byColumn[c.key] = (totals.byColumn[c.key] ?? 0) + (r.byColumn[c.key] ?? 0);
  }
  return (
    <HistoryPage current="/history/agents" query={q}>
      <h1 className="history-title">Agents by day</h1>
      <Filters action="/history/agents" filters={f} campaigns={campaigns} teams={teams} show={{ team: true, agent: true }} />
      <CsvDownload href={`/api/history/agents.csv?${q}`} testId="csv-agents">
        {total} row{total === 1 ? "" : "s"}
        {pages > 1 ? ` · page ${f.page + 1} of ${pages}` : ""}
        {!ctx.rollupComplete ? " · still catching up on recent events" : ""}
      </CsvDownload>
      {rows.length === 0 ? (
        <p className="history-empty">No agent activity in this range.</p>
      ) : (
        <HistoryTable
          testId="agents-table"
          columns={[
            ...["Day", "Agent", "Campaign", "Team"].map((label) => ({ key: label, label, className: "history-left" })),
            "Logged in",
            ...STATE_COLUMNS.map((c) => ({ key: c.key, label: c.label })),
            { key: "pause", label: "Pause codes", className: "history-text" },
            "Calls",
            "Avg talk",
            { key: "dispositions", label: "Dispositions", className: "history-text" },
          ]}
          foot={
            <tr data-testid="agents-total-row">
              <th scope="row" className="history-left" colSpan={4}>
                Total{pages > 1 ? " (this page)" : ""}
              </th>
              <td data-col="logged_in">{duration(totals.loggedInSec)}</td>
              {STATE_COLUMNS.map((c) => (
                <td key={c.key} data-col={c.key}>
                  {duration(totals.byColumn[c.key] ?? 0)}
                </td>
              ))}
              <td className="history-text" />
              <td data-col="calls">{totals.calls}</td>
              <td data-col="avg_talk">{duration(totals.calls ? totals.talkSec / totals.calls : null)}</td>
              <td className="history-text" />
            </tr>
          }
        >
              {rows.map((r) => (
                <tr key={`${r.day}/${r.agentUser}/${r.campaign}`} data-testid="agent-day-row" data-day={r.day} data-agent={r.agentUser} data-campaign={r.campaign}>
                  <td className="history-left">{r.day}</td>
                  <th scope="row" className="history-left">
                    <Link href={`/history/agents/${encodeURIComponent(r.agentUser)}/${r.day}`}>{r.fullName ? `${r.fullName} (${r.agentUser})` : r.agentUser}</Link>
                  </th>
                  <td className="history-left">{r.campaign}</td>
                  <td className="history-left">{r.team ?? ""}</td>
                  <td data-col="logged_in">{duration(r.loggedInSec)}</td>
                  {STATE_COLUMNS.map((c) => (
                    <td key={c.key} data-col={c.key}>
                      {duration(r.byColumn[c.key])}
                    </td>
                  ))}
                  <td className="history-text">
                    {Object.keys(r.pauseCodes).sort().map((k) => (
                      <span key={k} className="history-chip">
                        {k || "no code"} {duration(r.pauseCodes[k])}
                      </span>
                    ))}
                  </td>
                  <td data-col="calls">{r.callsHandled}</td>
                  <td data-col="avg_talk">{duration(r.avgTalkSec)}</td>
                  <td className="history-text">{mapText(r.dispositions, false).replaceAll(";", " · ").replaceAll("=", " ")}</td>
                </tr>
              ))}
        </HistoryTable>
      )}
      {pages > 1 ? (
        <p className="history-pager">
          {f.page > 0 ? <Link href={`/history/agents?${filterQuery(f, { page: String(f.page - 1) })}`}>← Previous</Link> : null}
          {f.page + 1 < pages ? <Link href={`/history/agents?${filterQuery(f, { page: String(f.page + 1) })}`}>Next →</Link> : null}
        </p>
      ) : null}
    </HistoryPage>
  );
}
