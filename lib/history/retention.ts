/**
 * Data retention: a daily job deleting old rows of the append-only tables (README
 * "Configuration": RETENTION_DAYS, PBX_FRAME_RETENTION_DAYS):
 *
 * - `agent_event` and `audit_log` rows older than `eventDays` days,
 * - `pbx_frame` rows older than `frameDays` days,
 * - `dialer_sample` rows (VICIdial's dialer per minute) older than `sampleDays` days
 *   (DIALER_SAMPLE_RETENTION_DAYS; 0 for any of them: kept forever).
 *
 * Deletes go in batches of {@link RETENTION_BATCH_ROWS} rows, each its own short statement,
 * with {@link RETENTION_PAUSE_MS} between batches: no long transaction, no table lock, ingest
 * and pages keep running beside it.
 *
 * History rollups stay: `agent_day` and `queue_interval` are never deleted,
 * and `call` rows are kept (queue history is re-aggregated from them). Before deleting agent
 * events the job raises the "raw events horizon" (lib/queries/retention.ts), and the rollup
 * never re-derives a day whose events (or the 12-hour lookback before it) reach behind that
 * horizon, so a day whose raw events are gone keeps its rollup. Events an agent range still
 * waiting for the rollup needs (history_dirty) are kept until the next run.
 *
 * Runs once shortly after start, then every 24 h; a run in progress finishes its current batch
 * on stop(). Errors are logged, never thrown to the caller; the next run retries.
 */
import type { Db } from "../db/prisma";
import type { Logger } from "../log";
import { LOOKBACK_MS } from "./rollup";
import { agentEventsHorizon, deleteBatchOlderThan, oldestDirtyAgentRange, raiseAgentEventsHorizon, type RetainedTable } from "../queries/retention";

/** Rows per DELETE statement. */
export const RETENTION_BATCH_ROWS = 5_000;
/** Pause between two batches, ms. */
export const RETENTION_PAUSE_MS = 100;
/** Between runs, ms. */
export const RETENTION_INTERVAL_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export interface RetentionOptions {
  /** Days agent_event and audit_log rows are kept (RETENTION_DAYS); 0: forever. */
  eventDays: number;
  /** Days pbx_frame rows are kept (PBX_FRAME_RETENTION_DAYS); 0: forever. */
  frameDays: number;
  /** Days dialer_sample rows are kept (DIALER_SAMPLE_RETENTION_DAYS); 0 or absent: forever. */
  sampleDays?: number;
  /** The stale timeout, s: the rollup re-derives days this far around a dirty range. */
  staleAfterSec: number;
  now?: () => number;
  /** A pino logger, best a child naming the job (`log.child({ job: "..." })`). */
  log?: Logger;
  /** Overrides for tests. */
  batchRows?: number;
  pauseMs?: number;
  /** Delay of the first run after start(), ms (default 5 s, to let the start finish first). */
  firstRunDelayMs?: number;
}

/** Rows deleted per table by one run. */
export type RetentionResult = Record<RetainedTable, number>;

export class RetentionJob {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<RetentionResult> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly options: RetentionOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Schedules the first run (after `firstRunDelayMs`) and one every 24 h. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    const tick = () => {
      void this.runOnce().catch((err: Error) => this.options.log?.error({ err: err.message }, "retention run failed"));
    };
    this.timer = setTimeout(() => {
      tick();
      this.timer = setInterval(tick, RETENTION_INTERVAL_MS);
      this.timer.unref();
    }, this.options.firstRunDelayMs ?? 5_000);
    this.timer.unref();
  }

  /** Stops the schedule; waits for a run in progress to finish its current batch. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      clearInterval(this.timer);
    }
    this.timer = null;
    await this.running?.catch(() => {});
  }

  /** One run now (runs never overlap: a second call joins the first). Throws on a database error. */
  runOnce(): Promise<RetentionResult> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<RetentionResult> {
    const now = this.now();
    const result: RetentionResult = { agent_event: 0, audit_log: 0, pbx_frame: 0, dialer_sample: 0 };
    const { eventDays, frameDays } = this.options;
    if (eventDays > 0) {
      let before = now - eventDays * DAY_MS;
      // Keep what a pending rollup still reads: its days (± the stale timeout) and their lookback.
      const dirtyFrom = await oldestDirtyAgentRange(this.db);
      if (dirtyFrom !== null) before = Math.min(before, dirtyFrom - this.options.staleAfterSec * 1000 - DAY_MS - LOOKBACK_MS);
      // The horizon first: from now on the rollup leaves the days behind it as they are.
      if (before > ((await agentEventsHorizon(this.db)) ?? -Infinity)) await raiseAgentEventsHorizon(this.db, before);
      result.agent_event = await this.trim("agent_event", before);
      result.audit_log = await this.trim("audit_log", now - eventDays * DAY_MS);
    }
    if (frameDays > 0) result.pbx_frame = await this.trim("pbx_frame", now - frameDays * DAY_MS);
    const sampleDays = this.options.sampleDays ?? 0;
    if (sampleDays > 0) result.dialer_sample = await this.trim("dialer_sample", now - sampleDays * DAY_MS);
    if (result.agent_event + result.audit_log + result.pbx_frame + result.dialer_sample > 0) this.options.log?.info({ deleted: result, eventDays, frameDays }, "retention: old rows deleted");
    return result;
  }

  /** Deletes rows of `table` older than `before` in batches until none is left (or stop()). */
  private async trim(table: RetainedTable, before: number): Promise<number> {
    const batch = this.options.batchRows ?? RETENTION_BATCH_ROWS;
    let total = 0;
    for (;;) {
      const n = await deleteBatchOlderThan(this.db, table, before, batch);
      total += n;
      if (n < batch || this.stopped) return total;
      await new Promise((r) => setTimeout(r, this.options.pauseMs ?? RETENTION_PAUSE_MS));
    }
  }
}
