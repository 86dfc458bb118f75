/**
 * One reload at a time, and the last word to the newest read.
 *
 * A configuration reload (re-read queues, roster, campaigns, alerts after a change) is an
 * async read then an apply. Two overlapping reloads may finish out of order: the one that
 * read first (without the newest change) applied last and undid it — a platform's queue
 * created just after another platform's was missing from the board until the next change
 * (seen in test/integration/platform-sources.test.ts). Runs are therefore serialised: a call
 * while a run is in progress queues exactly one more run, which starts after it and so reads
 * everything committed before the call; calls meanwhile share that queued run.
 */
export function coalescedRun(run: () => Promise<void>): () => Promise<void> {
  let current: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const p = run().finally(() => {
      // With a run queued, `current` stays set until it starts: a call in between joins it
      // instead of starting a run beside it.
      if (current === p && !next) current = null;
    });
    current = p;
    return p;
  };
  return () => {
    if (!current) return start();
    next ??= current
      .catch(() => {}) // the queued run goes ahead after a failed one
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
