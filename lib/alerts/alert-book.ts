/**
 * The alerts active now, with when each began. Fed with the candidates of each evaluation,
 * it says which alerts were raised, changed (message or severity) and cleared.
 *
 * Hysteresis: a candidate with `raiseAfterMs` is raised only once it has been a candidate
 * (not `holdOnly`) in every evaluation for that long; its `since` is when that began. A
 * `holdOnly` candidate keeps an active alert (the value is inside the threshold but within the
 * clearing margin) and resets a pending one. An alert clears when no candidate names it.
 */
import type { AlertCandidate } from "./evaluate";
import type { AlertView } from "./types";

export interface AlertChanges {
  raised: AlertView[];
  updated: AlertView[];
  cleared: AlertView[];
}

/** The public alert: the candidate without its evaluation hints, with its start. */
function toView(c: AlertCandidate, since: number): AlertView {
  const { holdOnly: _h, raiseAfterMs: _r, ...view } = c;
  return { ...view, since };
}

export class AlertBook {
  private readonly active = new Map<string, AlertView>();
  /** Candidates not raised yet: id → when (ms) they began to hold. */
  private readonly pending = new Map<string, number>();

  /** `now`: ms, server clock. */
  update(candidates: readonly AlertCandidate[], now: number): AlertChanges {
    const changes: AlertChanges = { raised: [], updated: [], cleared: [] };
    const seen = new Set<string>();
    for (const c of candidates) {
      seen.add(c.id);
      const prev = this.active.get(c.id);
      if (prev) {
        if (prev.severity !== c.severity || prev.message !== c.message || prev.campaigns.join() !== c.campaigns.join()) {
          const alert = toView(c, prev.since);
          this.active.set(c.id, alert);
          changes.updated.push(alert);
        }
        continue;
      }
      if (c.holdOnly) {
        this.pending.delete(c.id);
        continue;
      }
      const start = this.pending.get(c.id) ?? now;
      if (now - start >= (c.raiseAfterMs ?? 0)) {
        this.pending.delete(c.id);
        const alert = toView(c, start);
        this.active.set(c.id, alert);
        changes.raised.push(alert);
      } else {
        this.pending.set(c.id, start);
      }
    }
    for (const id of this.pending.keys()) if (!seen.has(id)) this.pending.delete(id);
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
