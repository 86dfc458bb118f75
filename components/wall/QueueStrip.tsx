"use client";
/**
 * One block per queue of the wall's topic: calls waiting (VICIdial's ramp), the longest wait
 * ticking on the server clock, and one window's statistics, each with its formula. The window
 * toggle is the strip's own (default today). Renders nothing when the topic has no queues.
 */
import { useState } from "react";
import type { QueueMap } from "@/lib/wall/queues";
import { sortQueues, STATS_WINDOWS, windowCaption } from "@/lib/wall/queues";
import type { StatsWindowName } from "@/lib/queues/types";
import { QueueStatsBlock } from "./QueueStatsBlock";
import { InGroupBlocks } from "./InGroupBlocks";
import type { DialerSlice } from "@/lib/dialer/types";

export interface QueueStripProps {
  queues: QueueMap;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** Strongest active alert per queue: the block is highlighted. */
  alertQueues?: ReadonlyMap<string, "warning" | "critical">;
  /** desk: window toggle and formulas; tv: no controls; phone: compact. */
  mode?: "desk" | "tv" | "phone";
  /** VICIdial's in-groups and their waiting calls, shown after the PBX queues (issue 13). */
  dialer?: DialerSlice;
  /** In-groups with an active alert. */
  alertInGroups?: ReadonlyMap<string, "warning" | "critical">;
}

export function QueueStrip({ queues, serverNow, alertQueues, mode = "desk", dialer, alertInGroups }: QueueStripProps) {
  const [statsWindow, setStatsWindow] = useState<StatsWindowName>("today");
  const sorted = sortQueues(queues.values());
  const first = sorted[0];
  const inGroups = dialer !== undefined && (dialer.inGroups.length > 0 || dialer.waitingCalls.length > 0);
  if (!first && !inGroups) return null;

  return (
    <section className="queue-strip" data-testid="queue-strip" data-window={statsWindow} data-mode={mode} aria-label="Queues">
      <div className="queue-strip-bar">
        <span className="queue-strip-title">
          Queues {first && <span className="queue-strip-window">· {windowCaption(statsWindow, first.windows[statsWindow].from)}</span>}
        </span>
        {mode !== "tv" && first && (
        <div className="queue-window-toggle" role="group" aria-label="Statistics window" data-testid="queue-window-toggle">
          {STATS_WINDOWS.map((w) => (
            <button
              key={w.window}
              type="button"
              className="queue-window-button"
              data-testid="queue-window"
              data-window={w.window}
              aria-pressed={w.window === statsWindow}
              onClick={() => setStatsWindow(w.window)}
            >
              {w.label}
            </button>
          ))}
        </div>
        )}
      </div>
      <div className="queue-strip-list">
        {sorted.map((q) => (
          <QueueStatsBlock key={q.queue} stats={q} window={statsWindow} serverNow={serverNow} alert={alertQueues?.get(q.queue)} mode={mode} />
        ))}
        {dialer && <InGroupBlocks dialer={dialer} serverNow={serverNow} alertInGroups={alertInGroups} mode={mode} />}
      </div>
    </section>
  );
}
