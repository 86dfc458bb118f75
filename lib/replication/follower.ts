/**
 * How one instance learns what the others committed (issue 12 §3), through PostgreSQL itself.
 *
 * Every replicated row carries the transaction that last wrote it and the writing process
 * (prisma/migrations/20261130000000_replication). The follower keeps, per table, a cursor in
 * transaction order: the horizon — the oldest transaction still in progress
 * (`pg_snapshot_xmin`) — of its last read. Every transaction below the horizon has finished,
 * so a transaction that commits after one with a larger id is still read: nothing is skipped
 * when instances commit out of id order. Agent events committed above the horizon (while an
 * older transaction is still open, e.g. a history rollup) are delivered at once rather than
 * when the horizon passes them — they are remembered (id and transaction) until it does, so
 * each row version is delivered once (at most `maxAhead` of them; beyond, the follower waits
 * for the horizon). A notification (`LISTEN wallboard_changes`, sent by a statement trigger at
 * commit, payload `<table>|<writer>`) wakes the follower at once unless this process wrote the
 * rows; a poll every `pollMs` covers a notification lost while the listening connection was
 * down.
 *
 * Targets must be idempotent (the live board dedupes events by id): a row committed just
 * before the start horizon may also be in what the instance loaded at start.
 */
import pg from "pg";
import type { StoredAgentEvent } from "../events/types";
import type { CallView } from "../calls/types";
import { accountsBetween, agentEventsAfter, callsBetween, sourceStatusesBetween, type AccountRow, type Cursor } from "../queries/replication";

export type ReplicatedTable = "agent_event" | "call" | "pbx_account" | "source_status";
const TABLES: readonly ReplicatedTable[] = ["agent_event", "call", "pbx_account", "source_status"];

/** Where replicated rows go; called in commit order per table. */
export interface ReplicationTargets {
  agentEvents(events: StoredAgentEvent[]): void;
  calls(calls: CallView[]): void;
  accounts(rows: AccountRow[]): void;
  sourceStatuses(rows: { name: string; status: unknown }[]): void;
}

export interface FollowerOptions {
  /** The listening connection's URL (its own connection, outside the pools). */
  databaseUrl: string;
  /** This process's writer id (the session setting wallboard.writer of its pools). */
  writer: string;
  /** Safety-net poll, ms (default 1000). */
  pollMs?: number;
  /** Agent events read per query (default 5000). */
  batch?: number;
  /** Agent event versions delivered ahead of the horizon, remembered at most (default 100,000). */
  maxAhead?: number;
  log: { warn(o: object, m: string): void };
  /** Called with how long each catch-up of a table took and how many rows it applied. */
  onCatchUp?: (table: ReplicatedTable, rows: number, ms: number) => void;
}

