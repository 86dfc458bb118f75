/**
 * The alerts active now, with when each began. Fed with the candidates of each evaluation,
 * it says which alerts were raised, changed (message or severity) and cleared.
 */
import type { AlertCandidate } from "./evaluate";
import type { AlertView } from "./types";

export interface AlertChanges {
  raised: AlertView[];
  updated: AlertView[];
  cleared: AlertView[];
}

export class AlertBook {
  private readonly active = new Map<string, AlertView>();

  update(candidates: readonly AlertCandidate[], now: number): AlertChanges {
    const changes: AlertChanges = { raised: [], updated: [], cleared: [] };
    const seen = new Set<string>();
    for (const c of candidates) {
      seen.add(c.id);
      const prev = this.active.get(c.id);
      if (!prev) {
        const alert = { ...c, since: now };
        this.active.set(c.id, alert);
        changes.raised.push(alert);
      } else if (prev.severity !== c.severity || prev.message !== c.message || prev.campaigns.join() !== c.campaigns.join()) {
        const alert = { ...c, since: prev.since };
        this.active.set(c.id, alert);
        changes.updated.push(alert);
      }
    }
    for (const [id, alert] of this.active) {
      if (!seen.has(id)) {
        this.active.delete(id);
        changes.cleared.push(alert);
      }
    }
    return changes;
  }

  /** Active alerts, oldest first. */
  list(): AlertView[] {
    return [...this.active.values()].sort((a, b) => a.since - b.since);
  }
}
