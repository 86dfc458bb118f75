"use client";
/**
 * The tiles: logged-in agents in wall order (lib/board/sort.ts), then the logged-out ones,
 * dimmed, in a group a supervisor can fold away.
 */
import { useState } from "react";
import type { AgentView } from "@/lib/agents/view";
import { partitionAgents } from "@/lib/board/sort";
import { AgentTile } from "./AgentTile";

export interface AgentGridProps {
  agents: Iterable<AgentView>;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** False until the first snapshot: tells "loading" from "no agents". */
  synced: boolean;
}

/** Smaller tiles as the wall fills up, so 100+ agents still fit a TV screen. */
function densityOf(count: number): "normal" | "compact" | "dense" {
  if (count > 80) return "dense";
  if (count > 30) return "compact";
  return "normal";
}

export function AgentGrid({ agents, serverNow, synced }: AgentGridProps) {
  const { active, loggedOut } = partitionAgents(agents);
  const [showLoggedOut, setShowLoggedOut] = useState(true);
  const density = densityOf(active.length + (showLoggedOut ? loggedOut.length : 0));

  if (active.length === 0 && loggedOut.length === 0) {
    return (
      <p className="wall-empty" data-testid="wall-empty">
        {synced ? "No agents on this wall yet." : "Waiting for the server…"}
      </p>
    );
  }

  return (
    <div className="agent-grid-wrap" data-density={density}>
      {active.length > 0 ? (
        <section className="agent-grid" aria-label="Logged-in agents" data-testid="agent-grid">
          {active.map((a) => (
            <AgentTile key={a.user} agent={a} serverNow={serverNow} />
          ))}
        </section>
      ) : (
        <p className="wall-empty">No agent logged in.</p>
      )}

      {loggedOut.length > 0 && (
        <details
          className="logged-out-group"
          data-testid="logged-out-group"
          open={showLoggedOut}
          onToggle={(e) => setShowLoggedOut(e.currentTarget.open)}
        >
          <summary>Logged out ({loggedOut.length})</summary>
          <section className="agent-grid" aria-label="Logged-out agents">
            {loggedOut.map((a) => (
              <AgentTile key={a.user} agent={a} serverNow={serverNow} />
            ))}
          </section>
        </details>
      )}
    </div>
  );
}
