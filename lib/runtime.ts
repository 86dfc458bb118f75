/**
 * The live objects the custom server (server.ts) owns, made reachable from Next.js route
 * handlers and server components. Next bundles its own copy of our modules, so a module-level
 * singleton would not be shared; the server puts one registry on globalThis instead
 * (see STACK.md, "Next.js with a custom server").
 */
import type { AgentBook } from "./agents/agent-book";
import type { Authenticator } from "./auth/authenticator";
import type pg from "pg";
import type { Db } from "./db/prisma";
import type { EventStoreStats } from "./events/store";
import type { AdminActions } from "./server/admin-actions";
import type { IngestLog } from "./sources/ingest-log";
import type { PbxConnectionConfig } from "./sources/vodia/link";
import type { CallView } from "./calls/types";
import type { QueueBook } from "./queues/queue-book";
import type { AlertView, PbxLinkStatus } from "./realtime/contract";
import type { DialerSlice } from "./dialer/types";

export interface WallboardRuntime {
  /** The server's Prisma client (one pool for the whole process). */
  db: Db;
  /** Plain `pg` connections for the history exports' pages (lib/db/pg-pool.ts, EXPORT_POOL). */
  exportPool: pg.Pool;
  auth: Authenticator;
  admin: AdminActions;
  /** The current push token (it can be rotated). */
  pushToken(): string;
  /** Validated configuration pages and route handlers need. */
  config: {
    /** IANA zone of "today" and of history days. */
    timeZone: string;
    /** Stale timeout in seconds, of a campaign when given (its override, else STALE_AFTER_SEC). */
    staleAfterSec(campaign?: string): number;
  };
  /** The port the server listens on. */
  port(): number;
  /** How VICIdial reaches the wallboard (PUBLIC_URL or http://host:port). */
  publicUrl(): string;
  agents: AgentBook;
  queues: QueueBook;
  /** Calls in progress, oldest first. */
  activeCalls(): CallView[];
  pbxLinks(): PbxLinkStatus[];
  /** The last events received and how each was interpreted or refused. */
  ingestLog: IngestLog;
  /** Re-read configuration from the database and apply it live (after an admin change). */
  reload: { roster(): Promise<void>; queues(): Promise<void>; campaigns(): Promise<void>; alerts(): Promise<void> };
  /** Alerts active now, oldest first. */
  alerts(): AlertView[];
  /** VICIdial's dialer figures, every campaign and in-group (empty without the database source). */
  dialer(): DialerSlice;
  /** Live PBX links: add (and connect), remove, reconnect now. */
  pbx: { add(c: PbxConnectionConfig): void; remove(name: string): boolean; reconnect(name: string): boolean };
  /**
   * Platform links (XuC, VoIPBin): `changed` applies a stored connection's change on the
   * leader ("add" also restarts an edited one); `environmentNames` are those XUC_URL /
   * VOIPBIN_URL configure (read-only on the admin page).
   */
  sources: { changed(op: "add" | "remove" | "reconnect", name: string): void; environmentNames(): ReadonlySet<string> };
  /**
   * Ingest counters; `spooling` while PostgreSQL is down and events go to the local spool;
   * `agentsEvicted` > 0 means the live board hit MAX_LIVE_AGENTS (shown as a warning).
   */
  ingest(): EventStoreStats & {
    spooling: boolean;
    liveAgents: number;
    maxLiveAgents: number;
    agentsEvicted: number;
    lastEvictionAt: number | null;
  };
  /** Checks the database; resolves to the status shown by /healthz. */
  databaseStatus(): Promise<{ ok: boolean; latencyMs?: number; error?: string }>;
  /** ms since epoch, server clock. */
  now(): number;
  startedAt: number;
}

const KEY = Symbol.for("vici-wallboard.runtime");
type Holder = { [KEY]?: WallboardRuntime };

export function setRuntime(runtime: WallboardRuntime | undefined): void {
  (globalThis as Holder)[KEY] = runtime;
}

/** The server's runtime. Throws when called outside the custom server (e.g. `next dev`). */
export function getRuntime(): WallboardRuntime {
  const runtime = (globalThis as Holder)[KEY];
  if (!runtime) throw new Error("wallboard runtime not started: run the custom server (npm start), not `next` directly");
  return runtime;
}
