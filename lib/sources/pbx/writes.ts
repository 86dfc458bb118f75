/**
 * The PBX side's database writes: every frame into `pbx_frame`, changed calls into `call`, each
 * by group commit (lib/db/group-commit.ts) with a bounded queue.
 *
 * Nothing is acknowledged to the PBX and the calls in memory do not wait for these writes, so
 * while PostgreSQL is slow or down they are not spooled: a write that fails is lost, and once
 * `frameQueueMax` frames (or `callQueueMax` call writes) wait, further ones are dropped at once
 * instead of growing memory. Both are counted ({@link PbxWrites.stats}) and logged once per
 * outage: the first failure or drop says what happens, then nothing until a write succeeds
 * again, which logs how many were dropped and failed meanwhile. Calls are upserted whole, so
 * a call's next change stores its latest state again.
 */
import type { Db } from "../../db/prisma";
import { GroupCommit, QueueFullError } from "../../db/group-commit";
import { insertPbxFrames, type PbxFrameRow } from "../../queries/pbx-frames";
import { upsertCalls } from "../../queries/calls";
import { upsertAccounts, upsertSourceStatuses, type AccountState } from "../../queries/pbx-state";
import type { CallView } from "../../calls/types";

export interface PbxWritesOptions {
  /** Frames waiting for their write beyond which new ones are dropped (PBX_FRAME_QUEUE_MAX). */
  frameQueueMax: number;
  /** Call writes (one per frame that changed calls) waiting beyond which new ones are dropped (PBX_CALL_QUEUE_MAX). */
  callQueueMax: number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Counters since start. */
export interface PbxWriteStats {
  framesStored: number;
  /** Dropped because `frameQueueMax` frames were waiting. */
  framesDropped: number;
  /** Written but refused (database error or timeout). */
  framesFailed: number;
  callWritesStored: number;
  callWritesDropped: number;
  callWritesFailed: number;
}

/** Frames per INSERT; call writes per upsert. */
const FRAME_BATCH = 1000;
const CALL_BATCH = 200;

/** One write queue's outage: from its first failure or drop to its next successful write. */
class Outage {
  private active = false;
  private dropped = 0;
  private failed = 0;

  constructor(
    private readonly what: string,
    private readonly bound: number,
    private readonly log: PbxWritesOptions["log"],
  ) {}

  drop(): void {
    this.dropped++;
    this.begin(`${this.what}: ${this.bound} already wait for PostgreSQL, dropping new ones until it catches up (counted, logged again when writes succeed)`, {});
  }

  fail(err: Error): void {
    this.failed++;
    this.begin(`${this.what} not stored: PostgreSQL write failed (further failures and drops counted, logged again when writes succeed)`, { err: err.message });
  }

  succeeded(): void {
    if (!this.active) return;
    this.log.warn({ dropped: this.dropped, failed: this.failed }, `${this.what} stored again after an outage`);
    this.active = false;
    this.dropped = this.failed = 0;
  }

  private begin(msg: string, detail: object): void {
    if (this.active) return;
    this.active = true;
    this.log.error({ ...detail, queueMax: this.bound }, msg);
  }
}

export class PbxWrites {
  readonly stats: PbxWriteStats = { framesStored: 0, framesDropped: 0, framesFailed: 0, callWritesStored: 0, callWritesDropped: 0, callWritesFailed: 0 };
  private readonly frames: GroupCommit<PbxFrameRow, undefined>;
  private readonly callWrites: GroupCommit<CallView[], undefined>;
  private readonly frameOutage: Outage;
  private readonly callOutage: Outage;

  private readonly db: Db;
  private readonly log: PbxWritesOptions["log"];

  constructor(db: Db, options: PbxWritesOptions) {
    this.db = db;
    this.log = options.log;
    this.frames = new GroupCommit(
      async (rows) => {
        await insertPbxFrames(db, rows);
        return { results: rows.map(() => undefined) };
      },
      { maxBatch: FRAME_BATCH, maxPending: options.frameQueueMax },
    );
    this.callWrites = new GroupCommit(
      async (batches) => {
        await upsertCalls(db, batches.flat());
        return { results: batches.map(() => undefined) };
      },
      { maxBatch: CALL_BATCH, maxPending: options.callQueueMax },
    );
    this.frameOutage = new Outage("PBX frames", options.frameQueueMax, options.log);
    this.callOutage = new Outage("PBX call rows", options.callQueueMax, options.log);
  }

  /** Queues one frame for `pbx_frame` (dropped and counted when the queue is full). */
  frame(row: PbxFrameRow): void {
    this.settle(this.frames.submit(row), this.frameOutage, "frames");
  }

  /** Queues the calls one frame changed for `call` (dropped and counted when the queue is full). */
  calls(changed: CallView[]): void {
    this.settle(this.callWrites.submit(changed), this.callOutage, "callWrites");
  }

  /**
   * How a queued write of either queue ended, counted in {@link stats} under `counted` and told
   * to the queue's outage: stored, dropped (the queue was full) or failed.
   */
  private settle(write: Promise<unknown>, outage: Outage, counted: "frames" | "callWrites"): void {
    write.then(
      () => {
        this.stats[`${counted}Stored` as const]++;
        outage.succeeded();
      },
      (err: Error) => {
        if (err instanceof QueueFullError) {
          this.stats[`${counted}Dropped` as const]++;
          outage.drop();
        } else {
          this.stats[`${counted}Failed` as const]++;
          outage.fail(err);
        }
      },
    );
  }

  private pendingAccounts = new Map<string, Map<string, AccountState>>();
  private pendingStatuses = new Map<string, object>();
  private stateWriting: Promise<void> | null = null;

  /**
   * Queues account states and link statuses for the other instances (latest wins: a burst of
   * changes to one extension is one write). Failures are logged; the next change writes again.
   */
  state(update: { pbx?: string; accounts?: readonly AccountState[]; statuses?: readonly { name: string; status: object }[] }): void {
    if (update.pbx && update.accounts) {
      const map = this.pendingAccounts.get(update.pbx) ?? new Map<string, AccountState>();
      for (const a of update.accounts) map.set(a.extension, a);
      this.pendingAccounts.set(update.pbx, map);
    }
    for (const s of update.statuses ?? []) this.pendingStatuses.set(s.name, s.status);
    this.stateWriting ??= this.flushState().finally(() => (this.stateWriting = null));
  }

  private async flushState(): Promise<void> {
    while (this.pendingAccounts.size > 0 || this.pendingStatuses.size > 0) {
      const accounts = this.pendingAccounts;
      const statuses = this.pendingStatuses;
      this.pendingAccounts = new Map();
      this.pendingStatuses = new Map();
      try {
        for (const [pbx, map] of accounts) await upsertAccounts(this.db, pbx, [...map.values()]);
        await upsertSourceStatuses(this.db, [...statuses].map(([name, status]) => ({ name, status })));
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, "PBX state not written for the other instances");
      }
    }
  }

  /** Frames and call writes waiting (not those being written). */
  get pending(): { frames: number; calls: number } {
    return { frames: this.frames.pending, calls: this.callWrites.pending };
  }

  /** Resolves when everything queued so far is written (or failed). */
  async idle(): Promise<void> {
    await Promise.all([this.frames.idle(), this.callWrites.idle(), this.stateWriting]);
  }
}
