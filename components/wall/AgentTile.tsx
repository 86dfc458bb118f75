"use client";
/**
 * One agent on the wall: name (and campaign on multi-campaign walls), state in words and
 * colour with its time in state always in the same place, then as many whole lines as the
 * tile's height allows (lib/wall/tile.ts): detail (pause code, disposition, phone mismatch,
 * notice in words), phone, calls today and lead, last event. Text that would not fit is
 * shortened (names abbreviated, least important parts dropped), never clipped; the full text
 * stays in the tile's accessible name and, where shortened, in a screen-reader-only copy.
 * Colours come from lib/wall/palette.ts by `data-ramp`.
 *
 * Variants (lib/wall/layout.ts): `full`; `compact` (500+ agents: name, state word, time);
 * `minimal` (1,000 agents: name, a short state code explained by the legend, time).
 * Memoised: a tile re-renders only when its agent, its second, its box or its alert changes;
 * on a tick (its second) only the timer, the colour ramp and the accessible name are redone.
 */
import { memo, useMemo, type KeyboardEvent } from "react";
import type { AgentView } from "@/lib/agents/view";
import type { AlertView } from "@/lib/alerts/types";
import { STATE_CODE } from "@/lib/wall/arrange";
import { formatDuration } from "@/lib/format/duration";
import { noticeWords } from "@/lib/wall/event-words";
import { mismatchOf, recentNotice, stateLabel } from "@/lib/wall/labels";
import type { TileVariant } from "@/lib/wall/layout";
import { rampOf } from "@/lib/wall/ramps";
import {
  fitName,
  fitParts,
  ALERT_PART_PAD_EM,
  type AlertPartStyle,
  LINE_FONT_EM,
  linesThatFit,
  OPTIONAL_LINES,
  stateLineScale,
  TILE_BORDER_EM,
  TILE_PAD_X_EM,
  tileContent,
  tileDescription,
  type TileLineKind,
  type TilePart,
} from "@/lib/wall/tile";
import { textMeasure } from "./measure";
import { useRampThresholds } from "./ramp-thresholds";

/** The tile's cell (px) and font (px), from the grid's fit; null before the box is measured. */
export interface TileBox {
  width: number;
  height: number;
  font: number;
}

export interface AgentTileProps {
  agent: AgentView;
  /** Whole seconds in state (server clock); null before the browser clock is known. */
  seconds: number | null;
  /** Whole seconds since the agent's last event; null before the clock is known. */
  lastEventSec: number | null;
  /** Whether the agent's notice is still recent (lib/wall/labels.ts). */
  showNotice: boolean;
  variant?: TileVariant;
  box?: TileBox | null;
  /** Multi-campaign walls write the agent's campaign on the tile. */
  showCampaign?: boolean;
  /** Calls handled today, when known. */
  callsToday?: number;
  /** The strongest active alert about this agent. */
  alert?: AlertView["severity"];
  /** Desk screens: opens the agent's day. */
  onSelect?: (user: string) => void;
}

const LINE_TESTID: Partial<Record<TileLineKind, string>> = { detail: "agent-detail-line", phone: "agent-phone", figures: "agent-figures", lead: "agent-lead", last: "agent-last-event" };

