/**
 * The last events the sources received, with how each was interpreted or why it was refused:
 * what the admin's push page shows live. In memory, bounded (newest first).
 */
import { effectOf } from "../agents/status";
import type { IngestLogEntry } from "../api/admin";

const CAPACITY = 200;

export class IngestLog {
  private readonly entries: IngestLogEntry[] = [];
  private readonly listeners = new Set<(e: IngestLogEntry) => void>();

  accepted(at: number, source: string, outcome: string, e: { user: string; event: string; message: string | null; campaign: string | null }): void {
    const effect = effectOf(e.event);
    const interpretation =
      effect.kind === "status" ? `state → ${effect.status}` : effect.kind === "ready" ? "state → READY or CLOSER" : effect.kind === "disposition" ? `disposition ${e.message ?? ""}`.trim() : "informational";
    this.add({ at, source, status: 200, outcome, user: e.user, event: e.event, message: e.message, campaign: e.campaign, interpretation });
  }

  refused(at: number, source: string, status: number, reason: string): void {
    this.add({ at, source, status, outcome: null, user: null, event: null, message: null, campaign: null, interpretation: reason });
  }

  /** Newest first. */
  list(): IngestLogEntry[] {
    return [...this.entries];
  }

  subscribe(listener: (e: IngestLogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private add(e: IngestLogEntry): void {
    this.entries.unshift(e);
    if (this.entries.length > CAPACITY) this.entries.pop();
    for (const l of this.listeners) l(e);
  }
}
