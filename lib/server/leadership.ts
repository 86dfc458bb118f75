/**
 * Work that must happen once across every instance on one PostgreSQL — holding each PBX link,
 * the history rollup job, the retention job, anything that writes on a timer — runs on the
 * instance holding a PostgreSQL advisory lock, on a connection of its own (issue 12 §3).
 *
 * - Instances that are not leaders try to take the lock every `retryMs` (2 s).
 * - A leader whose process dies loses the lock with its connection at once: another takes over
 *   within `retryMs` plus the time its roles take to start.
 * - A leader checks its lock connection every `retryMs` (a query with a 2 s limit); when that
 *   fails it stops its roles at once and competes again. Server-side TCP keep-alives on the
 *   connection (idle 5 s, 3 probes 2 s apart) make PostgreSQL drop a leader that vanished
 *   from the network within about 11 s, so the lock cannot stay held by the dead.
 */
import pg from "pg";

/** Work one instance does for all (start: becoming leader; stop: losing or giving it up). */
export interface OnceOnlyRole {
  name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface LeadershipOptions {
  databaseUrl: string;
  /** ms between attempts and health checks (default 2000). */
  retryMs?: number;
  /** Which lock (one per cluster of instances). */
  lockKey?: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  onChange?: (leader: boolean) => void;
}

/** The advisory lock key the leader holds unless `lockKey` says otherwise ("wallboard leader"). */
export const DEFAULT_LOCK = 72707370;

export class Leadership {
  private client: pg.Client | null = null;
  private leader = false;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private stopped = false;
  private since: number | null = null;

  constructor(
    private readonly roles: readonly OnceOnlyRole[],
    private readonly options: LeadershipOptions,
  ) {}

  /** True while this instance holds the lock and its roles run. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Which roles this instance holds now, and since when (ms). */
  status(): { leader: boolean; since: number | null; roles: string[] } {
    return { leader: this.leader, since: this.since, roles: this.leader ? this.roles.map((r) => r.name) : [] };
  }

  start(): void {
    const tick = () => {
      if (this.busy || this.stopped) return;
      this.busy = true;
      (this.leader ? this.check() : this.attempt()).finally(() => (this.busy = false));
    };
    this.timer = setInterval(tick, this.options.retryMs ?? 2000);
    this.timer.unref();
    tick();
  }

  /** Stops the roles (if leader), releases the lock, closes the connection. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    while (this.busy) await new Promise((r) => setTimeout(r, 20));
    await this.stepDown("stopping");
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private async attempt(): Promise<void> {
    try {
      this.client ??= await this.connect();
      const { rows } = await this.client.query<{ ok: boolean }>({ text: "SELECT pg_try_advisory_lock($1) AS ok", values: [this.options.lockKey ?? DEFAULT_LOCK], query_timeout: 2000 } as pg.QueryConfig);
      if (!rows[0]?.ok) return;
    } catch (err) {
      await this.drop(err as Error);
      return;
    }
    this.leader = true;
    this.since = Date.now();
    this.options.log.info({ roles: this.roles.map((r) => r.name) }, "this instance took the once-only roles");
    for (const role of this.roles) {
      try {
        await role.start();
      } catch (err) {
        this.options.log.warn({ role: role.name, err: (err as Error).message }, "once-only role failed to start");
      }
    }
    this.options.onChange?.(true);
  }

  private async check(): Promise<void> {
    try {
      await this.client!.query({ text: "SELECT 1", query_timeout: 2000 } as pg.QueryConfig);
    } catch (err) {
      await this.stepDown(`lock connection lost: ${(err as Error).message}`);
      await this.drop(err as Error);
    }
  }

  private async stepDown(reason: string): Promise<void> {
    if (!this.leader) return;
    this.leader = false;
    this.since = null;
    this.options.log.warn({ reason }, "this instance gives up the once-only roles");
    for (const role of [...this.roles].reverse()) {
      try {
        await role.stop();
      } catch (err) {
        this.options.log.warn({ role: role.name, err: (err as Error).message }, "once-only role failed to stop");
      }
    }
    // Ending the session releases the lock (also when it cannot be reached any more).
    await this.client?.end().catch(() => {});
    this.client = null;
    this.options.onChange?.(false);
  }

  private async drop(err: Error): Promise<void> {
    if (this.client) this.options.log.warn({ err: err.message }, "leader lock connection failed; retrying");
    await this.client?.end().catch(() => {});
    this.client = null;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      connectionTimeoutMillis: 3000,
      keepAlive: true,
      // The server drops this session (and the lock) about 11 s after the client vanished.
      options: "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3",
    });
    client.on("error", () => {});
    await client.connect();
    return client;
  }
}
