/**
 * Polls VICIdial's database once a second over ONE mysql2 connection and hands each snapshot
 * (snapshot.ts) and its changes to the caller. Bounded everywhere, never throws out of its
 * timers, never crashes the process:
 *
 * - One poll = the statements of queries.ts (a clock read and six reads), in sequence, on
 *   one connection. The poll has a budget of `statementTimeoutMs`: each statement is limited
 *   by the server to what is left of it (MariaDB `SET STATEMENT max_statement_time=… FOR`,
 *   which also cuts a wait for a table lock; MySQL's `MAX_EXECUTION_TIME` hint) and by the
 *   client to that plus
 *   {@link CLIENT_GRACE_MS} (mysql2's query timeout; the connection is then destroyed, since
 *   mysql2 leaves a timed-out command on it). Connecting is limited by `connectTimeoutMs`.
 * - Polls never overlap. After a success the next starts `pollMs` after the previous
 *   started (at once when the poll took longer); after the n-th failure in a row it waits
 *   `min(backoffMaxMs, backoffBaseMs × 2^(n−1))` with equal jitter (between half and all of it).
 * - Any failure destroys the connection; the next attempt opens a new one.
 * - Status {state, since, lastPollAt, lastError, pollMs, ...} is available at any time and
 *   reported through `onStatus` when the state changes or a poll fails.
 *
 * Clock: `since`, `lastPollAt`, `nextPollAt` and error times are ms on the wallboard's clock
 * (the `now` option, default Date.now); snapshot times are on the database clock (see
 * snapshot.ts).
 */
import mysql, { type Connection } from "mysql2";
import type { VicidialDbConfig } from "./config";
import { readAll, type PollLimits, type SqlRunner } from "./queries";
import { buildSnapshot, diffSnapshots, type VicidialDbChanges, type VicidialDbSnapshot } from "./snapshot";

/** Extra time the client allows a statement over the server-side limit before giving up on it. */
export const CLIENT_GRACE_MS = 1000;

/** idle: not started; connecting: started, no poll finished yet; up / down: last poll succeeded / failed. */
export type VicidialDbState = "idle" | "connecting" | "up" | "down" | "stopped";

export interface VicidialDbError {
  /** ms, wallboard clock. */
  atMs: number;
  /**
   * connect: could not open the connection (refused, unreachable, access denied);
   * timeout: a statement or the connect ran out of time (lock, overload, network stall);
   * lost: the connection broke during the poll (server stopped or restarted);
   * query: the server refused a statement (missing grant, missing table or column).
   */
  kind: "connect" | "timeout" | "lost" | "query";
  /** The driver's or server's code, e.g. ECONNREFUSED, ER_STATEMENT_TIMEOUT, PROTOCOL_CONNECTION_LOST. */
  code: string | null;
  message: string;
}

export interface VicidialDbStatus {
  state: VicidialDbState;
  /** ms, wallboard clock, when `state` was entered. */
  since: number;
  /** ms, wallboard clock, when the last successful poll finished; null before the first. */
  lastPollAt: number | null;
  /** The last failure (kept after recovery; compare its atMs with lastPollAt). */
  lastError: VicidialDbError | null;
  /** Duration of the last successful poll's statements, ms (connecting excluded). */
  pollMs: number | null;
  /** Failed polls since the last success. */
  consecutiveFailures: number;
  /** ms, wallboard clock, of the next attempt; null when none is scheduled. */
  nextPollAt: number | null;
  /** VERSION() of the database server once connected, e.g. "10.11.19-MariaDB-0+deb12u1". */
  serverVersion: string | null;
  /** The configured URL, password masked. */
  url: string;
}

/** What the poller calls. Exceptions and rejected promises from these are logged and ignored. */
export interface VicidialDbHooks {
  /** After each successful poll, with the changes since the previous snapshot delivered (all "added" for the first). Not awaited. */
  onSnapshot?: (snapshot: VicidialDbSnapshot, changes: VicidialDbChanges) => void | Promise<void>;
  /** When the state changes and after each failed poll. */
  onStatus?: (status: VicidialDbStatus) => void;
}

/** The part of a pino logger the poller uses. */
export interface PollerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface VicidialDbPollerOptions {
  /** Wallboard clock, ms; default Date.now. */
  now?: () => number;
  /** [0, 1) for the backoff jitter; default Math.random. */
  random?: () => number;
  log?: PollerLog;
}

type Flavor = "mariadb" | "mysql";

interface Link {
  conn: Connection;
  flavor: Flavor;
  /**
   * Rejects every statement in flight on this link. mysql2's destroy() only half-closes the
   * socket and never calls back a command in flight, so a poll would otherwise wait for the
   * server's or the client's timeout.
   */
  abort: (err: Error) => void;
  aborted: Promise<never>;
}

