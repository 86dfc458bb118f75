/**
 * The event store: appends agent events to PostgreSQL with group commit
 * (../db/group-commit.ts).
 *
 * `append` resolves only once the event is durable, so a source may acknowledge its sender
 * then: "stored" (committed in PostgreSQL), "duplicate" (a copy of the same event is already
 * stored; if this copy was better — the hook's exact text, a campaign or a lead the stored one
 * lacked — the stored copy is improved, lib/events/dedup.ts), or "spooled" (PostgreSQL is
 * unreachable: the event is fsynced to the local spool file and will be committed, in order
 * and without duplicates, when the database is back). Concurrent appends share one statement
 * and one commit (or one spool write and one fsync).
 *
 * After each commit or spool write, listeners get the new events (and the improved copies,
 * flagged `merged`) before the appenders are answered: the live board is never behind an
 * acknowledged event, and keeps updating while the database is down.
 *
 * Rejections, never a false 200: {@link EventRefusedError} when PostgreSQL refused the event
 * itself (final: the source answers 400); otherwise the source answers 503 — the spool could
 * not be written (disk full, its size cap: SpoolFullError), or more than `maxPending` events
 * are already waiting ({@link IngestBusyError}). A timeout or a lost connection is an outage:
 * the events go to the spool (issue 11 item 8).
 */
import type pg from "pg";
import { GroupCommit, type Written } from "../db/group-commit";
import { isDataError } from "../db/errors";
import { pingPostgres } from "../db/pg-pool";
import { dedupKey, mergeCopies } from "./dedup";
import type { EventSpool } from "./spool";
import type { AppendOutcome, IncomingAgentEvent, StoredAgentEvent } from "./types";
import { prepareAgentEvent, upsertAgentEvents, type PreparedAgentEvent } from "../queries/agent-events";

export type CommitListener = (events: StoredAgentEvent[]) => void;

/** A batch write: each event's answer, and what listeners get (the new and the improved events). */
type BatchWritten = Written<AppendOutcome, StoredAgentEvent[]>;

export interface EventStoreStats {
  stored: number;
  duplicates: number;
  /** Duplicates that improved the stored copy. */
  merged: number;
  spooled: number;
  failed: number;
  /** Spooled records PostgreSQL refused at replay (moved to the quarantine file). */
  quarantined: number;
}

export interface EventStoreOptions {
  /** Outage switches: `down` true when ingest starts spooling, false when it is back. */
  onOutage?: (down: boolean, err?: Error) => void;
  /** A spooled record refused at replay, moved to the quarantine file. */
  onQuarantine?: (event: IncomingAgentEvent, reason: string) => void;
  /** Events per statement. */
  maxBatch?: number;
  /** Events waiting for their commit beyond which appends are refused at once. */
  maxPending?: number;
  /** Dedup keys remembered during one outage (beyond: later copies are spooled again; the replay's upsert still stores each event once). */
  maxSpooledKeys?: number;
}

/** Replayed spool events go to PostgreSQL in chunks of this many. */
const REPLAY_CHUNK = 2000;
/** While spooling, PostgreSQL is probed at most this often (ms). */
const PROBE_EVERY_MS = 500;

/**
 * PostgreSQL refused the event itself (a data exception, SQLSTATE class 22, an integrity
 * violation, 23, or a program limit, 54): retrying cannot help, the sender is told it is bad.
 * Any other failure (timeouts, lost connections, locks) sends events to the spool instead.
 */
export class EventRefusedError extends Error {
  constructor(readonly cause: Error) {
    super(`event refused by the database: ${cause.message.split("\n")[0]}`);
  }
}

/** Too many events are waiting for their commit: refused without being stored. */
export class IngestBusyError extends Error {
  constructor(pending: number) {
    super(`ingest busy: ${pending} events waiting for their commit`);
  }
}

export class EventStore {
  private readonly listeners: CommitListener[] = [];
  private readonly commits: GroupCommit<PreparedAgentEvent, AppendOutcome, StoredAgentEvent[]>;
  /** Events spooled during the current outage, by dedup key (PostgreSQL cannot be asked). */
  private readonly spooledKeys = new Map<string, StoredAgentEvent>();
  private spooling = false;
  private lastProbe = 0;
  /** Spooled events have no row id yet; these stand in (only used as a last tie-break). */
  private nextSpoolId = Number.MIN_SAFE_INTEGER;
  private readonly maxPending: number;
  private readonly maxSpooledKeys: number;
  /** Serialises batch writes and the background recovery (one at a time, in order). */
  private lock: Promise<unknown> = Promise.resolve();
  /** Works holding or waiting for the lock. */
  private holders = 0;
  /** While spooling: probes PostgreSQL and commits the spool even when no event arrives. */
  private recoveryTimer: NodeJS.Timeout | null = null;
  readonly stats: EventStoreStats = { stored: 0, duplicates: 0, merged: 0, spooled: 0, failed: 0, quarantined: 0 };

