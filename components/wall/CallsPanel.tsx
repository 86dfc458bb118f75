"use client";
/**
 * Calls in progress: those waiting in a queue (oldest first) and those ringing or connected.
 * A panel beside the tiles on wide screens, under them on narrow ones; a supervisor can
 * fold it to a bar that still shows the counts.
 */
import { useState } from "react";
import { countCalls, splitCalls, type CallMap } from "@/lib/board/calls";
import type { QueueMap } from "@/lib/board/queues";
import { CallRow } from "./CallRow";

export interface CallsPanelProps {
  calls: CallMap;
  /** For queue names and service-level thresholds. */
  queues: QueueMap;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
}

export function CallsPanel({ calls, queues, serverNow }: CallsPanelProps) {
  const [open, setOpen] = useState(true);
  const { waiting, active } = splitCalls(calls.values());
  const n = countCalls(calls.values());

  return (
    <aside className="calls-panel" data-testid="calls-panel" data-open={open ? "true" : "false"} aria-label="Calls in progress">
      <button type="button" className="calls-panel-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden>{open ? "▾" : "▸"}</span> Calls
        <span className="calls-panel-counts" data-testid="calls-counts">
          {n.waiting} waiting · {n.ringing} ringing · {n.connected} connected
        </span>
      </button>

      {open && (
        <div className="calls-panel-body">
          <h2 className="calls-section-title">Waiting ({waiting.length})</h2>
          {waiting.length === 0 ? (
            <p className="calls-empty">No call waiting.</p>
          ) : (
            <ol className="calls-list">
              {waiting.map((c) => (
                <CallRow key={`${c.pbx}:${c.id}`} call={c} queue={c.queue ? queues.get(c.queue) : undefined} serverNow={serverNow} />
              ))}
            </ol>
          )}

          <h2 className="calls-section-title">Active ({active.length})</h2>
          {active.length === 0 ? (
            <p className="calls-empty">No call ringing or connected.</p>
          ) : (
            <ol className="calls-list">
              {active.map((c) => (
                <CallRow key={`${c.pbx}:${c.id}`} call={c} queue={c.queue ? queues.get(c.queue) : undefined} serverNow={serverNow} />
              ))}
            </ol>
          )}
        </div>
      )}
    </aside>
  );
}
