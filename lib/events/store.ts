/**
 * The event store: appends agent events to Postgres with group commit (../db/group-commit.ts).
 *
 * `append` resolves only once the event is durable, so a source may acknowledge its sender
 * then: "stored" (committed in PostgreSQL), "duplicate" (an identical event is already
 * stored), or "spooled" (PostgreSQL is unreachable: the event is fsynced to the local spool
 * file and will be committed, in order and without duplicates, when the database is back).
 * Concurrent appends share one INSERT and one commit (or one spool write and one fsync).
 *
 * After each commit or spool write, listeners get the new events (not duplicates) before the
 * appenders are answered: the live board is never behind an acknowledged event, and keeps
 * updating while the database is down.
 */
import type { Db } from "../db/prisma";
import { GroupCommit } from "../db/group-commit";
import { dedupKey } from "./dedup";
import type { EventSpool } from "./spool";
import type { AppendOutcome, IncomingAgentEvent, StoredAgentEvent } from "./types";
import { insertAgentEvents } from "../queries/agent-events";

export type CommitListener = (events: StoredAgentEvent[]) => void;

export interface EventStoreStats {
  stored: number;
  duplicates: number;
  spooled: number;
  failed: number;
}

/** Replayed spool events go to PostgreSQL in chunks of this many. */
const REPLAY_CHUNK = 2000;
/** While spooling, PostgreSQL is probed at most this often (ms). */
const PROBE_EVERY_MS = 500;

export class EventStore {
  private readonly listeners: CommitListener[] = [];
  private readonly commits: GroupCommit<IncomingAgentEvent, AppendOutcome>;
  /** Dedup keys spooled during the current outage (PostgreSQL cannot be asked). */
  private readonly spooledKeys = new Set<string>();
  private spooling = false;
  private lastProbe = 0;
  /** Spooled events have no row id yet; these stand in (only used as a last tie-break). */
  private nextSpoolId = Number.MIN_SAFE_INTEGER;
  readonly stats: EventStoreStats = { stored: 0, duplicates: 0, spooled: 0, failed: 0 };

  constructor(
    private readonly db: Db,
    private readonly spool: EventSpool,
    private readonly onOutage: (down: boolean, err?: Error) => void = () => {},
    maxBatch = 2000,
  ) {
    this.commits = new GroupCommit((batch) => this.write(batch), maxBatch);
  }

  /** Registers a listener for durable new events (called synchronously after each write). */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** True while events go to the spool because PostgreSQL is unreachable. */
  get degraded(): boolean {
    return this.spooling;
  }

  /**
   * Queues an event and resolves once it is durable (see the module note). Rejects when the
   * database refused this event itself (PostgreSQL reachable but the row not storable):
   * nothing of it is kept and the sender must not be told it was.
   */
  append(event: IncomingAgentEvent): Promise<AppendOutcome> {
    return this.commits.submit(event).catch((err: Error) => {
      this.stats.failed++;
      throw err;
    });
  }

  /**
   * Commits what a previous run left in the spool (a crash or stop during an outage). Call at
   * start, before the live board is rebuilt from PostgreSQL. Throws if PostgreSQL fails.
   */
  async recover(): Promise<number> {
    return this.replay();
  }

  /** Resolves when everything queued so far is durable (or failed). */
  idle(): Promise<void> {
    return this.commits.idle();
  }

  private async write(batch: IncomingAgentEvent[]): Promise<AppendOutcome[]> {
    const keys = batch.map(dedupKey);
    if (this.spooling) {
      if (!(await this.reachable(true))) return this.spoolBatch(batch, keys);
      // Back: commit the spool first so events keep their order, then this batch.
      await this.replay();
      this.spooling = false;
      this.onOutage(false);
    }
    let ids: Map<string, number>;
    try {
      ids = await insertAgentEvents(this.db, batch, keys);
    } catch (err) {
      if (await this.reachable(false)) throw err;
      this.spooling = true;
      this.onOutage(true, err as Error);
      return this.spoolBatch(batch, keys);
    }
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
    this.notify(stored);
    return outcomes;
  }

  private async spoolBatch(batch: IncomingAgentEvent[], keys: string[]): Promise<AppendOutcome[]> {
    const fresh: StoredAgentEvent[] = [];
    const outcomes = batch.map((event, i): AppendOutcome => {
      if (this.spooledKeys.has(keys[i]!)) return "duplicate";
      this.spooledKeys.add(keys[i]!);
      fresh.push({ ...event, id: this.nextSpoolId++ });
      return "spooled";
    });
    // An event already stored before the outage may be spooled again; the replay skips it.
    if (fresh.length > 0) await this.spool.append(fresh.map(({ id: _id, ...e }) => e));
    this.stats.spooled += fresh.length;
    this.stats.duplicates += batch.length - fresh.length;
    this.notify(fresh);
    return outcomes;
  }

  private async replay(): Promise<number> {
    const events = await this.spool.readAll();
    for (let i = 0; i < events.length; i += REPLAY_CHUNK) {
      const chunk = events.slice(i, i + REPLAY_CHUNK);
      await insertAgentEvents(this.db, chunk, chunk.map(dedupKey));
    }
    if (events.length > 0) await this.spool.clear();
    this.spooledKeys.clear();
    return events.length;
  }

  private async reachable(throttled: boolean): Promise<boolean> {
    const now = Date.now();
    if (throttled && now - this.lastProbe < PROBE_EVERY_MS) return false;
    this.lastProbe = now;
    try {
      await this.db.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }

  private notify(events: StoredAgentEvent[]): void {
    if (events.length > 0) for (const listener of this.listeners) listener(events);
  }
}
