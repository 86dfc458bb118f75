"use client";
/**
 * One queue on walls and TVs: its name, then big figures in a row, each coloured green /
 * amber / red by the configured thresholds (lib/queues/figure-colours.ts) and with the level
 * in words: calls waiting, calls ringing an agent (its own number), longest wait, and the
 * window's service level, ASA, abandon rate, AHT, answered of offered. On desk screens the
 * formulas are one click away (the ⓘ button); TVs show none.
 *
 * A queue whose platform computes its own figures (XiVO XuC, issue 15) shows those instead of
 * our window figures, under the platform's name, with the platform's definitions as formulas
 * (its waiting callers are listed in the calls panel).
 */
import { useState } from "react";
import { formatDuration, formatSeconds } from "@/lib/format/duration";
import { formatPercent, longestWaitSeconds, queueMetrics } from "@/lib/wall/queues";
import { bandsFor, figureLevel, figureValue, levelWords, type Figure } from "@/lib/queues/figure-colours";
import type { QueueStats, StatsWindowName } from "@/lib/queues/types";
import { useFigureColours } from "./figure-colours";
import { platformFigureRows, platformLabel } from "@/lib/wall/platform-figures";

export interface QueueStatsBlockProps {
  stats: QueueStats;
  window: StatsWindowName;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** The strongest active alert about this queue. */
  alert?: "warning" | "critical";
  /** desk: formulas one click away; tv: none; phone: compact. */
  mode?: "desk" | "tv" | "phone";
}

export const WAITING_FORMULA = "Calls waiting = calls in the queue now, not answered and not ringing an agent's phone";
export const RINGING_FORMULA = "Ringing an agent = queue calls offered to an agent's phone now, not answered yet";
export const LONGEST_FORMULA = "Longest wait = age of the oldest unanswered call in the queue (waiting or ringing), server clock";

/** The queue's name as people say it: its configured name, else "Queue 700". */
export function queueTitle(stats: Pick<QueueStats, "name" | "queue">): string {
  return stats.name && stats.name !== stats.queue ? stats.name : `Queue ${stats.queue}`;
}

export function QueueStatsBlock({ stats, window, serverNow, alert, mode = "desk" }: QueueStatsBlockProps) {
  const [formulas, setFormulas] = useState(false);
  const bands = bandsFor(useFigureColours(), stats.queue);
  const longest = longestWaitSeconds(stats, serverNow);
  const w = stats.windows[window];
  const metrics = queueMetrics(stats, window);
  const level = (f: Figure) => figureLevel(f, figureValue(f, stats, window, longest), bands[f]);
  const a = stats.agents;
  const platform = stats.platformFigures ?? null;
  const platformRows = platform ? platformFigureRows(platform) : [];

  const figure = (f: Figure | null, key: string, label: string, value: string, testId: string, extra?: Record<string, string | number>) => {
    const l = f ? level(f) : null;
    return (
      <div className="queue-figure" key={key} data-figure={key} data-figure-level={l ?? undefined}>
        <dt className="queue-figure-label">{label}</dt>
        <dd className="queue-figure-value">
          <span className="queue-big" data-testid={testId} {...extra}>
            {value}
          </span>
          {l && f && <span className="queue-figure-word">{levelWords(f, l)}</span>}
        </dd>
      </div>
    );
  };

  return (
    <article className="queue-stats" data-testid="queue-stats" data-queue={stats.queue} data-alert={alert} data-mode={mode}>
      <header className="queue-head">
        <h3 className="queue-name">{queueTitle(stats)}</h3>
        <span className="queue-id">queue {stats.queue}</span>
        {alert && (
          <span className="queue-alert-badge" data-testid="queue-alert">
            <span aria-hidden>⚠ </span>
            {alert === "critical" ? "CRITICAL" : "ALERT"}
          </span>
        )}
        {mode === "desk" && (
          <button type="button" className="queue-formulas-toggle" aria-expanded={formulas} onClick={() => setFormulas((v) => !v)} data-testid="queue-formulas-toggle" title="How each figure is computed">
            Formulas <span aria-hidden>{formulas ? "▴" : "▾"}</span>
          </button>
        )}
      </header>
      <dl className="queue-figures">
        {figure("waiting", "waiting", "Calls waiting", String(stats.waiting), "queue-waiting", { "data-count": stats.waiting })}
        {!platform && figure(null, "ringing", "Ringing an agent", String(stats.ringing ?? 0), "queue-ringing", { "data-count": stats.ringing ?? 0 })}
        {figure("longestWait", "longest", "Longest wait", formatDuration(longest), "queue-longest-wait")}
        {platform
          ? platformRows.map((r) => (
              <div className="queue-figure" data-figure={`platform-${r.name}`} key={r.name}>
                <dt className="queue-figure-label" title={r.definition ?? undefined}>
                  {r.label}
                </dt>
                <dd className="queue-figure-value">
                  <span className="queue-big" data-testid="queue-platform-figure" data-counter={r.name}>
                    {r.value}
                  </span>
                </dd>
              </div>
            ))
          : [
              figure("serviceLevel", "sl", `SL ${stats.serviceLevelSec} s`, formatPercent(w.serviceLevel), "queue-sl"),
              figure("asa", "asa", "ASA", formatSeconds(w.asaSec), "queue-asa"),
              figure("abandonRate", "abandon-rate", "Abandoned", formatPercent(w.abandonRate), "queue-abandon-rate"),
              figure("aht", "aht", "AHT", formatSeconds(w.ahtSec), "queue-aht"),
              figure(null, "answered", "Answered", `${w.answered} / ${w.offered}`, "queue-counts"),
            ]}
      </dl>
      {platform && (
        <p className="queue-platform-note" data-testid="queue-platform-note">
          Figures computed by {platformLabel(platform.platform)} ({platform.source}), shown as it reports them
        </p>
      )}
      {formulas && mode === "desk" && (
        <ul className="queue-formulas" data-testid="queue-formulas">
          {platform ? (
            <>
              <li>Calls waiting and longest wait: {platformLabel(platform.platform)}&apos;s WaitingCalls and LongestWaitTime (counted up between its updates)</li>
              {platformFigureRows(platform, "all").map((r) => (r.definition ? <li key={r.name}>{r.definition}</li> : null))}
            </>
          ) : (
            <>
              <li>{WAITING_FORMULA}</li>
              <li>{RINGING_FORMULA}</li>
              <li>{LONGEST_FORMULA}</li>
              {metrics.map((m) => (
                <li key={m.key}>{m.formula}</li>
              ))}
              <li>Answered / offered: calls answered ÷ answered + abandoned, short abandons excluded</li>
            </>
          )}
        </ul>
      )}
      {mode !== "tv" && (
        <p className="queue-agents" title="Agents of the campaigns taking this queue's calls, from the live board">
          Agents: {a.ready} ready · {a.inCall} in call · {a.paused} paused · {a.wrapUp} wrap-up · {a.loggedIn} logged in
        </p>
      )}
    </article>
  );
}