function newLink(conn: Connection, flavor: Flavor): Link {
  let abort: (err: Error) => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => (abort = reject));
  // Rejected when nobody waits on it: handled here so it is never an unhandled rejection.
  aborted.catch(() => undefined);
  return { conn, flavor, abort, aborted };
}

/** Ends the connection at once: destroy() (half-close) plus the socket itself (an internal of mysql2). */
function hardClose(conn: Connection): void {
  conn.destroy();
  (conn as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
}

const TIMEOUT_CODES = new Set(["ER_STATEMENT_TIMEOUT", "ER_QUERY_TIMEOUT", "ER_LOCK_WAIT_TIMEOUT", "PROTOCOL_SEQUENCE_TIMEOUT", "ETIMEDOUT", "POLL_BUDGET_SPENT"]);
const LOST_CODES = new Set(["PROTOCOL_CONNECTION_LOST", "ECONNRESET", "EPIPE", "ER_SERVER_SHUTDOWN", "ER_CONNECTION_KILLED", "ER_NORMAL_SHUTDOWN", "CONNECTION_DESTROYED"]);

/** Server errors mysql2 has no name for (MariaDB-only numbers). */
const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1969: "ER_STATEMENT_TIMEOUT", // MariaDB max_statement_time exceeded
  3024: "ER_QUERY_TIMEOUT", // MySQL MAX_EXECUTION_TIME exceeded
  1205: "ER_LOCK_WAIT_TIMEOUT",
};

function codeOf(err: unknown): string | null {
  const e = err as { code?: unknown; errno?: unknown } | null;
  if (typeof e?.code === "string" && e.code !== "") return e.code;
  if (typeof e?.errno === "number") return ERRNO_NAMES[e.errno] ?? `ERRNO_${e.errno}`;
  return null;
}

/** Classifies a failure (see VicidialDbError.kind); `connecting` tells the phase. */
export function classifyError(err: unknown, connecting: boolean): VicidialDbError["kind"] {
  const code = codeOf(err);
  if (code !== null && TIMEOUT_CODES.has(code)) return "timeout";
  if (connecting) return "connect";
  if ((code !== null && LOST_CODES.has(code)) || (err as { fatal?: unknown } | null)?.fatal === true) return "lost";
  return "query";
}

/**
 * The delay before the next attempt after `failures` failed polls in a row (≥ 1): equal
 * jitter over min(maxMs, baseMs × 2^(failures−1)), i.e. in [half, all] of it. `random` in [0, 1).
 */
