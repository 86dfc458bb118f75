/**
 * One agent on the wall: status in words and colour, time in status, lead, last event, and
 * the phone (extension, PBX status, a flag when phone and VICIdial disagree).
 * Colours come from globals.css by `data-ramp` (lib/board/ramps.ts), so the tile itself
 * holds no palette.
 */
import type { AgentView } from "@/lib/agents/view";
import { secondsSince } from "@/lib/board/clock";
import { formatDuration } from "@/lib/board/duration";
import { noticeText, recentNotice, stateLabel } from "@/lib/board/labels";
import { rampOf } from "@/lib/board/ramps";
import { AgentPhone } from "./AgentPhone";

export interface AgentTileProps {
  agent: AgentView;
  /** ms, server clock; null before the browser clock is known (first render). */
  serverNow: number | null;
}

export function AgentTile({ agent, serverNow }: AgentTileProps) {
  const seconds = serverNow === null ? 0 : secondsSince(agent.stateSince, serverNow);
  const ramp = rampOf(agent.state, seconds);
  const label = stateLabel(agent);
  const notice = serverNow === null ? null : recentNotice(agent.notice, serverNow);
  const lastEventAgo = serverNow === null ? null : formatDuration(secondsSince(agent.lastEventAt, serverNow));

  return (
    <article
      className="agent-tile"
      data-testid="agent-tile"
      data-user={agent.user}
      data-state={agent.state}
      data-ramp={ramp.key}
      data-level={ramp.level}
      data-stale={agent.stale ? "true" : undefined}
      data-mismatch={agent.phoneMismatch ? "true" : undefined}
      aria-label={`${agent.name}: ${label.status}${label.detail ? ` ${label.detail}` : ""}${
        agent.phoneMismatch ? `, phone mismatch: ${agent.phoneMismatch}` : ""
      }`}
    >
      <header className="flex items-start justify-between gap-[0.5em]">
        <div className="min-w-0">
          <div className="agent-name truncate" title={agent.name}>
            {agent.name}
          </div>
          {agent.name !== agent.user && <div className="agent-user truncate">{agent.user}</div>}
        </div>
        {agent.stale && (
          <span className="stale-badge" data-testid="agent-stale" title="No event from this agent for a while">
            STALE
          </span>
        )}
      </header>

      {/* Wraps the time under the status rather than ever breaking the status word. */}
      <div className="flex flex-wrap items-end justify-between gap-x-[0.5em]">
        {/* The pause code or disposition is what a supervisor acts on: its own line, never cut. */}
        <span className="agent-state" data-testid="agent-state">
          {label.status}
          {label.detail && (
            <span className="agent-state-detail">
              <span className="sr-only"> · </span>
              {label.detail}
            </span>
          )}
        </span>
        <time className="agent-time ml-auto" data-testid="agent-time" dateTime={`PT${seconds}S`}>
          {serverNow === null ? "–:––" : formatDuration(seconds)}
        </time>
      </div>

      <dl className="agent-meta">
        {agent.leadId && (
          <div>
            <dt>Lead</dt>
            <dd data-testid="agent-lead">{agent.leadId}</dd>
          </div>
        )}
        {agent.lastEvent && (
          <div className="agent-last-event">
            <dt>Last</dt>
            <dd className="truncate" data-testid="agent-last-event">
              {agent.lastEvent}
              {lastEventAgo && <span className="opacity-75"> · {lastEventAgo} ago</span>}
            </dd>
          </div>
        )}
      </dl>

      <AgentPhone agent={agent} />

      {notice && (
        <p className="agent-notice truncate" data-testid="agent-notice" title={noticeText(notice)}>
          {noticeText(notice)}
        </p>
      )}
    </article>
  );
}
