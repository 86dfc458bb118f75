/**
 * The header counters of VICIdial's real-time report (logged in, ready, in call, paused,
 * dispo, dead, stale): the first numbers a supervisor reads, on every wall and TV view.
 * Accents come from lib/wall/palette.ts by `data-family`.
 */
import type { AgentCounts } from "@/lib/agents/view";

/** Counter order and labels; keys are AgentCounts' and name the `count-<key>` test hooks. */
export const COUNTERS: readonly { key: keyof AgentCounts; label: string; family: string }[] = [
  { key: "loggedIn", label: "Logged in", family: "total" },
  { key: "ready", label: "Ready", family: "ready" },
  { key: "inCall", label: "In call", family: "incall" },
  { key: "paused", label: "Paused", family: "paused" },
  { key: "dispo", label: "Dispo", family: "dispo" },
  { key: "dead", label: "Dead", family: "dead" },
  { key: "stale", label: "Stale", family: "stale" },
];

export function WallCounters({ counts }: { counts: AgentCounts }) {
  return (
    <ul className="wall-counters" aria-label="Agent counts" data-testid="wall-counters">
      {COUNTERS.map(({ key, label, family }) => (
        <li key={key} className="wall-counter" data-family={family}>
          <span className="wall-counter-value" data-testid={`count-${key}`}>
            {counts[key]}
          </span>
          <span className="wall-counter-label">{label}</span>
        </li>
      ))}
    </ul>
  );
}
