import type { Metadata } from "next";
import Link from "next/link";
import { headers } from "next/headers";
import { Filters } from "@/components/history/Filters";
import { HistoryPage, HistoryRefused } from "@/components/history/HistoryPage";
import { filterQuery } from "@/lib/history/filters";
import { historyPageRequest, type PageSearchParams } from "@/app/history/_request";
import { campaignOptions, teamOptions } from "@/lib/queries/history/options";

export const metadata: Metadata = { title: "History" };
export const dynamic = "force-dynamic";

/** The history index: the filters and the reports they apply to. */
export default async function HistoryIndexPage({ searchParams }: { searchParams: PageSearchParams }) {
  const req = await historyPageRequest(await headers(), await searchParams, { defaultDays: 7, catchUp: false });
  if (!req.ok) return <HistoryRefused current="/history" status={req.status} error={req.error} />;
  const { ctx } = req;
  const [campaigns, teams] = await Promise.all([campaignOptions(ctx.db, ctx.visibleCampaigns), teamOptions(ctx.db)]);
  const q = filterQuery(ctx.filters);
  const reports = [
    { href: "/history/agents", title: "Agents by day", text: "Logged-in time, time in READY / INCALL / PAUSED (by pause code) / DISPO / DEAD, calls, average talk time, dispositions; each agent's day as a timeline." },
    { href: "/history/queues", title: "Queues", text: "Offered, answered, abandoned, service level, ASA and AHT by 15 minutes, hour or day, with a chart." },
    { href: "/history/abandoned", title: "Abandoned calls", text: "Every call whose caller hung up before an answer." },
  ];
  return (
    <HistoryPage current="/history" query={q}>
      <h1 className="history-title">History</h1>
      <p className="history-note">Days are local days in {ctx.config.timeZone}. Every table downloads as CSV.</p>
      <Filters action="/history/agents" filters={ctx.filters} campaigns={campaigns} teams={teams} show={{ team: true, agent: true }} />
      <ul className="history-reports">
        {reports.map((r) => (
          <li key={r.href}>
            <Link href={`${r.href}?${q}`}>{r.title}</Link>
            <p>{r.text}</p>
          </li>
        ))}
      </ul>
    </HistoryPage>
  );
}
