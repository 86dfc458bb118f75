import type { Metadata } from "next";
import { headers } from "next/headers";
import { CsvDownload, HistoryPage, HistoryRefused, HistoryTable } from "@/components/history/HistoryPage";
import { Timeline } from "@/components/history/Timeline";
import { canSeeCampaign } from "@/lib/auth/principal";
import { DAY_RE } from "@/lib/history/days";
import { duration } from "@/lib/history/format";
import { partyText } from "@/lib/wall/party";
import { extensionOf } from "@/lib/sources/vodia/frames";
import { localTime } from "@/lib/history/reports";
import { historyPageRequest, type PageSearchParams } from "@/app/history/_request";
import { agentDayDetail } from "@/lib/history/agent-day-detail";
import { scopeAgentDay } from "@/lib/history/agent-day";

export const metadata: Metadata = { title: "Agent's day" };
export const dynamic = "force-dynamic";

const LEGEND = ["READY", "CLOSER", "PAUSED", "DIAL", "INCALL", "PARK", "3-WAY", "DEAD", "DISPO", "UNKNOWN"] as const;

/** One agent's day: the timeline of states, the time per state, the calls and dispositions. */
export default async function AgentDayPage({ params, searchParams }: { params: Promise<{ user: string; day: string }>; searchParams: PageSearchParams }) {
  const { user: rawUser, day } = await params;
  const user = decodeURIComponent(rawUser);
  const req = await historyPageRequest(await headers(), { ...(await searchParams), from: day, to: day }, { catchUp: false });
  if (!req.ok || !DAY_RE.test(day)) {
    return <HistoryRefused current="/history/agents" status={req.ok ? 400 : req.status} error={req.ok ? "not a day" : req.error} />;
  }
  const { ctx } = req;
  const tz = ctx.config.timeZone;
  // Only the viewer's campaigns: an agent who moved campaigns shows the other part to nobody without it.
  const d = scopeAgentDay(await agentDayDetail(ctx.db, { user, day, timeZone: tz, staleAfterSec: ctx.config.staleAfterSec, now: ctx.now }), (c) => canSeeCampaign(ctx.principal, c));
  if (!d) {
    return <HistoryRefused current="/history/agents" status={403} error={`agent ${user} is not in your campaigns`} />;
  }
  const csv = `/api/history/timeline.csv?agent=${encodeURIComponent(user)}&from=${day}&to=${day}`;
  return (
    <HistoryPage current="/history/agents" query={`from=${day}&to=${day}`}>
      <h1 className="history-title">
        {d.fullName ? `${d.fullName} (${user})` : user} · {day}
      </h1>
      <p className="history-note">
        {d.team ? `Team ${d.team} · ` : ""}
        {d.extension ? `Phone ${d.extension} · ` : ""}Campaigns {d.campaigns.join(", ")} · {tz}
      </p>
      {d.segments.length === 0 ? (
        <p className="history-empty">No activity this day.</p>
      ) : (
        <>
          <Timeline segments={d.segments} start={d.start} end={d.end} timeZone={tz} />
          <ul className="history-legend" aria-label="Legend">
            {LEGEND.map((s) => (
              <li key={s} data-state={s}>
                {s === "UNKNOWN" ? "unknown (no event for the stale timeout)" : s}
              </li>
            ))}
          </ul>
        </>
      )}
      <CsvDownload href={csv} testId="csv-timeline" label="Download timeline CSV" />
      {d.summaries.map((s) => (
        <section key={s.campaign} className="history-section" data-testid="agent-day-summary" data-campaign={s.campaign}>
          <h2>
            {s.campaign}: logged in {duration(s.loggedInSec)}, {s.callsHandled} call{s.callsHandled === 1 ? "" : "s"} handled (agent screen), avg talk {duration(s.callsHandled ? s.talkSec / s.callsHandled : null)}
          </h2>
          <HistoryTable scroll={false} columns={[{ key: "state", label: "State", className: "history-left" }, { key: "code", label: "Pause code", className: "history-left" }, "Time"]}>
            {s.states.map((st) => (
              <tr key={`${st.status}/${st.pauseCode}`}>
                <th scope="row" className="history-left">{st.status}</th>
                <td className="history-left">{st.pauseCode}</td>
                <td>{duration(st.seconds)}</td>
              </tr>
            ))}
          </HistoryTable>
        </section>
      ))}
      <section className="history-section">
        <h2>Dispositions</h2>
        {d.dispositions.length === 0 ? (
          <p className="history-empty">None.</p>
        ) : (
          <HistoryTable scroll={false} testId="agent-dispositions" columns={["Time", "Disposition", "Lead"]}>
            {d.dispositions.map((x) => (
              <tr key={x.at}>
                <th scope="row">{localTime(x.at, tz, "HH:mm:ss")}</th>
                <td>{x.code}</td>
                <td>{x.leadId ?? ""}</td>
              </tr>
            ))}
          </HistoryTable>
        )}
      </section>
      <section className="history-section">
        <h2>PBX calls on {d.extension ? `phone ${d.extension}` : "the agent's phone"}, answered</h2>
        {d.calls.length === 0 ? (
          <p className="history-empty">{d.extension ? "No answered call on this phone this day (or no PBX connected)." : "The roster gives this agent no phone extension."}</p>
        ) : (
          <HistoryTable
            scroll={false}
            testId="agent-calls"
            columns={[
              ...["Answered", "Direction", "Customer"].map((label) => ({ key: label, label, className: "history-left" })),
              "Talk",
              { key: "Outcome", label: "Outcome", className: "history-left" },
            ]}
          >
            {d.calls.map((c) => {
              const outbound = !c.queue && extensionOf(c.from) === d.extension;
              return (
                <tr key={c.callId}>
                  <th scope="row" className="history-left">{localTime(c.answeredAt, tz, "HH:mm:ss")}</th>
                  <td className="history-left">{c.queue ? `inbound, queue ${c.queue}` : outbound ? "outbound" : "inbound, direct"}</td>
                  <td className="history-left">{partyText(outbound ? c.to : c.from)}</td>
                  <td>{duration(c.talkSec)}</td>
                  <td className="history-left">{c.outcome ?? "in progress"}</td>
                </tr>
              );
            })}
          </HistoryTable>
        )}
      </section>
    </HistoryPage>
  );
}