  constructor(
    private readonly pool: pg.Pool,
    private readonly spool: EventSpool,
    private readonly options: EventStoreOptions = {},
  ) {
    // Listeners run once the next batch's write has started (lib/db/group-commit.ts), and before
    // the appenders are answered.
    this.commits = new GroupCommit((batch) => this.exclusive(() => this.write(batch)), {
      maxBatch: options.maxBatch ?? 2000,
      publish: (changed) => this.notify(changed),
    });
    this.maxPending = options.maxPending ?? 50_000;
    this.maxSpooledKeys = options.maxSpooledKeys ?? 1_000_000;
  }

  /** Registers a listener for durable new events (called synchronously after each write). */
  onCommitted(listener: CommitListener): void {
    this.listeners.push(listener);
  }

  /** True while events go to the spool because PostgreSQL is unreachable. */
  get degraded(): boolean {
    return this.spooling;
  }

  /** Events waiting for their commit now. */
  get pending(): number {
    return this.commits.pending;
  }

  /** Resolves once the event is durable (see the module note); rejects as described there. */
  append(event: IncomingAgentEvent): Promise<AppendOutcome> {
    if (this.commits.pending >= this.maxPending) {
      this.stats.failed++;
      return Promise.reject(new IngestBusyError(this.commits.pending));
    }
    // The key and the row are made now, while the previous batch is being written.
    return this.commits.submit(prepareAgentEvent(event, dedupKey(event))).catch((err: Error) => {
      this.stats.failed++;
      throw err;
    });
  }

  /**
   * Commits what previous runs left in spools (a crash or stop during an outage: this
   * process's spool and the `orphans`, which are deleted once committed). Call at start,
   * before the live board is rebuilt from PostgreSQL; events appended meanwhile wait for it.
   * Returns the number of events read. Throws if PostgreSQL fails.
   */
  async recover(orphans: readonly EventSpool[] = []): Promise<number> {
    // Through the write lock: pushes arriving meanwhile are committed after the spooled ones.
    return this.exclusive(async () => {
      let n = await this.replay();
      for (const orphan of orphans) {
        n += await this.replay(orphan);
        await orphan.remove();
      }
      return n;
    });
  }

  /** Resolves when everything queued so far is durable (or failed). */
  async idle(): Promise<void> {
    await this.commits.idle();
    await this.lock.catch(() => {});
  }

  /** Stops the background recovery (the spool stays for the next start). */
  close(): void {
    this.setSpooling(false);
  }

