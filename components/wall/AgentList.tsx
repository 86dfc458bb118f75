"use client";
/**
 * The agents on a phone (a supervisor walking the floor): one row per agent, every agent,
 * in wall order, with the state in words and colour (lib/wall/palette.ts), the pause code or
 * disposition, and the time in state ticking from server timestamps. The page scrolls; no
 * row is ever cut. A tap opens the agent's day where the wall allows it.
 */
import { memo, useMemo, type ReactNode } from "react";
import type { AgentView } from "@/lib/agents/view";
import type { AlertView } from "@/lib/alerts/types";
import { groupAgents, type GroupBy, type SortBy } from "@/lib/wall/arrange";
import { formatDuration } from "@/lib/format/duration";
import { mismatchOf, stateLabel } from "@/lib/wall/labels";
import { rampOf } from "@/lib/wall/ramps";
import { useRampThresholds } from "./ramp-thresholds";

/**
 * What a view of the wall's agents takes, tiles and rows alike: the agents in the order to
 * show, `serverNow` (ms, server clock; null before the clock is known), `synced` (false until
 * the first snapshot), grouping and sorting, per-user calls today and strongest alert, the
 * click handler of desk screens, and `emptyNotice` instead of "No agents on this wall.".
 */
export interface AgentListProps {
  agents: readonly AgentView[];
  serverNow: number | null;
  synced: boolean;
  groupBy?: GroupBy;
  sortBy?: SortBy;
  /** Multi-campaign walls write each agent's campaign. */
  showCampaign?: boolean;
  callsToday?: ReadonlyMap<string, number>;
  emptyNotice?: ReactNode;
  alertUsers?: ReadonlyMap<string, AlertView["severity"]>;
  onSelect?: (user: string) => void;
}

/** No agent to show: `emptyNotice`, else whether the wall is empty or still loading. */
export function NoAgents({ synced, emptyNotice }: { synced: boolean; emptyNotice?: ReactNode }) {
  return (
    emptyNotice ?? (
      <p className="wall-empty" data-testid="wall-empty">
        {synced ? "No agents on this wall." : "Waiting for the server…"}
      </p>
    )
  );
}

export function AgentList({ agents, serverNow, synced, groupBy = "none", sortBy = "state", showCampaign, callsToday, alertUsers, onSelect, emptyNotice }: AgentListProps) {
  const groups = useMemo(() => groupAgents(agents, groupBy, sortBy), [agents, groupBy, sortBy]);
  if (agents.length === 0) return <NoAgents synced={synced} emptyNotice={emptyNotice} />;
  return (
    <div className="agent-list" data-testid="agent-list">
      {groups.map((g) => (
        <section key={g.key} className="agent-list-group" aria-label={`${g.label} (${g.agents.length})`}>
          {(groupBy !== "none" || g.loggedOut) && (
            <h2 className="agent-group-title">
              {g.label} <span className="agent-group-count">({g.agents.length})</span>
            </h2>
          )}
          <ul role="list">
            {g.agents.map((a) => (
              <AgentRow
                key={a.user}
                agent={a}
                seconds={serverNow === null || !(a.stateSince > 0) ? null : Math.max(0, Math.floor((serverNow - a.stateSince) / 1000))}
                showCampaign={showCampaign}
                callsToday={callsToday?.get(a.user)}
                alert={alertUsers?.get(a.user)}
                onSelect={onSelect}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

interface AgentRowProps {
  agent: AgentView;
  seconds: number | null;
  showCampaign?: boolean;
  callsToday?: number;
  alert?: AlertView["severity"];
  onSelect?: (user: string) => void;
}

const AgentRow = memo(function AgentRow({ agent, seconds, showCampaign, callsToday, alert, onSelect }: AgentRowProps) {
  const ramp = rampOf(agent.state, seconds ?? 0, useRampThresholds(agent.campaign));
  const label = stateLabel(agent);
  const time = seconds === null ? "–:––" : formatDuration(seconds);
  const sub = [showCampaign ? agent.campaign : null, mismatchOf(agent) ? `⚠ ${mismatchOf(agent)}` : null, callsToday === undefined ? null : `${callsToday} ${callsToday === 1 ? "call" : "calls"} today`].filter(Boolean).join(" · ");
  const body = (
    <>
      <span className="agent-row-name">
        {agent.name}
        {agent.stale && <span className="stale-mark"> ⊘ stale</span>}
        {sub && <span className="agent-row-sub">{sub}</span>}
      </span>
      <span className="agent-chip" data-ramp={ramp.key} data-level={ramp.level}>
        <span className="agent-state" data-testid="agent-state">
          {label.status}
        </span>
        {label.detail && <span className="agent-row-detail">{label.detail}</span>}
      </span>
      <time className="agent-time" data-testid="agent-time" dateTime={`PT${seconds ?? 0}S`}>
        {time}
      </time>
    </>
  );
  return (
    <li className="agent-row" data-testid="agent-row" data-user={agent.user} data-state={agent.state} data-alert={alert} data-stale={agent.stale ? "true" : undefined} data-corrected={agent.correction ? "true" : undefined}>
      {onSelect ? (
        <button type="button" className="agent-row-button" onClick={() => onSelect(agent.user)} aria-haspopup="dialog">
          {body}
        </button>
      ) : (
        <div className="agent-row-button">{body}</div>
      )}
    </li>
  );
});