function AgentTileImpl({ agent, seconds, lastEventSec, showNotice, variant = "full", box, showCampaign, callsToday, alert, onSelect }: AgentTileProps) {
  const thresholds = useRampThresholds(agent.campaign);
  const dense = variant !== "full";

  // What does not move with the clock: worked out when the agent, the box or the wall's options
  // change, not at every tick (a 500-agent wall re-renders every tile once a second).
  const fixed = useMemo(() => {
    const label = stateLabel(agent);
    // Widths available to a line's text (px) and the browser's text measure at each line's size.
    const font = box?.font ?? 0;
    const inner = box ? box.width - 2 * (TILE_PAD_X_EM + TILE_BORDER_EM) * font - 2 : 0;
    const stateEm = dense ? 1.05 : LINE_FONT_EM.state;
    const nameEm = dense ? 0.95 : LINE_FONT_EM.head;
    const measureName = box ? textMeasure(700, font * nameEm) : null;
    const measureState = box ? textMeasure(800, font * stateEm) : null;
    const measureSub = box ? textMeasure(700, font * LINE_FONT_EM.detail) : null;
    // A part in the alert tone: heavier type in a padded box (app/globals.css, ALERT_PART_PAD_EM).
    const alertMeasure = box ? textMeasure(800, font * LINE_FONT_EM.detail) : null;
    const alertPart: AlertPartStyle | undefined = alertMeasure ? { measure: alertMeasure, padding: 2 * ALERT_PART_PAD_EM * font * LINE_FONT_EM.detail } : undefined;
    const campaign = showCampaign ? agent.campaign : null;
    const campaignWidth = campaign && measureSub ? measureSub(campaign) + font * 0.9 : 0;
    const name = measureName ? fitName(agent.name, inner - campaignWidth - (agent.stale ? font * 1.2 : 0), measureName) : agent.name;
    const stateWord = variant === "minimal" ? STATE_CODE[agent.state] : label.status;
    const head = (
      <div className="tile-line tile-head">
        <span className="agent-name" data-testid="agent-name">
          {name}
        </span>
        {name !== agent.name && <span className="sr-only"> ({agent.name})</span>}
        {agent.stale && (
          <span className="stale-mark" data-testid="agent-stale" title="No event from this agent for a while">
            ⊘<span className="sr-only"> stale</span>
          </span>
        )}
        {campaign && (
          <span className="tile-campaign" data-testid="agent-campaign">
            {campaign}
          </span>
        )}
      </div>
    );
    return { label, font, inner, stateEm, measureState, measureSub, alertPart, stateWord, head };
  }, [agent, box, dense, variant, showCampaign]);

  const s = seconds ?? 0;
  const ramp = rampOf(agent.state, s, thresholds);
  const time = seconds === null ? "–:––" : formatDuration(s);
  // The state word shrinks only for an unusually long word next to the timer; the timer's
  // width changes only when it gains a digit, so this is redone then, not every second.
  const timeKey = time.length < 5 ? "00:00" : time;
  const { label, font, inner, stateEm, measureState, stateWord } = fixed;
  const scale = useMemo(
    () => (measureState ? stateLineScale(measureState(stateWord), measureState(timeKey), font * 0.4 * stateEm, inner) : 1),
    [measureState, stateWord, timeKey, font, stateEm, inner],
  );
  const stateSpan = useMemo(
    () => (
      <span className="agent-state" data-testid="agent-state" style={scale < 1 ? { fontSize: `${scale}em` } : undefined}>
        {stateWord}
        {label.detail && <span className="sr-only"> {label.detail}</span>}
      </span>
    ),
    [scale, stateWord, label.detail],
  );

  // Optional lines: full tiles only (dense tiles show none once measured). Their "… ago" moves
  // with the clock, so they follow `lastEventSec`; dense tiles skip this work altogether.
  const needLines = !dense || !box;
  const optional = useMemo(() => {
    if (!needLines) return { count: 0, elements: null };
    const content = tileContent(agent, { serverNow: lastEventSec === null ? null : agent.lastEventAt + lastEventSec * 1000, callsToday });
    if (!showNotice) content.detail = content.detail.filter((p) => p.drop < 2);
    const present = OPTIONAL_LINES.filter((k) => content[k as Exclude<TileLineKind, "head" | "state">].length > 0);
    const lines = !dense && box ? linesThatFit(box.height, font, present) : box ? [] : present;
    const measureSub = fixed.measureSub;
    const elements = lines.map((kind) => {
      const parts = content[kind as Exclude<TileLineKind, "head" | "state">];
      const shown: TilePart[] = measureSub ? fitParts(parts, inner, measureSub, undefined, fixed.alertPart) : parts;
      return (
        <div key={kind} className={`tile-line tile-sub tile-${kind}`} data-testid={LINE_TESTID[kind]}>
          {shown.map((p, i) => (
            <span key={i} className="tile-part-wrap">
              {i > 0 ? " · " : ""}
              <span className="tile-part" data-tone={p.tone} title={p.title} data-testid={p.title ? "agent-state-detail" : undefined}>
                {p.text}
              </span>
              {p.full !== undefined && <span className="sr-only"> ({p.full})</span>}
            </span>
          ))}
        </div>
      );
    });
    return { count: lines.length, elements };
    // lastEventSec only matters where lines are shown: dense tiles do not redo this each second.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needLines, agent, box, dense, font, inner, fixed, showNotice, callsToday, needLines ? lastEventSec : null]);

  const notice = showNotice ? agent.notice : null;
  const description = tileDescription(agent, label, time, { showCampaign, noticeWords: notice ? noticeWords(notice) : null, alert });
  const interactive = useMemo(
    () =>
      onSelect
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
        : {},
    [onSelect, agent.user],
  );

  const common = {
    "data-testid": "agent-tile",
    "data-user": agent.user,
    "data-state": agent.state,
    "data-ramp": ramp.key,
    "data-level": ramp.level,
    "data-variant": variant,
    "data-lines": 2 + optional.count,
    "data-stale": agent.stale ? "true" : undefined,
    "data-mismatch": mismatchOf(agent) ? "true" : undefined,
    "data-corrected": agent.correction ? "true" : undefined,
    "data-alert": alert,
    "aria-label": description,
    title: description,
    ...interactive,
  };

  return (
    <article className="agent-tile" {...common}>
      {fixed.head}
      <div className="tile-line tile-state">
        {stateSpan}
        <time className="agent-time" data-testid="agent-time" dateTime={`PT${s}S`}>
          {time}
        </time>
      </div>
      {optional.elements}
    </article>
  );
}

export const AgentTile = memo(AgentTileImpl);

/** Props of a tile at `serverNow` (ms, server clock; null before the clock is known). */
export function tileTimes(agent: AgentView, serverNow: number | null): Pick<AgentTileProps, "seconds" | "lastEventSec" | "showNotice"> {
  if (serverNow === null) return { seconds: null, lastEventSec: null, showNotice: false };
  // An agent never seen changing state (only informational events) has no time in state.
  if (!(agent.stateSince > 0)) return { seconds: null, lastEventSec: Math.max(0, Math.floor((serverNow - agent.lastEventAt) / 1000)), showNotice: recentNotice(agent.notice, serverNow) !== null };
  return {
    seconds: Math.max(0, Math.floor((serverNow - agent.stateSince) / 1000)),
    lastEventSec: Math.max(0, Math.floor((serverNow - agent.lastEventAt) / 1000)),
    showNotice: recentNotice(agent.notice, serverNow) !== null,
  };
}
