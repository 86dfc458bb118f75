"use client";
/**
 * Calls in progress: those waiting in a queue (oldest first) and those ringing or connected.
 * A panel beside the tiles on wide screens, under them on narrow ones; a supervisor can
 * fold it to a bar that still shows the counts. Calls waiting and ringing in the header are
 * the queue statistics' (the same numbers as the queue cards and the alerts).
 */
import { useMemo, useState } from "react";
import { panelCounts, platformWaitingCalls, splitCalls, type CallMap } from "@/lib/wall/calls";
import type { AgentMap } from "@/lib/wall/feed";
import type { QueueMap } from "@/lib/wall/queues";
import type { DialerInGroup } from "@/lib/dialer/types";
import { CallRow } from "./CallRow";

export interface CallsPanelProps {
  calls: CallMap;
  /** For queue names, service-level thresholds and the calls-waiting figures. */
  queues: QueueMap;
  /** For agents' names by phone extension. */
  agents?: AgentMap;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** Folded at first (phones: the agents come first). */
  startOpen?: boolean;
  /** VICIdial's in-groups on this wall: their waiting calls count with the queues' (listed on their own card). */
  inGroups?: readonly DialerInGroup[];
}

export function CallsPanel({ calls, queues, agents, serverNow, startOpen = true, inGroups = [] }: CallsPanelProps) {
  const [open, setOpen] = useState<boolean | null>(null);
  const shown = open ?? startOpen;
  const split = splitCalls(calls.values());
  const { active } = split;
  // Callers a platform lists without call ids (XuC) wait beside the calls we track.
  const listed = platformWaitingCalls(queues.values());
  const waiting = listed.length === 0 ? split.waiting : [...split.waiting, ...listed].sort((a, b) => a.enteredAt - b.enteredAt);
  const n = panelCounts(queues.values(), calls.values(), inGroups);
  const inGroupWaiting = inGroups.reduce((sum, g) => sum + g.waiting, 0);
  const byExtension = useMemo(() => {
    const m = new Map<string, string>();
    for (const a of agents?.values() ?? []) if (a.extension) m.set(a.extension, a.name);
    return m;
  }, [agents]);
  const agentName = (ext: string) => byExtension.get(ext) ?? null;

  return (
    <aside className="calls-panel" data-testid="calls-panel" data-open={shown ? "true" : "false"} aria-label="Calls in progress">
      <button type="button" className="calls-panel-toggle" aria-expanded={shown} onClick={() => setOpen(!shown)}>
        <span aria-hidden>{shown ? "▾" : "▸"}</span> Calls
        <span className="calls-panel-counts" data-testid="calls-counts">
          <span data-testid="calls-waiting" data-count={n.waiting}>
            {n.waiting} waiting
          </span>{" "}
          · <span data-testid="calls-ringing">{n.ringing} ringing an agent</span> · {n.connected} connected
        </span>
      </button>

      {shown && (
        <div className="calls-panel-body">
          <h2 className="calls-section-title">Waiting in queue</h2>
          {inGroupWaiting > 0 ? (
            <p className="calls-note" data-testid="calls-in-groups">
              {inGroupWaiting} waiting in VICIdial in-groups: listed under Calls waiting.
            </p>
          ) : null}
          {waiting.length === 0 ? (
            inGroupWaiting > 0 ? null : <p className="calls-empty">No call waiting.</p>
          ) : (
            <ol className="calls-list">
              {waiting.map((c) => (
                <CallRow key={`${c.pbx}:${c.id}`} call={c} queue={c.queue ? queues.get(c.queue) : undefined} serverNow={serverNow} agentName={agentName} />
              ))}
            </ol>
          )}

          <h2 className="calls-section-title">Ringing and connected</h2>
          {active.length === 0 ? (
            <p className="calls-empty">No call ringing or connected.</p>
          ) : (
            <ol className="calls-list">
              {active.map((c) => (
                <CallRow key={`${c.pbx}:${c.id}`} call={c} queue={c.queue ? queues.get(c.queue) : undefined} serverNow={serverNow} agentName={agentName} />
              ))}
            </ol>
          )}
        </div>
      )}
    </aside>
  );
}