export class ReplicationFollower {
  private eventCursor: Cursor = { tx: "0", id: "0" };
  /** Row versions (`id:tx`) delivered while their transaction was at or above the horizon. */
  private readonly deliveredAhead = new Map<string, bigint>();
  private readonly txCursors = new Map<ReplicatedTable, string>();
  private readonly running = new Map<ReplicatedTable, Promise<void>>();
  private readonly again = new Set<ReplicatedTable>();
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly targets: ReplicationTargets,
    private readonly options: FollowerOptions,
  ) {}

  /**
   * Starts following from `horizon` (a replicationHorizon() read before the instance loaded
   * its state from the tables): rows of transactions at or after it are read and applied.
   */
  async start(horizon: string): Promise<void> {
    this.eventCursor = { tx: horizon, id: "0" };
    for (const t of TABLES) this.txCursors.set(t, horizon);
    await this.listen();
    this.timer = setInterval(() => this.wakeAll(), this.options.pollMs ?? 1000);
    this.timer.unref();
    this.wakeAll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => {});
    await Promise.all([...this.running.values()].map((p) => p.catch(() => {})));
  }

  /** Catches up every table now (e.g. after a reconnect). */
  wakeAll(): void {
    for (const t of TABLES) this.wake(t);
  }

  private wake(table: ReplicatedTable): void {
    if (this.stopped) return;
    if (this.running.has(table)) {
      this.again.add(table);
      return;
    }
    const run = this.catchUp(table)
      .catch((err: Error) => this.options.log.warn({ table, err: err.message }, "replication catch-up failed; retried"))
      .finally(() => {
        this.running.delete(table);
        if (this.again.delete(table)) this.wake(table);
      });
    this.running.set(table, run);
  }

  private async catchUp(table: ReplicatedTable): Promise<void> {
    const started = Date.now();
    let applied = 0;
    const { writer } = this.options;
    if (table === "agent_event") {
      const limit = this.options.batch ?? 5000;
      const maxAhead = this.options.maxAhead ?? 100_000;
      let after: Cursor = this.eventCursor;
      let horizon = BigInt(this.eventCursor.tx);
      for (;;) {
        const page = await agentEventsAfter(this.pool, after, writer, limit);
        horizon = BigInt(page.horizon);
        const fresh: StoredAgentEvent[] = [];
        for (const e of page.events) {
          const tx = BigInt(e.txId);
          const version = `${e.id}:${e.txId}`;
          if (tx >= horizon) {
            // Committed above the horizon: deliver now, remember until the horizon passes it.
            if (this.deliveredAhead.has(version)) continue;
            if (this.deliveredAhead.size >= maxAhead) break;
            this.deliveredAhead.set(version, tx);
          } else if (this.deliveredAhead.has(version)) continue;
          fresh.push(e);
        }
        if (fresh.length > 0) {
          this.targets.agentEvents(fresh);
          applied += fresh.length;
        }
        if (page.events.length < limit) break;
        const last = page.events[page.events.length - 1]!;
        after = { tx: last.txId, id: String(last.id) };
      }
      // Everything below the horizon has been read: the next read starts there.
      if (horizon > BigInt(this.eventCursor.tx)) {
        this.eventCursor = { tx: horizon.toString(), id: "0" };
        for (const [version, tx] of this.deliveredAhead) if (tx < horizon) this.deliveredAhead.delete(version);
      }
    } else {
      const from = this.txCursors.get(table)!;
      let horizon: string;
      if (table === "call") {
        const r = await callsBetween(this.pool, from, writer);
        if (r.calls.length) this.targets.calls(r.calls);
        applied = r.calls.length;
        horizon = r.horizon;
      } else if (table === "pbx_account") {
        const r = await accountsBetween(this.pool, from, writer);
        if (r.accounts.length) this.targets.accounts(r.accounts);
        applied = r.accounts.length;
        horizon = r.horizon;
      } else {
        const r = await sourceStatusesBetween(this.pool, from, writer);
        if (r.statuses.length) this.targets.sourceStatuses(r.statuses);
        applied = r.statuses.length;
        horizon = r.horizon;
      }
      if (BigInt(horizon) > BigInt(from)) this.txCursors.set(table, horizon);
    }
    if (applied > 0) this.options.onCatchUp?.(table, applied, Date.now() - started);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl, keepAlive: true, connectionTimeoutMillis: 3000 });
    client.on("notification", (msg) => {
      // "<table>|<writer>" (older servers: "<table>"); this process's own commits are already
      // on its board, so they wake nobody here (the safety poll still reads past them).
      const [table, writer] = (msg.payload ?? "").split("|");
      if (writer !== undefined && writer === this.options.writer) return;
      if (TABLES.includes(table as ReplicatedTable)) this.wake(table as ReplicatedTable);
    });
    const retry = (err?: Error) => {
      if (this.stopped || this.listener !== client) return;
      this.listener = null;
      if (err) this.options.log.warn({ err: err.message }, "replication listener lost; reconnecting (polling meanwhile)");
      client.end().catch(() => {});
      this.reconnectTimer = setTimeout(() => {
        this.listen().catch(() => retry());
      }, 1000);
      this.reconnectTimer.unref();
    };
    client.on("error", retry);
    client.on("end", () => retry());
    this.listener = client;
    try {
      await client.connect();
      await client.query("LISTEN wallboard_changes");
    } catch (err) {
      retry(err as Error);
      return;
    }
    // Anything committed while we were not listening.
    this.wakeAll();
  }
}
