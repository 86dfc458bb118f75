/**
 * Group commit's pipelining on a real `pg` pool (lib/db/group-commit.ts, issue 14: "keep the
 * next batch's commit from waiting on this batch's board apply and fan-out"). The next batch's
 * statement must reach PostgreSQL before the written batch's answers run. A pool hands a query
 * its connection in a process.nextTick, and ticks wait until no promise callback is left, so
 * answering a batch synchronously after starting the next write held that write back until
 * every answer had run.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type pg from "pg";
import { GroupCommit } from "../../lib/db/group-commit";
import { createPgPool, INGEST_POOL } from "../../lib/db/pg-pool";
import { createTestDatabase } from "../support/database";

let pool: pg.Pool;

beforeAll(async () => {
  pool = createPgPool(await createTestDatabase(), INGEST_POOL);
  await pool.query("SELECT 1"); // a connection open and idle, as during ingest
});
afterAll(async () => {
  await pool?.end();
});

/** Blocks the thread for `ms` (an answer's work: writing the HTTP response, the fan-out). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

it("sends the next batch's statement before the written batch's answers run", async () => {
  // Each write returns the time PostgreSQL started its statement (ms since the epoch).
  const started: number[] = [];
  const gc = new GroupCommit<number, number>(async (batch) => {
    const { rows } = await pool.query<{ t: number }>("SELECT extract(epoch FROM clock_timestamp()) * 1000 AS t");
    started.push(Number(rows[0]!.t));
    return { results: batch };
  });
  let answersDone = 0;
  // Batch 1: one item, whose answer queues batch 3 while batch 2 is being written.
  const first = gc.submit(0).then(() => {
    third = gc.submit(99);
  });
  let third: Promise<number> | undefined;
  // Batch 2: 20 items whose answers take 2 ms each (40 ms in all).
  const second = Array.from({ length: 20 }, (_, i) =>
    gc.submit(i + 1).then(() => {
      busy(2);
      answersDone = Date.now();
    }),
  );
  await first;
  await Promise.all(second);
  await third;
  expect(started).toHaveLength(3);
  // Batch 3's statement started before batch 2's 40 ms of answers were over (with margin for
  // the two clocks' rounding): it did not wait for them.
  expect(started[2]!, `batch 3 started ${(answersDone - started[2]!).toFixed(1)} ms before batch 2's answers ended`).toBeLessThan(answersDone - 20);
});
