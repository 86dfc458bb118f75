/**
 * The event store: appends agent events to Postgres with group commit (../db/group-commit.ts).
 *
 * `append` resolves only after the event's row is committed (or found to be a duplicate), so
 * a source may acknowledge its sender then. Concurrent appends share one INSERT statement and
 * one commit.
 *
 * After each commit, listeners get the newly stored events (not duplicates), before the
 * appenders are answered: the live board is never behind an acknowledged event.
 */
import type { Db } from "../db/prisma";
import { GroupCommit } from "../db/group-commit";
import { dedupKey } from "./dedup";
import type { AppendOutcome, IncomingAgentEvent, StoredAgentEvent } from "./types";
import { insertAgentEvents } from "../queries/agent-events";

export type CommitListener = (events: StoredAgentEvent[]) => void;

export interface EventStoreStats {
  stored: number;
  duplicates: number;
  failed: number;
}

export class EventStore {
  private readonly listeners: CommitListener[] = [];
  private readonly commits: GroupCommit<IncomingAgentEvent, AppendOutcome>;
  readonly stats: EventStoreStats = { stored: 0, duplicates: 0, failed: 0 };

  constructor(db: Db, maxBatch = 2000) {
    this.commits = new GroupCommit((batch) => this.write(db, batch), maxBatch);
  }

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
    return this.commits.submit(event).catch((err: Error) => {
      this.stats.failed++;
      throw err;
    });
  }

  /** Resolves when everything queued so far is committed (or failed). */
  idle(): Promise<void> {
    return this.commits.idle();
  }

  private async write(db: Db, batch: IncomingAgentEvent[]): Promise<AppendOutcome[]> {
    const keys = batch.map(dedupKey);
    const ids = await insertAgentEvents(db, batch, keys);
    const stored: StoredAgentEvent[] = [];
    const outcomes = batch.map((event, i): AppendOutcome => {
      const id = ids.get(keys[i]!);
      if (id === undefined) return "duplicate";
      // The first of several identical events in one batch takes the row.
      ids.delete(keys[i]!);
      stored.push({ ...event, id });
      return "stored";
    });
    this.stats.stored += stored.length;
    this.stats.duplicates += batch.length - stored.length;
    if (stored.length > 0) for (const listener of this.listeners) listener(stored);
    return outcomes;
  }
}