  /**
   * Runs `work` after the writes and recoveries queued before it. With nothing queued it
   * starts at once (in the caller's turn), so a batch's statement is sent as soon as the
   * previous batch is done.
   */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.holders === 0 ? work() : this.lock.catch(() => {}).then(work);
    this.holders++;
    const done = run.finally(() => {
      this.holders--;
    });
    this.lock = done;
    return done;
  }

  private setSpooling(on: boolean): void {
    this.spooling = on;
    if (on && !this.recoveryTimer) {
      this.recoveryTimer = setInterval(() => void this.exclusive(() => this.recoverInBackground()), PROBE_EVERY_MS);
      this.recoveryTimer.unref();
    } else if (!on && this.recoveryTimer) {
      clearInterval(this.recoveryTimer);
      this.recoveryTimer = null;
    }
  }

  /** While spooling and idle: when PostgreSQL answers, commit the spool and leave the outage. */
  private async recoverInBackground(): Promise<void> {
    if (!this.spooling || !(await this.reachable(true))) return;
    try {
      await this.replay();
    } catch {
      this.lastProbe = Date.now();
      return;
    }
    this.setSpooling(false);
    this.options.onOutage?.(false);
  }

  private async write(batch: PreparedAgentEvent[]): Promise<BatchWritten> {
    if (this.spooling) {
      if (!(await this.reachable(true))) return this.spoolBatch(batch);
      // Back: commit the spool first so events keep their order, then this batch.
      try {
        await this.replay();
      } catch {
        this.lastProbe = Date.now();
        return this.spoolBatch(batch);
      }
      this.setSpooling(false);
      this.options.onOutage?.(false);
    }
    const { unique, firstOf } = collapse(batch);
    let results;
    try {
      results = await upsertAgentEvents(this.pool, unique);
    } catch (err) {
      // A bad row: the group commit retries the batch one event at a time, so only the
      // culprit is refused. Anything else (timeout, lost connection): keep the events safe.
      if (isDataError(err)) throw new EventRefusedError(err as Error);
      this.setSpooling(true);
      this.lastProbe = Date.now();
      this.options.onOutage?.(true, err as Error);
      return this.spoolBatch(batch);
    }
    const changed: StoredAgentEvent[] = [];
    for (const p of unique) {
      const r = results.get(p.key);
      if (r?.kind === "inserted") changed.push({ ...p.event, id: r.id });
      else if (r?.kind === "merged") changed.push({ ...r.stored, merged: true });
    }
    const outcomes = batch.map((p, i): AppendOutcome => (firstOf[i] && results.get(p.key)?.kind === "inserted" ? "stored" : "duplicate"));
    const stored = outcomes.filter((o) => o === "stored").length;
    this.stats.stored += stored;
    this.stats.duplicates += batch.length - stored;
    this.stats.merged += changed.length - stored;
    return { results: outcomes, publish: changed };
  }

  /**
   * Spools what is new in the batch (and copies that improve a spooled event: the replay's
   * upsert merges them), one write and one fsync; only after the fsync are the keys
   * remembered and the listeners told (issue 11 item 1). Throws when the write fails.
   */
  private async spoolBatch(batch: PreparedAgentEvent[]): Promise<BatchWritten> {
    const toWrite: IncomingAgentEvent[] = [];
    const changed = new Map<string, StoredAgentEvent>();
    const outcomes = batch.map(({ event, key }): AppendOutcome => {
      const known = changed.get(key) ?? this.spooledKeys.get(key);
      if (!known) {
        toWrite.push(event);
        changed.set(key, { ...event, id: this.nextSpoolId + changed.size });
        return "spooled";
      }
      const better = mergeCopies(known, event);
      if (better) {
        toWrite.push(event);
        changed.set(key, { ...better, merged: this.spooledKeys.has(key) || known.merged === true });
      }
      return "duplicate";
    });
    if (toWrite.length > 0) await this.spool.append(toWrite);
    this.nextSpoolId += changed.size;
    for (const [key, event] of changed) {
      if (this.spooledKeys.size < this.maxSpooledKeys || this.spooledKeys.has(key)) this.spooledKeys.set(key, event);
    }
    const spooled = outcomes.filter((o) => o === "spooled").length;
    this.stats.spooled += spooled;
    this.stats.duplicates += batch.length - spooled;
    return { results: outcomes, publish: [...changed.values()] };
  }

  /**
   * Commits the spool in order, chunk by chunk (the upsert makes a repeated replay harmless).
   * A chunk PostgreSQL refuses while reachable is retried one event at a time; an event it
   * still refuses is quarantined (logged, kept aside) so the replay goes on (issue 11 item 2).
   */
  private async replay(spool: EventSpool = this.spool): Promise<number> {
    let count = 0;
    for await (const chunk of spool.read(REPLAY_CHUNK)) {
      const { unique } = collapse(chunk.map((e) => prepareAgentEvent(e, dedupKey(e))));
      try {
        await upsertAgentEvents(this.pool, unique);
      } catch (err) {
        if (!isDataError(err)) throw err;
        for (const one of unique) {
          try {
            await upsertAgentEvents(this.pool, [one]);
          } catch (refused) {
            if (!isDataError(refused)) throw refused;
            const reason = (refused as Error).message.split("\n")[0]!;
            await spool.quarantine(one.event, reason);
            this.stats.quarantined++;
            this.options.onQuarantine?.(one.event, reason);
          }
        }
      }
      count += chunk.length;
    }
    if (count > 0 && spool === this.spool) await spool.clear();
    if (spool === this.spool) this.spooledKeys.clear();
    return count;
  }

  private async reachable(throttled: boolean): Promise<boolean> {
    const now = Date.now();
    if (throttled && now - this.lastProbe < PROBE_EVERY_MS) return false;
    this.lastProbe = now;
    return pingPostgres(this.pool);
  }

  private notify(events: StoredAgentEvent[]): void {
    if (events.length > 0) for (const listener of this.listeners) listener(events);
  }
}

/**
 * One entry per dedup key: the first copy, improved by the later copies of the same batch
 * (mergeCopies, the row made again). `firstOf[i]` is true for the batch item whose key
 * appears first there.
 */
function collapse(batch: readonly PreparedAgentEvent[]): { unique: PreparedAgentEvent[]; firstOf: boolean[] } {
  const at = new Map<string, number>();
  const unique: PreparedAgentEvent[] = [];
  const firstOf = batch.map((p) => {
    const u = at.get(p.key);
    if (u === undefined) {
      at.set(p.key, unique.length);
      unique.push(p);
      return true;
    }
    const better = mergeCopies(unique[u]!.event, p.event);
    if (better) unique[u] = prepareAgentEvent(better, p.key);
    return false;
  });
  return { unique, firstOf };
}
