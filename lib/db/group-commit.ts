/**
 * Group commit: many concurrent submitters share one database write. While a batch is being
 * written, new items queue up and go together in the next one; one batch is in flight at a
 * time, so writes happen in submission order.
 *
 * `write` receives a batch and returns one result per item (same order) and, optionally, what
 * the batch brings to publish; or throws. When a batch fails, its items are retried one by
 * one, so one unstorable item fails alone.
 *
 * Pipelining (issue 14: "keep the next batch's commit from waiting on this batch's board apply
 * and fan-out"): once a batch is written, the next batch's write is started first, and only
 * then is what the written batch brings published (`publish`, e.g. the live board's apply)
 * and its items answered. The database works on the next batch while this process publishes
 * and answers the last one; publishing stays in write order (batch N+1 is published only after
 * its own write, which started after batch N's was done), and an item is answered only after
 * its batch was published. The publishing and answering wait one `process.nextTick` behind the
 * next write's start, which a `pg` pool needs to send its query (see `drain`).
 *
 * Bounds: at most `maxBatch` items per write; with `maxPending`, at most that many items wait
 * for a write (those being written not counted) — a submit beyond it is rejected at once with
 * {@link QueueFullError} instead of growing memory while the database is slow or down. Without
 * `maxPending` the queue is unbounded (for callers that bound it themselves, like the ingest).
 */
export interface GroupCommitOptions<P> {
  /** Items per write (default 2,000). */
  maxBatch?: number;
  /** Items waiting for a write beyond which a submit is refused (default: unbounded). */
  maxPending?: number;
  /**
   * Called with a written batch's `publish`, after the next batch's write has started and
   * before the batch's items are answered. Must not throw (an exception is reported to the
   * batch's items).
   */
  publish?: (what: P) => void;
}

/** What a write returns: one result per item (same order), and what to publish, if anything. */
export interface Written<R, P> {
  results: R[];
  publish?: P;
}

interface Entry<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

type Attempt<R, P> = { ok: true; written: Written<R, P> } | { ok: false; error: Error };

export class GroupCommit<T, R, P = never> {
  private queue: Entry<T, R>[] = [];
  private flushing: Promise<void> | null = null;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly publish: ((what: P) => void) | undefined;
  batches = 0;
  largestBatch = 0;

  constructor(
    private readonly write: (batch: T[]) => Promise<Written<R, P>>,
    options: GroupCommitOptions<P> = {},
  ) {
    this.maxBatch = options.maxBatch ?? 2000;
    this.maxPending = options.maxPending ?? Infinity;
    this.publish = options.publish;
    if (!(this.maxPending >= 1)) throw new RangeError(`maxPending must be at least 1, got ${this.maxPending}`);
  }

  /**
   * Resolves with the item's result once its batch is committed (and published); rejects with
   * the write's error if it could not be, or at once with {@link QueueFullError} when
   * `maxPending` items already wait.
   */
  submit(item: T): Promise<R> {
    if (this.queue.length >= this.maxPending) return Promise.reject(new QueueFullError(this.queue.length));
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  /** Items waiting or being written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Resolves when everything submitted so far is committed (or failed). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private attempt(batch: Entry<T, R>[]): Promise<Attempt<R, P>> {
    return this.write(batch.map((b) => b.item)).then(
      (written): Attempt<R, P> => ({ ok: true, written }),
      (error: Error): Attempt<R, P> => ({ ok: false, error }),
    );
  }

  private async drain(): Promise<void> {
    try {
      let batch = this.queue.splice(0, this.maxBatch);
      let writing: Promise<Attempt<R, P>> | null = batch.length > 0 ? this.attempt(batch) : null;
      while (writing) {
        const written = await writing;
        if (!written.ok) {
          await this.oneByOne(batch, written.error);
          batch = this.queue.splice(0, this.maxBatch);
          writing = batch.length > 0 ? this.attempt(batch) : null;
          continue;
        }
        // The next write first: the database works while this batch is published and answered.
        const next = this.queue.splice(0, this.maxBatch);
        writing = next.length > 0 ? this.attempt(next) : null;
        if (writing) {
          // On a later tick, so the next write really leaves first: a `pg` pool hands it its
          // connection in a process.nextTick, and ticks run only once no promise callback is
          // left, i.e. after every answer of this batch had run (they are promise callbacks).
          const settled = batch;
          const { written: what } = written;
          process.nextTick(() => this.settle(settled, what));
        } else this.settle(batch, written.written);
        batch = next;
      }
    } finally {
      this.flushing = null;
    }
  }

  /** A failed batch: each item on its own, in order, so only an unstorable one fails. */
  private async oneByOne(batch: Entry<T, R>[], error: Error): Promise<void> {
    if (batch.length === 1) {
      batch[0]!.reject(error);
      return;
    }
    for (const entry of batch) {
      const written = await this.attempt([entry]);
      if (written.ok) this.settle([entry], written.written);
      else entry.reject(written.error);
    }
  }

  private settle(batch: Entry<T, R>[], written: Written<R, P>): void {
    this.batches++;
    this.largestBatch = Math.max(this.largestBatch, batch.length);
    if (this.publish && written.publish !== undefined) {
      try {
        this.publish(written.publish);
      } catch (err) {
        for (const b of batch) b.reject(err as Error);
        return;
      }
    }
    batch.forEach((b, i) => b.resolve(written.results[i]!));
  }
}

/** A {@link GroupCommit} already holds its `maxPending` items: this one was not queued. */
export class QueueFullError extends Error {
  readonly code = "QUEUE_FULL";
  constructor(readonly pending: number) {
    super(`write queue full: ${pending} items already wait for the database`);
  }
}
