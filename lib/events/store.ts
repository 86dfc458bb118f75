/**
 * The event store: appends agent events to Postgres with group commit.
 *
 * `append` resolves only after the event's row is committed (or found to be a duplicate), so
 * a source may acknowledge its sender then. Concurrent appends share one INSERT statement and
 * one commit: while a batch is being written, new events queue up and go together in the
 * next one. One batch is in flight at a time, so commits happen in arrival order.
 *
 * After each commit, listeners get the newly stored events (not duplicates), before the
 * appenders are answered: the live board is never behind an acknowledged event.
 */
import type { Db } from "../db/prisma";
import { dedupKey } from "./dedup";
import type { AppendOutcome, IncomingAgentEvent, StoredAgentEvent } from "./types";
import { insertAgentEvents, type AgentEventRow } from "../queries/agent-events";

interface Pending {
  row: AgentEventRow;
  event: IncomingAgentEvent;
  resolve: (outcome: AppendOutcome) => void;
  reject: (err: Error) => void;
}

export type CommitListener = (events: StoredAgentEvent[]) => void;

export interface EventStoreStats {
  stored: number;
  duplicates: number;
  failed: number;
  batches: number;
  largestBatch: number;
}

export class EventStore {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private readonly listeners: CommitListener[] = [];
  readonly stats: EventStoreStats = { stored: 0, duplicates: 0, failed: 0, batches: 0, largestBatch: 0 };

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 2000,
  ) {}

  /** Registers a listener for committed events (called synchronously after each commit). */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /**
   * Queues an event and resolves once it is durable: "stored" (new row) or "duplicate" (an
   * identical event was stored before). Rejects when the database refused it or is unreachable;
   * then nothing of it is stored and the sender must not be told it was.
   */
  append(event: IncomingAgentEvent): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, row: toRow(event), resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Resolves when everything queued so far is committed (or failed). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.write(batch);
      }
    } finally {
      this.flushing = null;
    }
  }

  private async write(batch: Pending[]): Promise<void> {
    let ids: Map<string, number>;
    try {
      ids = await insertAgentEvents(this.db, batch.map((p) => p.row));
    } catch (err) {
      // One unstorable event must not fail its neighbours: retry them one by one.
      if (batch.length > 1) {
        for (const p of batch) await this.write([p]);
        return;
      }
      this.stats.failed++;
      batch[0]!.reject(err as Error);
      return;
    }
    this.stats.batches++;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, batch.length);
    const stored: StoredAgentEvent[] = [];
    const outcomes: AppendOutcome[] = [];
    for (const p of batch) {
      const id = ids.get(p.row.dedupKey);
      // The first of several identical events in one batch takes the row.
      if (id !== undefined) {
        ids.delete(p.row.dedupKey);
        stored.push({ ...p.event, id });
        outcomes.push("stored");
      } else {
        outcomes.push("duplicate");
      }
    }
    this.stats.stored += stored.length;
    this.stats.duplicates += batch.length - stored.length;
    if (stored.length > 0) for (const listener of this.listeners) listener(stored);
    batch.forEach((p, i) => p.resolve(outcomes[i]!));
  }
}

function toRow(e: IncomingAgentEvent): AgentEventRow {
  return {
    receivedAt: e.receivedAt,
    source: e.source,
    user: e.user,
    event: e.event,
    message: e.message,
    leadId: e.leadId,
    epoch: e.epoch,
    agentLogId: e.agentLogId,
    counter: e.counter,
    campaign: e.campaign,
    raw: JSON.stringify(e.raw),
    dedupKey: dedupKey(e),
  };
}
