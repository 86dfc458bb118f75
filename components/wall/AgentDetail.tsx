"use client";
/**
 * The agent's day on a desk screen: a modal dialog (native <dialog>: focus stays inside,
 * Esc closes, focus returns to the tile) with today's timeline of states, the calls, the
 * dispositions and pause codes with their durations, and the phone status from the live board.
 */
import { useEffect, useRef, type ReactNode } from "react";
import type { AgentView } from "@/lib/agents/view";
import { formatClockTime } from "@/lib/wall/pbx";
import { formatDuration, formatSeconds } from "@/lib/format/duration";
import { ColumnHeads } from "../common/ColumnHeads";
import { usePolledJson } from "../common/usePolledJson";
import { phoneParts } from "@/lib/wall/phone";
import { mismatchOf, stateLabel } from "@/lib/wall/labels";
import { partyText } from "@/lib/wall/party";
import type { AgentDayResponse } from "@/lib/api/agent-day";
import { dayTotals, dispositionCounts, timelineBar } from "@/lib/wall/timeline";

export interface AgentDetailProps {
  agent: AgentView;
  /** ms, server clock. */
  serverNow: number | null;
  onClose(): void;
}

const REFRESH_MS = 30_000;

export function AgentDetail({ agent, serverNow, onClose }: AgentDetailProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (d && !d.open) d.showModal();
    return () => {
      d?.close();
      opener?.focus();
    };
  }, []);

  // Reloaded when the agent's state changes too: the timeline's open segment moves on.
  const { data: day, error } = usePolledJson<AgentDayResponse>(`/api/agents/${encodeURIComponent(agent.user)}/day`, REFRESH_MS, [agent.state, agent.stateSince]);

  const tz = day?.timeZone;
  // The bar runs from the agent's first state today (or midnight) to now: an agent who logged
  // in at 08:00 gets the whole width for the hours worked.
  const barStart = day ? Math.max(day.start, day.segments[0]?.start ?? day.start) : 0;
  const barEnd = day ? Math.max(day.end, day.segments.at(-1)?.end ?? day.end) : 0;
  const bar = day ? timelineBar(day.segments, barStart, barEnd) : [];
  const totals = day ? dayTotals(day.segments) : null;
  const dispositions = day ? dispositionCounts(day.dispositions) : [];
  const label = stateLabel(agent);
  const phone = phoneParts(agent);
  const titleId = `agent-detail-title-${agent.user}`;

  return (
    <dialog
      ref={dialog}
      className="agent-detail"
      data-testid="agent-detail"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === dialog.current) onClose(); // a click on the backdrop
      }}
    >
      <div className="agent-detail-body">
        <header className="agent-detail-head">
          <h2 id={titleId}>
            {agent.name} <span className="agent-detail-user">{agent.user}</span>
          </h2>
          <button type="button" className="agent-detail-close" onClick={onClose} autoFocus>
            Close <span aria-hidden>✕</span>
          </button>
        </header>

        <p className="agent-detail-now">
          <b>{label.status}</b>
          {label.detail ? ` ${label.detail}` : ""} for {serverNow === null ? "–:––" : formatDuration((serverNow - agent.stateSince) / 1000)} (min:s) ·
          campaign {agent.campaign}
          {agent.team ? ` · team ${agent.team}` : ""}
        </p>
        <p className="agent-detail-phone" data-testid="agent-detail-phone">
          Phone:{" "}
          {agent.extension ? (
            <>
              extension {agent.extension}
              {phone.length > 0 ? ` · ${phone.map((p) => p.text).join(" · ")}` : ""}
            </>
          ) : (
            "no extension on the roster"
          )}
          {mismatchOf(agent) ? ` · ⚠ ${mismatchOf(agent)}` : ""}
        </p>

        {error && (
          <p className="agent-detail-error" role="alert">
            Could not load the day: {error}
          </p>
        )}
        {!day && !error && <p>Loading today…</p>}

        {day && (
          <>
            <h3>
              Today since {formatClockTime(day.start, tz)} ({tz})
            </h3>
            <div className="agent-timeline" data-testid="agent-timeline" role="list" aria-label="States today">
              {bar.map((s) => (
                <div
                  key={`${s.start}-${s.status}`}
                  role="listitem"
                  className="timeline-segment"
                  data-testid="timeline-segment"
                  data-status={s.status}
                  style={{ left: `${s.left}%`, width: `${s.width}%` }}
                  title={`${s.status}${s.pauseCode ? ` ${s.pauseCode}` : ""}: ${formatClockTime(s.start, tz)}–${formatClockTime(s.end, tz)} (${formatSeconds((s.end - s.start) / 1000)})`}
                >
                  <span className="sr-only">
                    {s.status}
                    {s.pauseCode ? ` ${s.pauseCode}` : ""} from {formatClockTime(s.start, tz)} to {formatClockTime(s.end, tz)}
                  </span>
                </div>
              ))}
            </div>
            <div className="agent-timeline-scale" aria-hidden>
              <span>{formatClockTime(barStart, tz)}</span>
              <span>{formatClockTime(barEnd, tz)}</span>
            </div>

            <div className="agent-detail-grid">
              <DetailList
                title="Time by state"
                rows={totals!.states.map((s) => ({
                  key: s.status,
                  head: (
                    <>
                      <span className="timeline-swatch" data-status={s.status} aria-hidden /> {s.status}
                    </>
                  ),
                  value: formatSeconds(s.seconds),
                }))}
              />
              <DetailList
                title="Pause codes"
                none="No pause today."
                testId="agent-pauses"
                rows={totals!.pauses.map((p) => ({ key: p.code, head: p.code, value: `${formatSeconds(p.seconds)} · ${p.count}×` }))}
              />
              <DetailList
                title="Dispositions"
                none="No disposition today."
                testId="agent-dispositions"
                rows={dispositions.map((d) => ({ key: d.code, head: d.code, value: `${d.count} ${d.count === 1 ? "call" : "calls"}` }))}
              />
              <section>
                <h3>
                  Calls: {day.callStarts.length} handled (agent screen) · PBX calls on {day.extension ? `phone ${day.extension}` : "the phone"}
                </h3>
                {day.calls.length === 0 ? (
                  <p className="agent-detail-none">
                    {day.extension ? "No PBX call on the agent's phone today." : "No phone extension: PBX calls unknown."}
                  </p>
                ) : (
                  <table className="agent-detail-table" data-testid="agent-calls">
                    <ColumnHeads columns={["Answered", "Customer", "Queue", "Wait", "Talk"]} />
                    <tbody>
                      {day.calls.slice(-50).map((c) => (
                        <tr key={c.callId}>
                          <td>{formatClockTime(c.answeredAt ?? c.enteredAt, tz)}</td>
                          <td>{partyText(!c.queue && c.from.includes(day.extension ?? "\u0000") ? c.to : c.from)}</td>
                          <td>{c.queue ?? (c.from.includes(day.extension ?? "\u0000") ? "outbound" : "direct")}</td>
                          <td>{formatSeconds(c.waitSec)}</td>
                          <td>{c.talkSec === null ? (c.endedAt === null ? "in progress" : "—") : formatSeconds(c.talkSec)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </div>
          </>
        )}
      </div>
    </dialog>
  );
}

/** One block of the day's figures: a title over a two-column table (`head`, `value`), or `none` when there are no rows (no table at all when `none` is unset). */
function DetailList({ title, none, testId, rows }: { title: string; none?: string; testId?: string; rows: readonly { key: string; head: ReactNode; value: ReactNode }[] }) {
  return (
    <section>
      <h3>{title}</h3>
      {rows.length === 0 && none !== undefined ? (
        <p className="agent-detail-none">{none}</p>
      ) : (
        <table className="agent-detail-table" data-testid={testId}>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.head}</th>
                <td>{r.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
