import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { Filters, HistoryError } from "@/components/history/Filters";
import { HistoryNav } from "@/components/history/HistoryNav";
import { filterQuery } from "@/lib/history/filters";
import { hms } from "@/lib/history/format";
import { historyRequest, type PageSearchParams } from "@/lib/history/request";
import { agentDayRows, mapText, STATE_COLUMNS } from "@/lib/queries/history/agent-days";
import { campaignOptions, teamOptions } from "@/lib/queries/history/options";

export const metadata: Metadata = { title: "Agents by day" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 500;

/** Per agent and day: logged-in time, time per state, pause codes, calls, talk, dispositions. */
export default async function AgentsHistoryPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyRequest(await headers(), await searchParams);
  if (!req.ok) return <main className="history"><HistoryNav current="/history/agents" query="" /><HistoryError status={req.status} error={req.error} /></main>;
  const { ctx } = req;
  const f = ctx.filters;
  const [{ rows, total }, campaigns, teams] = await Promise.all([
    agentDayRows(ctx.db, { filters: f, campaigns: ctx.campaigns, limit: PAGE_SIZE, offset: f.page * PAGE_SIZE }),
    campaignOptions(ctx.db, ctx.visibleCampaigns),
    teamOptions(ctx.db),
  ]);
  const q = filterQuery(f);
  const pages = Math.ceil(total / PAGE_SIZE);
  return (
    <main className="history">
      <HistoryNav current="/history/agents" query={q} />
      <h1 className="history-title">Agents by day</h1>
      <Filters action="/history/agents" filters={f} campaigns={campaigns} teams={teams} show={{ team: true, agent: true }} />
      <p className="history-actions">
        <a className="btn" href={`/api/history/agents.csv?${q}`} download data-testid="csv-agents">
          Download CSV
        </a>
        <span>
          {total} row{total === 1 ? "" : "s"}
          {pages > 1 ? ` · page ${f.page + 1} of ${pages}` : ""}
          {!ctx.rollupComplete ? " · still catching up on recent events" : ""}
        </span>
      </p>
      {rows.length === 0 ? (
        <p className="history-empty">No agent activity in this range.</p>
      ) : (
        <div className="history-scroll">
          <table className="history-table" data-testid="agents-table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Agent</th>
                <th scope="col">Campaign</th>
                <th scope="col">Team</th>
                <th scope="col">Logged in</th>
                {STATE_COLUMNS.map((c) => (
                  <th key={c.key} scope="col">
                    {c.label}
                  </th>
                ))}
                <th scope="col">Pause codes</th>
                <th scope="col">Calls</th>
                <th scope="col">Avg talk</th>
                <th scope="col">Dispositions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.day}/${r.agentUser}/${r.campaign}`} data-testid="agent-day-row" data-day={r.day} data-agent={r.agentUser} data-campaign={r.campaign}>
                  <td>{r.day}</td>
                  <th scope="row">
                    <Link href={`/history/agents/${encodeURIComponent(r.agentUser)}/${r.day}`}>{r.fullName ? `${r.fullName} (${r.agentUser})` : r.agentUser}</Link>
                  </th>
                  <td>{r.campaign}</td>
                  <td>{r.team ?? ""}</td>
                  <td data-col="logged_in">{hms(r.loggedInSec)}</td>
                  {STATE_COLUMNS.map((c) => (
                    <td key={c.key} data-col={c.key}>
                      {hms(r.byColumn[c.key])}
                    </td>
                  ))}
                  <td className="history-text">
                    {Object.keys(r.pauseCodes).sort().map((k) => (
                      <span key={k} className="history-chip">
                        {k || "none"} {hms(r.pauseCodes[k])}
                      </span>
                    ))}
                  </td>
                  <td data-col="calls">{r.callsHandled}</td>
                  <td data-col="avg_talk">{hms(r.avgTalkSec)}</td>
                  <td className="history-text">{mapText(r.dispositions, false).replaceAll(";", " · ").replaceAll("=", " ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <p className="history-pager">
          {f.page > 0 ? <Link href={`/history/agents?${filterQuery(f, { page: String(f.page - 1) })}`}>← Previous</Link> : null}
          {f.page + 1 < pages ? <Link href={`/history/agents?${filterQuery(f, { page: String(f.page + 1) })}`}>Next →</Link> : null}
        </p>
      ) : null}
    </main>
  );
}
