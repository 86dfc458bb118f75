/**
 * Group commit: many concurrent submitters share one database write. While a batch is being
 * written, new items queue up and go together in the next one; one batch is in flight at a
 * time, so writes happen in submission order.
 *
 * `write` receives a batch and returns one result per item (same order), or throws. When a
 * batch fails, its items are retried one by one, so one unstorable item fails alone.
 *
 * Bounds: at most `maxBatch` items per write; with `maxPending`, at most that many items wait
 * for a write (those being written not counted) — a submit beyond it is rejected at once with
 * {@link QueueFullError} instead of growing memory while the database is slow or down. Without
 * `maxPending` the queue is unbounded (for callers that bound it themselves, like the ingest).
 */
export class GroupCommit<T, R> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: Error) => void }[] = [];
  private flushing: Promise<void> | null = null;
  batches = 0;
  largestBatch = 0;

  constructor(
    private readonly write: (batch: T[]) => Promise<R[]>,
    private readonly maxBatch = 2000,
    private readonly maxPending = Infinity,
  ) {
    if (!(maxPending >= 1)) throw new RangeError(`maxPending must be at least 1, got ${maxPending}`);
  }

  /**
   * Resolves with the item's result once its batch is committed; rejects with the write's
   * error if it could not be, or at once with {@link QueueFullError} when `maxPending` items
   * already wait.
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

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.run(this.queue.splice(0, this.maxBatch));
    } finally {
      this.flushing = null;
    }
  }

  private async run(batch: typeof this.queue): Promise<void> {
    let results: R[];
    try {
      results = await this.write(batch.map((b) => b.item));
    } catch (err) {
      if (batch.length > 1) {
        for (const b of batch) await this.run([b]);
        return;
      }
      batch[0]!.reject(err as Error);
      return;
    }
    this.batches++;
    this.largestBatch = Math.max(this.largestBatch, batch.length);
    batch.forEach((b, i) => b.resolve(results[i]!));
  }
}

/** A {@link GroupCommit} already holds its `maxPending` items: this one was not queued. */
export class QueueFullError extends Error {
  readonly code = "QUEUE_FULL";
  constructor(readonly pending: number) {
    super(`write queue full: ${pending} items already wait for the database`);
  }
}