export function backoffDelayMs(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** `sql` limited to `ms` by the server (per statement). */
function withServerLimit(sql: string, ms: number, flavor: Flavor): string {
  const limit = Math.max(1, Math.ceil(ms));
  if (flavor === "mariadb") return `SET STATEMENT max_statement_time=${(limit / 1000).toFixed(3)} FOR ${sql}`;
  return sql.replace(/^\s*SELECT\b/i, `SELECT /*+ MAX_EXECUTION_TIME(${limit}) */`);
}

function budgetSpent(): Error {
  return Object.assign(new Error("poll budget (VICIDIAL_DB_STATEMENT_TIMEOUT_MS) spent"), { code: "POLL_BUDGET_SPENT" });
}

/**
 * The poller. Construct with a parsed config (config.ts), call start(); stop() ends it.
 * One instance holds at most one connection at any time.
 */
export class VicidialDbPoller {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly log: PollerLog | undefined;
  private readonly limits: PollLimits;
  private state: VicidialDbState = "idle";
  private since: number;
  private lastPollAt: number | null = null;
  private lastError: VicidialDbError | null = null;
  private pollMs: number | null = null;
  private failures = 0;
  private nextPollAt: number | null = null;
  private serverVersion: string | null = null;
  private link: Link | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private polling = false;
  private started = false;
  private stopped = false;
  private previous: VicidialDbSnapshot | null = null;
  /** Rejects the connect in progress (stop() must not wait for a connect timeout). */
  private abortConnect: (() => void) | null = null;

  constructor(
    private readonly config: VicidialDbConfig,
    private readonly hooks: VicidialDbHooks = {},
    opts: VicidialDbPollerOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.log = opts.log;
    this.since = this.now();
    this.limits = { maxGroups: config.maxGroups, maxWaitingCalls: config.maxWaitingCalls, maxAgents: config.maxAgents };
  }

  /** Starts polling at once. Idempotent; does nothing after stop(). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.setState("connecting");
    this.schedule(0);
  }

  /**
   * Stops polling: cancels the next attempt, aborts a poll in flight by destroying the
   * connection, waits for it to settle, closes the connection. Resolves once nothing of the
   * poller runs any more. Idempotent.
   */
  async stop(): Promise<void> {
    if (this.stopped) return this.chain.then(() => undefined);
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextPollAt = null;
    if (this.polling) {
      this.abortConnect?.();
      this.dropLink();
    }
    await this.chain.catch(() => undefined);
    await this.closeLink();
    this.setState("stopped");
  }

  /** The current status (a copy). */
  status(): VicidialDbStatus {
    return {
      state: this.state,
      since: this.since,
      lastPollAt: this.lastPollAt,
      lastError: this.lastError,
      pollMs: this.pollMs,
      consecutiveFailures: this.failures,
      nextPollAt: this.nextPollAt,
      serverVersion: this.serverVersion,
      url: this.config.redactedUrl,
    };
  }

  /** The last snapshot delivered, or null. */
  latest(): VicidialDbSnapshot | null {
    return this.previous;
  }

  /**
   * Runs one poll now (after any poll in flight), with or without start(); for tests and an
   * admin "test connection" button. Resolves with the snapshot, or null when the poll failed
   * or the poller is stopped; never rejects. Does not move the schedule of a started poller.
   */
  pollOnce(): Promise<VicidialDbSnapshot | null> {
    return this.enqueue(false);
  }

  // -- scheduling ------------------------------------------------------------------------------

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.nextPollAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, delayMs);
    // The HTTP server keeps the process alive; the poller alone should not.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const startedAt = this.now();
    this.nextPollAt = null;
    const snapshot = await this.enqueue(true);
    if (this.stopped || !this.started) return;
    if (snapshot) {
      this.schedule(Math.max(0, this.config.pollMs - (this.now() - startedAt)));
    } else {
      this.schedule(backoffDelayMs(this.failures, this.config.backoffBaseMs, this.config.backoffMaxMs, this.random));
      // Reported after scheduling so the status carries nextPollAt.
      this.emitStatus();
    }
  }

  /** Runs a poll after the one in flight; `fromTick` polls report failures after rescheduling. */
  private enqueue(fromTick: boolean): Promise<VicidialDbSnapshot | null> {
    const run = this.chain.then(() => (this.stopped ? null : this.poll(fromTick)));
    this.chain = run.catch(() => undefined);
    return run.catch(() => null);
  }

  // -- one poll --------------------------------------------------------------------------------

  private async poll(fromTick: boolean): Promise<VicidialDbSnapshot | null> {
    this.polling = true;
    let connecting = false;
    try {
      let link = this.link;
      if (!link) {
        connecting = true;
        link = await this.connect();
        connecting = false;
      }
      // The budget covers the statements only; connecting has its own timeout.
      const runner = this.runner(link, this.now() + this.config.statementTimeoutMs);
      const started = this.now();
      const rows = await readAll(runner, this.limits);
      const finished = this.now();
      // The first statement reads the database clock: assume it was read halfway through the round trip.
      const first = runner.firstStatement();
      const offset = first && rows.dbNowMs > 0 ? rows.dbNowMs - (first.startedAt + first.endedAt) / 2 : 0;
      const snapshot = buildSnapshot(rows, { polledAtMs: finished, dbClockOffsetMs: Math.round(offset) }, this.limits);
      const changes = diffSnapshots(this.previous, snapshot);
      this.previous = snapshot;
      this.lastPollAt = finished;
      this.pollMs = finished - started;
      this.failures = 0;
      if (this.state === "down") this.log?.info({ url: this.config.redactedUrl }, "VICIdial database source recovered");
      if (!this.stopped) this.setState("up");
      this.deliver(snapshot, changes);
      return snapshot;
    } catch (err) {
      this.dropLink();
      if (this.stopped) return null;
      const kind = classifyError(err, connecting);
      this.lastError = { atMs: this.now(), kind, code: codeOf(err), message: err instanceof Error ? err.message : String(err) };
      this.failures++;
      if (this.failures === 1) this.log?.warn({ url: this.config.redactedUrl, kind, code: this.lastError.code, err: this.lastError.message }, "VICIdial database poll failed");
      if (this.state !== "down") {
        this.state = "down";
        this.since = this.now();
      }
      // A tick reports after scheduling the retry (so the status carries nextPollAt).
      if (!fromTick) this.emitStatus();
      return null;
    } finally {
      this.polling = false;
    }
  }

  private deliver(snapshot: VicidialDbSnapshot, changes: VicidialDbChanges): void {
    if (!this.hooks.onSnapshot) return;
    try {
      const ret = this.hooks.onSnapshot(snapshot, changes);
      if (ret && typeof (ret as Promise<void>).catch === "function") {
        (ret as Promise<void>).catch((err: unknown) => this.log?.warn({ err: String(err) }, "VICIdial database onSnapshot rejected"));
      }
    } catch (err) {
      this.log?.warn({ err: String(err) }, "VICIdial database onSnapshot threw");
    }
  }

  /** A runner bound to `deadline` that records when its first statement ran (for the clock offset). */
  private runner(link: Link, deadline: number): SqlRunner & { firstStatement(): { startedAt: number; endedAt: number } | null } {
    let first: { startedAt: number; endedAt: number } | null = null;
    return {
      firstStatement: () => first,
      query: (sql: string, values?: readonly unknown[]): Promise<Record<string, unknown>[]> => {
        const remaining = deadline - this.now();
        if (remaining <= 0) return Promise.reject(budgetSpent());
        const startedAt = this.now();
        return this.query(link, withServerLimit(sql, remaining, link.flavor), values ?? [], remaining + CLIENT_GRACE_MS).then((rows) => {
          first ??= { startedAt, endedAt: this.now() };
          return rows;
        });
      },
    };
  }

  private query(link: Link, sql: string, values: readonly unknown[], timeoutMs: number): Promise<Record<string, unknown>[]> {
    const result = new Promise<Record<string, unknown>[]>((resolve, reject) => {
      try {
        link.conn.query({ sql, values: [...values], timeout: Math.ceil(timeoutMs) }, (err, rows) => {
          if (err) reject(err);
          else resolve(Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []);
        });
      } catch (err) {
        reject(err);
      }
    });
    // A late callback after an abort must not surface as an unhandled rejection.
    result.catch(() => undefined);
    return Promise.race([result, link.aborted]);
  }

  // -- the connection --------------------------------------------------------------------------

  private connect(): Promise<Link> {
    const c = this.config.connection;
    return new Promise<Link>((resolve, reject) => {
      let settled = false;
      const conn = mysql.createConnection({
        host: c.host,
        port: c.port,
        user: c.user,
        password: c.password,
        database: c.database,
        connectTimeout: this.config.connectTimeoutMs,
        // Times are read as UNIX_TIMESTAMP()/TIMESTAMPDIFF() numbers; never let the driver convert dates.
        dateStrings: true,
        supportBigNumbers: true,
        multipleStatements: false,
        charset: "UTF8MB4_GENERAL_CI",
      });
      // A connection without an 'error' listener crashes the process on a late socket error.
      conn.on("error", () => {
        if (this.link?.conn === conn) this.dropLink();
        else hardClose(conn);
      });
      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        this.abortConnect = null;
        clearTimeout(guard);
        hardClose(conn);
        reject(err);
      };
      this.abortConnect = () => fail(Object.assign(new Error("stopped while connecting"), { code: "CONNECTION_DESTROYED" }));
      // mysql2 has its own connectTimeout; this guard also bounds the VERSION() round trip.
      const guard = setTimeout(
        () => fail(Object.assign(new Error(`connect took longer than ${this.config.connectTimeoutMs} ms`), { code: "ETIMEDOUT" })),
        this.config.connectTimeoutMs + CLIENT_GRACE_MS,
      );
      guard.unref();
      this.link = null;
      conn.connect((err) => {
        if (err) return fail(err);
        conn.query({ sql: "SELECT VERSION() AS version", timeout: this.config.connectTimeoutMs }, (qerr, rows) => {
          if (qerr) return fail(qerr);
          if (settled) return;
          settled = true;
          this.abortConnect = null;
          clearTimeout(guard);
          const version = String((rows as { version?: unknown }[])[0]?.version ?? "");
          this.serverVersion = version;
          const link = newLink(conn, /mariadb/i.test(version) ? "mariadb" : "mysql");
          if (this.stopped) {
            hardClose(conn);
            return reject(Object.assign(new Error("stopped"), { code: "CONNECTION_DESTROYED" }));
          }
          this.link = link;
          resolve(link);
        });
      });
    });
  }

  /** Destroys the connection at once and fails the statement in flight, if any. */
  private dropLink(): void {
    const link = this.link;
    this.link = null;
    if (!link) return;
    link.abort(Object.assign(new Error("connection closed by the poller"), { code: "CONNECTION_DESTROYED" }));
    hardClose(link.conn);
  }

  /** Closes the connection politely (COM_QUIT), destroying it after 1 s at most. */
  private closeLink(): Promise<void> {
    const link = this.link;
    this.link = null;
    if (!link) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => {
        hardClose(link.conn);
        resolve();
      }, 1000);
      force.unref();
      link.conn.end(() => {
        clearTimeout(force);
        hardClose(link.conn);
        resolve();
      });
    });
  }

  // -- status ----------------------------------------------------------------------------------

  private setState(state: VicidialDbState): void {
    if (this.state === state) return;
    this.state = state;
    this.since = this.now();
    this.emitStatus();
  }

  private emitStatus(): void {
    if (!this.hooks.onStatus) return;
    try {
      this.hooks.onStatus(this.status());
    } catch (err) {
      this.log?.warn({ err: String(err) }, "VICIdial database onStatus threw");
    }
  }
}
