/**
 * One agent on the wall: status in words and colour, time in status, lead, last event, and
 * the phone (extension, PBX status, a flag when phone and VICIdial disagree).
 * Colours come from globals.css by `data-ramp` (lib/board/ramps.ts), so the tile itself
 * holds no palette.
 *
 * Three variants (lib/board/layout.ts): `full`; `compact` (500+ agents: name, state word,
 * time); `minimal` (1,000 agents: name, a short state code explained by the wall's legend,
 * time). Memoised: a tile re-renders only when its agent, its second or its alert changes.
 */
import { memo, type KeyboardEvent } from "react";
import type { AgentView } from "@/lib/agents/view";
import type { AlertView } from "@/lib/alerts/types";
import { STATE_CODE } from "@/lib/board/arrange";
import { formatDuration } from "@/lib/board/duration";
import { noticeText, recentNotice, stateLabel } from "@/lib/board/labels";
import type { TileVariant } from "@/lib/board/layout";
import { rampOf } from "@/lib/board/ramps";
import { useRampThresholds } from "./ramp-thresholds";
import { AgentPhone } from "./AgentPhone";

export interface AgentTileProps {
  agent: AgentView;
  /** Whole seconds in state (server clock); null before the browser clock is known. */
  seconds: number | null;
  /** Whole seconds since the agent's last event; null before the clock is known. */
  lastEventSec: number | null;
  /** Whether the agent's notice is still recent (lib/board/labels.ts). */
  showNotice: boolean;
  variant?: TileVariant;
  /** The strongest active alert about this agent. */
  alert?: AlertView["severity"];
  /** Desk screens: opens the agent's day. */
  onSelect?: (user: string) => void;
}

function AgentTileImpl({ agent, seconds, lastEventSec, showNotice, variant = "full", alert, onSelect }: AgentTileProps) {
  const s = seconds ?? 0;
  const ramp = rampOf(agent.state, s, useRampThresholds(agent.campaign));
  const label = stateLabel(agent);
  const notice = showNotice ? agent.notice : null;
  const time = seconds === null ? "–:––" : formatDuration(s);
  const description = `${agent.name}: ${label.status}${label.detail ? ` ${label.detail}` : ""}, ${time} (min:s) in state${
    agent.phoneMismatch ? `, phone mismatch: ${agent.phoneMismatch}` : ""
  }${alert ? `, ${alert} alert` : ""}`;
  const interactive = onSelect
    ? {
        role: "button",
        tabIndex: 0,
        "aria-haspopup": "dialog" as const,
        onClick: () => onSelect(agent.user),
        onKeyDown: (e: KeyboardEvent) => {
          if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            onSelect(agent.user);
          }
        },
      }
    : {};
  const common = {
    "data-testid": "agent-tile",
    "data-user": agent.user,
    "data-state": agent.state,
    "data-ramp": ramp.key,
    "data-level": ramp.level,
    "data-variant": variant,
    "data-stale": agent.stale ? "true" : undefined,
    "data-mismatch": agent.phoneMismatch ? "true" : undefined,
    "data-alert": alert,
    "aria-label": description,
    title: variant === "full" ? undefined : description,
    ...interactive,
  };

  if (variant !== "full") {
    return (
      <article className="agent-tile" {...common}>
        <div className="agent-name truncate">{agent.name}</div>
        <div className="agent-tile-line">
          <span className="agent-state" data-testid="agent-state">
            {variant === "minimal" ? STATE_CODE[agent.state] : label.status}
            {agent.stale && <span className="agent-stale-mark" data-testid="agent-stale" title="stale"> ⊘</span>}
          </span>
          <time className="agent-time" data-testid="agent-time" dateTime={`PT${s}S`}>
            {time}
          </time>
        </div>
      </article>
    );
  }

  return (
    <article className="agent-tile" {...common}>
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
            <span className="agent-state-detail" title={label.detailSource ?? undefined} data-testid="agent-state-detail" data-source={label.detailSource ?? undefined}>
              <span className="sr-only"> · </span>
              {label.detail}
            </span>
          )}
        </span>
        <time className="agent-time ml-auto" data-testid="agent-time" dateTime={`PT${s}S`}>
          {time}
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
              {lastEventSec !== null && <span className="opacity-75"> · {formatDuration(lastEventSec)} ago</span>}
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

export const AgentTile = memo(AgentTileImpl);

/** Props of a tile at `serverNow` (ms, server clock; null before the clock is known). */
export function tileTimes(agent: AgentView, serverNow: number | null): Pick<AgentTileProps, "seconds" | "lastEventSec" | "showNotice"> {
  if (serverNow === null) return { seconds: null, lastEventSec: null, showNotice: false };
  return {
    seconds: Math.max(0, Math.floor((serverNow - agent.stateSince) / 1000)),
    lastEventSec: Math.max(0, Math.floor((serverNow - agent.lastEventAt) / 1000)),
    showNotice: recentNotice(agent.notice, serverNow) !== null,
  };
}
