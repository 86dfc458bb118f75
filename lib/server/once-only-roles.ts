/**
 * The work one instance does for all (issue 12 §3), started and stopped by the leader lock
 * (./leadership.ts):
 * - `pbx`: holds every PBX link (PBX_URL and those configured under Admin → PBX); its calls,
 *   accounts and link statuses reach the other instances through PostgreSQL;
 * - `history-rollup`: the periodic job that keeps the history rollups current (pages of any
 *   instance still catch up on their own, idempotently);
 * - `retention`: the daily deletion of old rows;
 * - `session-purge`: forgets sign-outs of sessions that expired anyway.
 */
import { vodiaType } from "../sources/registry";
import type { Db } from "../db/prisma";
import type { Env } from "../env";
import type { Logger } from "../log";
import { PbxHub } from "../sources/vodia/hub";
import { HistoryRollup } from "../history/rollup";
import { RetentionJob } from "../history/retention";
import { listPbxConnections } from "../queries/pbx-connections";
import { findPbxConnection } from "../queries/admin-config";
import { purgeExpiredRevocations } from "../queries/sessions";
import type { LiveEngine } from "./live-engine";
import type { OnceOnlyRole } from "./leadership";
import { applyConnectionChange, type ConnectionOp } from "./connection-change";

const HOUR_MS = 3_600_000;

/** The PBX links, when this instance holds them. */
export class PbxRole implements OnceOnlyRole {
  readonly name = "pbx";
  private hub: PbxHub | null = null;

  constructor(
    private readonly db: Db,
    private readonly env: Env,
    private readonly engine: LiveEngine,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const { env, engine } = this;
    const hub = new PbxHub(this.db, engine.calls, {
      keepAliveMs: env.PBX_KEEPALIVE_SEC * 1000,
      resyncMs: env.PBX_RESYNC_SEC * 1000,
      maxFrameBytes: env.PBX_MAX_FRAME_BYTES,
      frameQueueMax: env.PBX_FRAME_QUEUE_MAX,
      callQueueMax: env.PBX_CALL_QUEUE_MAX,
      extensions: () => engine.agents.extensions(),
      now: () => Date.now(),
      log: this.log,
      onCalls: (changed) => engine.callsChanged(changed),
      onAccounts: (pbx, accounts) => engine.accountsChanged(pbx, accounts),
      onLinks: (links) => engine.linksChanged(links, { replace: true }),
    });
    this.hub = hub;
    engine.setLocalLinks("pbx", () => hub.status());
    const fromEnv = vodiaType.fromEnv!(env as unknown as Record<string, unknown>);
    if (fromEnv) hub.add(fromEnv);
    for (const c of await listPbxConnections(this.db)) if (c.enabled && c.name !== "env") hub.add(c);
  }

  async stop(): Promise<void> {
    const hub = this.hub;
    this.hub = null;
    this.engine.setLocalLinks("pbx", null);
    await hub?.close();
  }

  /** Applies an admin change of one connection (read from the database). Leader only; else a no-op. */
  async apply(op: ConnectionOp, name: string): Promise<void> {
    const hub = this.hub;
    if (!hub) return;
    await applyConnectionChange(op, name, {
      reconnect: (n) => hub.reconnect(n),
      remove: (n) => hub.remove(n),
      find: (n) => findPbxConnection(this.db, n),
      add: (c) => hub.add(c),
    });
  }

  refreshBlf(): void {
    this.hub?.refreshBlf();
  }
}

/** The history rollup's periodic job. */
export function rollupRole(rollup: HistoryRollup): OnceOnlyRole {
  return { name: "history-rollup", start: () => rollup.start(), stop: () => rollup.stop() };
}

/** The retention job. */
export function retentionRole(db: Db, env: Env, log: Logger): OnceOnlyRole {
  let job: RetentionJob | null = null;
  return {
    name: "retention",
    start() {
      job = new RetentionJob(db, { eventDays: env.RETENTION_DAYS, frameDays: env.PBX_FRAME_RETENTION_DAYS, sampleDays: env.DIALER_SAMPLE_RETENTION_DAYS, staleAfterSec: env.STALE_AFTER_SEC, log });
      job.start();
    },
    async stop() {
      await job?.stop();
      job = null;
    },
  };
}

/** Forgets sign-outs of expired sessions, hourly. */
export function sessionPurgeRole(db: Db): OnceOnlyRole {
  let timer: NodeJS.Timeout | null = null;
  const purge = () => void purgeExpiredRevocations(db, Date.now()).catch(() => {});
  return {
    name: "session-purge",
    start() {
      purge();
      timer = setInterval(purge, HOUR_MS);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
