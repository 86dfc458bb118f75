"use client";
/**
 * VICIdial's in-group queues beside the PBX queues (issue 13): per in-group the calls waiting
 * with their longest wait and top priority, today's answers, drops and drop %, the service
 * level; then one list of the calls waiting (number as VICIdial stores it, in-group, wait,
 * priority), in the real-time report's order. From VICIdial's database (lib/dialer).
 */
import type { DialerInGroup, DialerSlice } from "@/lib/dialer/types";
import { formatCount, formatDropPct, sortInGroups, storedNumber, waitText } from "@/lib/wall/dialer";

export interface InGroupBlocksProps {
  dialer: DialerSlice;
  serverNow: number | null;
  /** In-groups with an active alert, and its strongest severity. */
  alertInGroups?: ReadonlyMap<string, "warning" | "critical">;
  mode?: "desk" | "tv" | "phone";
}

/** Rows of the waiting-call list shown (the counts stay exact; the rest is said as "+N more"). */
const LIST_ROWS = { desk: 10, tv: 8, phone: 5 } as const;

export function InGroupBlocks({ dialer, serverNow, alertInGroups, mode = "desk" }: InGroupBlocksProps) {
  if (dialer.inGroups.length === 0 && dialer.waitingCalls.length === 0) return null;
  const rows = dialer.waitingCalls.slice(0, LIST_ROWS[mode]);
  const more = dialer.waitingCalls.length - rows.length;
  const groupName = new Map(dialer.inGroups.map((g) => [g.inGroup, g.name]));
  return (
    <>
      {sortInGroups(dialer.inGroups).map((g) => (
        <InGroupBlock key={g.inGroup} group={g} serverNow={serverNow} alert={alertInGroups?.get(g.inGroup)} mode={mode} />
      ))}
      {dialer.waitingCalls.length > 0 && (
        <article className="queue-stats ingroup-waiting" data-testid="ingroup-waiting-list" data-mode={mode}>
          <header className="queue-head">
            <h3 className="queue-name">Calls waiting</h3>
            <span className="queue-id">VICIdial · by priority, then age</span>
          </header>
          <table className="ingroup-waiting-table">
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">In-group</th>
                <th scope="col">Wait</th>
                <th scope="col">Priority</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((w) => (
                <tr key={w.id} data-testid="ingroup-waiting-call" data-group={w.group} data-caller-id={w.callerId}>
                  <td className="ingroup-number" title={`phone_code ${w.phoneCode || "—"}, phone_number ${w.phoneNumber || "—"}${w.agentOnly ? `, only for agent ${w.agentOnly}` : ""}`}>
                    {storedNumber(w)}
                  </td>
                  <td title={w.group}>{groupName.get(w.group) ?? w.group}{w.status === "IVR" ? " (IVR)" : ""}</td>
                  <td className="ingroup-wait">{waitText(w.since, serverNow)}</td>
                  <td>{w.priority}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {(more > 0 || dialer.waitingTruncated) && <p className="queue-platform-note">+{more > 0 ? more : "more"} not listed</p>}
        </article>
      )}
    </>
  );
}

function InGroupBlock({ group: g, serverNow, alert, mode }: { group: DialerInGroup; serverNow: number | null; alert?: "warning" | "critical"; mode: "desk" | "tv" | "phone" }) {
  const fig = (key: string, label: string, value: string, title: string, value2?: number) => (
    <div className="queue-figure" key={key} data-figure={key}>
      <dt className="queue-figure-label" title={title}>
        {label}
      </dt>
      <dd className="queue-figure-value">
        <span className="queue-big" data-testid={`ingroup-${key}`} data-value={value2}>
          {value}
        </span>
      </dd>
    </div>
  );
  return (
    <article className="queue-stats ingroup" data-testid="ingroup" data-in-group={g.inGroup} data-alert={alert} data-mode={mode}>
      <header className="queue-head">
        {g.color && <span className="ingroup-colour" style={{ background: /^#?[0-9a-f]{6}$/i.test(g.color) ? (g.color.startsWith("#") ? g.color : `#${g.color}`) : g.color }} aria-hidden />}
        <h3 className="queue-name">{g.name || g.inGroup}</h3>
        <span className="queue-id">in-group {g.inGroup}</span>
        {alert && (
          <span className="queue-alert-badge" data-testid="ingroup-alert">
            <span aria-hidden>⚠ </span>
            {alert === "critical" ? "CRITICAL" : "ALERT"}
          </span>
        )}
      </header>
      <dl className="queue-figures">
        {fig("waiting", "Calls waiting", String(g.waiting), "vicidial_auto_calls rows of the in-group: inbound, LIVE (no agent yet)", g.waiting)}
        {fig("longest", "Longest wait", waitText(g.oldestWaitingSince, serverNow), "Wait of the oldest waiting call (database clock)")}
        {fig("priority", "Top priority", g.topWaitingPriority === null ? "—" : String(g.topWaitingPriority), `Highest queue_priority among the waiting calls (the in-group's own: ${g.priority})`)}
        {fig("answers", "Answered today", formatCount(g.today.answers), "answers_today of the in-group's vicidial_campaign_stats row", g.today.answers)}
        {fig("drops", "Drops today", formatCount(g.today.drops), "drops_today of the in-group's vicidial_campaign_stats row", g.today.drops)}
        {fig("drop-pct", "Drop % (VICIdial)", formatDropPct(g.today.dropRates.vicidial), "drops ÷ answers × 100 as VICIdial stores it (0 with no answers)")}
        {mode !== "phone" && fig("sl", `SL ${g.today.slOneSec} s`, g.today.slOnePct === null ? "—" : `${Math.round(g.today.slOnePct)} %`, "Answered within the in-group's first service-level threshold ÷ answers (hold_sec_stat_one)")}
      </dl>
    </article>
  );
}
