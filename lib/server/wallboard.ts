/**
 * The composition root: builds one wallboard instance (a cluster worker, or the whole server
 * in dev mode) from its parts, in the order that keeps the push URL answering (issue 12 §1):
 *
 *  1. database pools (migrations applied, advisory-locked);
 *  2. ingest: spool, event store, the VICIdial push and hook sources;
 *  3. the HTTP server listens — pushes and hook events are accepted and committed from here
 *     on; pages and APIs answer 503 with Retry-After until step 7;
 *  4. spools of earlier runs committed; the live board rebuilt from PostgreSQL (events
 *     committed meanwhile are applied after it, once: the board dedupes by id);
 *  5. Socket.IO fan-out; replication from the other instances (lib/replication);
 *  6. the once-only roles, on whichever instance holds the leader lock (./once-only-roles.ts);
 *  7. Next.js prepared, the runtime published to route handlers: ready.
 *
 * Data flows one way: source → store (commit) → live engine (state) → fan-out.
 *
 * Only what steps 1–3 need is imported up front; the rest (Prisma's generated client,
 * Socket.IO, the live engine, Next.js) is imported after the server listens, so that a
 * restart leaves the push URL dead for as short a time as possible.
 */
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import type { Env } from "../env";
import type { Logger } from "../log";
import { newWriterId, openDatabase } from "../db/database";
import { createPgPool, EXPORT_POOL, REPLAY_POOL, REPLICATION_POOL } from "../db/pg-pool";
import type { Authenticator } from "../auth/authenticator";
import { EventSpool, orphanSpoolFiles, spoolFileFor } from "../events/spool";
import { EventStore } from "../events/store";
import type { StoredAgentEvent } from "../events/types";
import type { WallboardIo } from "../realtime/fanout";
import type { PbxLinkStatus } from "../realtime/contract";
import { IngestLog } from "../sources/ingest-log";
import { VICIDIAL_DB_LINK } from "../sources/vicidial-db/link-status";
import { PUSH_PATH, VicidialPushSource } from "../sources/vicidial-push";
import { VicidialHookSource } from "../sources/vicidial-hook";
import { hookSnippet } from "../sources/vicidial/hook-snippet";
import { pushUrls, type PushUrls } from "../sources/vicidial/push-urls";
import type { Leadership } from "./leadership";
import type { LiveEngine } from "./live-engine";
import { createRequestHandler } from "./http-router";
import { WallboardMetrics } from "./metrics";
import { allowlist, clientAddressResolver } from "../http/network";
import { PushToken } from "./push-token";
import { workerListenFd } from "./socket-activation";
import { NextAsyncContext } from "./next-async-context";

const HOUR_MS = 3_600_000;
/** Open sockets are re-authorised this often (a revocation takes effect within ~5 s everywhere). */
const REAUTH_EVERY_MS = 2_000;
/** In-flight requests get this long to be answered when the server stops (ms). */
const DRAIN_MS = 10_000;

/** What an admin change asks every instance to re-read (Socket.IO adapter, server-side). */
type ClusterNotice =
  | { kind: "roster" | "queues" | "campaigns" | "alerts" | "push-token" | "access" }
  | { kind: "pbx" | "source"; op: "add" | "remove" | "reconnect"; name: string };


/** Connections the kernel queues for this server before refusing more (see the listen call). */
const LISTEN_BACKLOG = 4096;
export interface RunningWallboard {
  http: HttpServer;
  port: number;
  pushUrls: PushUrls;
  /** The agc/options.php lines that load the agent-screen hook. */
  hookSnippet: string;
  /** The file holding the first admin's generated password (mode 0600), when it was generated at this start. */
  adminPasswordFile: string | null;
  /** PUBLIC_URL, or http://<hostname>:<port>. */
  publicUrl: string;
  /** The push token now (for masking it in output). */
  pushToken: string;
  /** Stops taking connections, answers what was received (committed first), stops everything. */
  close(): Promise<void>;
}

export interface StartOptions {
  dev?: boolean;
  /** Called once the push endpoint and the hook accept events (before the pages are ready). */
  onAccepting?: () => void;
}

/** Writes `text` to `file`, readable by this user only; returns the path. */
function writeSecretFile(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export async function startWallboard(env: Env, log: Logger, options: StartOptions = {}): Promise<RunningWallboard> {
  const now = () => Date.now();
  const startedAt = now();
  const writer = newWriterId(hostname());
  const metrics = new WallboardMetrics({ instance: writer });

  // 1. Database (pools; the Prisma client comes after listening).
  const database = await openDatabase(env, log, { writer });

  // 2. Ingest: this process's spool, the store, the sources.
  const spoolDir = path.resolve(env.DATA_DIR, "spool");
  const spool = new EventSpool(spoolFileFor(spoolDir), env.SPOOL_MAX_BYTES);
  const store = new EventStore(database.ingestPool, spool, {
    onOutage: (down, err) =>
      down ? log.error({ err: err?.message }, "PostgreSQL unreachable: ingest is spooling to disk") : log.info("PostgreSQL back: spool committed"),
    onQuarantine: (event, reason) => log.error({ user: event.user, event: event.event, reason, file: spool.quarantineFile }, "spooled event refused by PostgreSQL: quarantined"),
  });
  const pushToken = await PushToken.load(database.ingestPool, env.PUSH_TOKEN);
  const ingestLog = new IngestLog();
  const clientAddress = clientAddressResolver(env.TRUSTED_PROXIES);
  const sourceOptions = {
    token: () => pushToken.value,
    epochWindow: { maxAgeSec: env.EPOCH_MAX_AGE_SEC, maxAheadSec: env.EPOCH_MAX_AHEAD_SEC },
    allowFrom: allowlist(env.PUSH_ALLOW_FROM, clientAddress),
    now,
  };
  const push = new VicidialPushSource(store, { ...sourceOptions, maxBodyBytes: env.PUSH_MAX_BODY_BYTES, onError: (err) => log.error({ err: err.message }, "push not stored") }, ingestLog);
  const hook = new VicidialHookSource(store, { ...sourceOptions, onError: (err) => log.error({ err: err.message }, "hook event not stored") }, ingestLog);

  // Committed events wait here until the board is rebuilt, then go straight to the engine.
  let engine: LiveEngine | null = null;
  let buffered: StoredAgentEvent[] | null = [];
  store.onCommitted((events) => {
    // Counted per batch: a labelled counter's increment costs a label lookup each time.
    const counts = new Map<string, number>();
    const at = now();
    for (const e of events) {
      const key = `${e.source} ${e.merged ? "merged" : e.id < 0 ? "spooled" : "stored"}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      metrics.commit((at - e.receivedAt) / 1000);
    }
    for (const [key, n] of counts) {
      const [source, outcome] = key.split(" ") as [string, "merged" | "spooled" | "stored"];
      metrics.event(source, outcome, n);
    }
    if (buffered) buffered.push(...events);
    else engine!.applyEvents(events, "local");
  });

  // 3. Listen now: the push URL answers while the rest starts.
  let app: { auth: Authenticator; handleNext(req: IncomingMessage, res: ServerResponse): Promise<void> } | null = null;
  let leadership: Leadership | null = null;
  const publicUrlIsHttps = (env.PUBLIC_URL ?? "").startsWith("https:");
  const http = createServer(
    createRequestHandler({
      pushPath: PUSH_PATH,
      handlePush: (req, res) => push.handle(req, res),
      app: () => app,
      clientAddress,
      https: publicUrlIsHttps,
      log,
      health: {
        ready: () => app !== null,
        databaseStatus: () => databaseStatus(),
        ingest: () => ingestStatus(),
        agents: () => engine?.agents.size ?? 0,
        roles: () => leadership?.status() ?? { leader: false, since: null, roles: [] },
        startedAt,
        metrics: async () => {
          metrics.sample({
            clients: io?.engine.clientsCount ?? 0,
            liveAgents: engine?.agents.size ?? 0,
            spooling: store.degraded,
            links: (engine?.pbxLinks() ?? []).map((l) => ({ name: l.name, state: l.state })),
            roles: ["pbx", "platform-links", "vicidial-db", "history-rollup", "retention", "session-purge"].map((name) => ({ name, held: leadership?.isLeader ?? false })),
            board: engine ? { lateEvents: engine.agents.lateEventsIgnored, evicted: engine.agents.evicted, awaitingReload: engine.agents.lateCount } : undefined,
          });
          return metrics.text();
        },
      },
    }),
  );
  // VICIdial's get2post opens one connection per event; keep idle ones short.
  http.keepAliveTimeout = 5_000;
  http.on("connection", () => metrics.connectionAccepted());
  http.on("upgrade", (req, socket, head) => {
    if (hook.matches(req)) hook.upgrade(req, socket, head);
  });
  let io: WallboardIo | null = null;
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    // A shift start or a pause of this process (garbage collection, a rebuild) must not turn
    // get2post.php's connection-per-event burst into refused SYNs: Node's default backlog of 511
    // overflows after ~¼ s at 2,000 events/s and each dropped SYN waits 1, 3, 7 s to be retried
    // (bench scenario 1). The kernel caps it at net.core.somaxconn (4096 on current kernels).
    // Under systemd socket activation the primary's socket (passed by systemd) is used instead.
    const listenFd = workerListenFd();
    http.listen(listenFd === null ? { port: env.PORT, host: env.HOST, backlog: LISTEN_BACKLOG } : { fd: listenFd, backlog: LISTEN_BACKLOG }, () => resolve());
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const publicUrl = (env.PUBLIC_URL ?? `http://${hostname()}:${port}`).replace(/\/$/, "");
  log.info({ port, writer }, "accepting VICIdial pushes and hook events");
  options.onAccepting?.();

  function ingestStatus() {
    const agents = engine?.agents;
    return { spooling: store.degraded, ...store.stats, liveAgents: agents?.size ?? 0, maxLiveAgents: env.MAX_LIVE_AGENTS, agentsEvicted: agents?.evicted ?? 0, lastEvictionAt: agents?.lastEvictionAt ?? null };
  }
  async function databaseStatus(): Promise<{ ok: boolean; latencyMs?: number; error?: string }> {
    const t = now();
    try {
      await database.probePool.query("SELECT 1");
      return { ok: true, latencyMs: now() - t };
    } catch (err) {
      return { ok: false, error: (err as Error).message.split("\n")[0] };
    }
  }

  // 4. What earlier runs left, then the state. The replication horizon is read before the
  // rebuild, so whatever another instance commits during it is read again (and deduped).
  const [{ Server: IoServer }, { createAdapter }, { LiveEngine }, { Fanout }, { ReplicationFollower }, { Leadership }, roles, { Authenticator }, bootstrap, { sameHost }, { parseRosterCsv }, { HistoryRollup }, queries, { parseQueueConfig }, { setRuntime }, { AdminActions }, { PlatformRole }, { VicidialDbRole }] =
    await Promise.all([
      import("socket.io"),
      import("@socket.io/postgres-adapter"),
      import("./live-engine"),
      import("../realtime/fanout"),
      import("../replication/follower"),
      import("./leadership"),
      import("./once-only-roles"),
      import("../auth/authenticator"),
      import("../auth/bootstrap"),
      import("../auth/http-gate"),
      import("../agents/roster-csv"),
      import("../history/rollup"),
      import("./composition-queries"),
      import("../queues/config"),
      import("../runtime"),
      import("./admin-actions"),
      import("./platform-role"),
      import("./vicidial-db-role"),
    ]);
  const db = await database.prisma();
  const replicationPool = createPgPool(database.url, REPLICATION_POOL, (err) => log.warn({ err: err.message }, "replication connection lost"));
  const replayPool = createPgPool(database.url, REPLAY_POOL, (err) => log.warn({ err: err.message }, "board rebuild connection lost"));
  engine = new LiveEngine(db, {
    staleAfterSec: env.STALE_AFTER_SEC,
    liveWindowHours: env.LIVE_WINDOW_HOURS,
    timeZone: env.TIMEZONE,
    shortAbandonSec: env.SHORT_ABANDON_SEC,
    maxLiveAgents: env.MAX_LIVE_AGENTS,
    now,
    log,
    onFannedOut: (origin, lagMs) => metrics.fannedOut(origin, lagMs / 1000),
    replayPool,
  });
  const live = engine;
  const { seedQueueConfigs, upsertRoster, currentPbxState, replicationHorizon } = queries;
  const { ensureFirstAdmin, resolveSessionSecret } = bootstrap;
  const { PbxRole, retentionRole, rollupRole, sessionPurgeRole } = roles;
  const orphans = orphanSpoolFiles(spoolDir).map((f) => new EventSpool(f, env.SPOOL_MAX_BYTES));
  const recovered = await store.recover(orphans);
  if (recovered) log.info({ events: recovered, files: orphans.length }, "spooled events of earlier runs committed");
  if (env.ROSTER_CSV) {
    const entries = parseRosterCsv(readFileSync(env.ROSTER_CSV, "utf8"));
    await upsertRoster(db, entries);
    log.info({ file: env.ROSTER_CSV, agents: entries.length }, "roster loaded");
  }
  await seedQueueConfigs(db, parseQueueConfig(env.CAMPAIGN_QUEUES, env.QUEUE_SERVICE_LEVELS, env.SERVICE_LEVEL_SEC));
  const exportPool = createPgPool(database.url, EXPORT_POOL, (err) => log.warn({ err: err.message }, "history export connection lost"));
  const horizon = await replicationHorizon(replicationPool);
  await live.loadConfiguration();
  const pbxState = await currentPbxState<PbxLinkStatus>(replicationPool);
  live.applyAccountRows(pbxState.accounts);
  live.applySourceStatuses(pbxState.statuses);
  const rebuildStart = now();
  const rebuilt = await live.rebuild(rebuildStart - env.LIVE_WINDOW_HOURS * HOUR_MS);
  const meanwhile = buffered;
  buffered = null;
  live.agents.apply(meanwhile, now());
  log.info({ agents: live.agents.size, events: rebuilt.events, meanwhile: meanwhile.length, ms: now() - rebuildStart }, "live board rebuilt from stored events");

  // 5. Fan-out and replication.
  const firstAdmin = await ensureFirstAdmin(db, env.ADMIN_PASSWORD);
  const secureCookies = env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : publicUrlIsHttps;
  const auth = new Authenticator(db, await resolveSessionSecret(db, env.SESSION_SECRET), secureCookies);
  // Cross-site WebSocket (issue 11 item 12): a browser's handshake must come from the
  // wallboard's own origin (or ALLOWED_ORIGINS); clients without an Origin are not browsers.
  const allowedOrigins = new Set([...(env.ALLOWED_ORIGINS ?? "").split(","), env.PUBLIC_URL ?? ""].map((o) => (o.trim() ? new URL(o.trim()).origin : "")).filter(Boolean));
  io = new IoServer(http, {
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const ok = origin === undefined || sameHost(origin, req.headers.host) || allowedOrigins.has(origin);
      callback(ok ? null : "cross-site WebSocket refused", ok);
    },
  });
  // Deltas are derived by every instance from the replicated state and sent to its own
  // clients (io.local); the adapter carries only what is not in that stream: admin notices.
  const adapterPool = createPgPool(database.url, { max: 2, connectTimeoutMs: 3_000, statementTimeoutMs: 10_000, queryTimeoutMs: 12_000 }, (err) => log.warn({ err: err.message }, "Socket.IO adapter connection lost"));
  io.adapter(createAdapter(adapterPool, { tableName: "socket_io_attachments", errorHandler: (err) => log.warn({ err: err.message }, "Socket.IO adapter error") }));
  const fanout = new Fanout(
    io,
    { agents: live.agents, queues: live.queues, activeCalls: () => live.activeCalls(), pbxLinks: () => live.pbxLinks(), alerts: () => live.alerts.list(), dialer: () => live.dialer.current(), now },
    {
      authenticate: async (cookie, o) => (await auth.fromCookieHeader(cookie, { tokenCacheMs: o?.recheck ? REAUTH_EVERY_MS : 0 }))?.principal ?? null,
      throttle: { points: env.CLIENT_THROTTLE_POINTS, burst: env.CLIENT_THROTTLE_BURST, windowSec: env.CLIENT_THROTTLE_WINDOW_SEC },
    },
  );
  live.start(fanout);
  const follower = new ReplicationFollower(
    replicationPool,
    {
      agentEvents: (events) => live.applyEvents(events, "replicated"),
      calls: (calls) => live.applyRemoteCalls(calls),
      accounts: (rows) => live.applyAccountRows(rows),
      sourceStatuses: (rows) => live.applySourceStatuses(rows),
    },
    { databaseUrl: database.url, writer, log },
  );
  await follower.start(horizon);

  let reauthorizing = false;
  const reauthorize = () => {
    if (reauthorizing) return;
    reauthorizing = true;
    fanout
      .reauthorize()
      .catch((err: Error) => log.warn({ err: err.message }, "socket re-authorisation failed"))
      .finally(() => (reauthorizing = false));
  };
  const reauthTimer = setInterval(reauthorize, REAUTH_EVERY_MS);
  reauthTimer.unref();

  // 6. Once-only roles, on the leader.
  const pbxRole = new PbxRole(db, env, engine, log);
  const rollup = new HistoryRollup(db, { timeZone: env.TIMEZONE, staleAfterSec: env.STALE_AFTER_SEC, shortAbandonSec: env.SHORT_ABANDON_SEC, defaultServiceLevelSec: env.SERVICE_LEVEL_SEC, log, onRun: (r) => metrics.rollupRun(r) });
  rollup.serveThisProcess();
  const platformRole = new PlatformRole(db, env, engine, log, {
    append: (e) => store.append(e),
    notify: (kind) => notice({ kind }, true),
  });
  const vicidialDbRole = new VicidialDbRole(db, env, engine, log, { append: (e) => store.append(e) });
  leadership = new Leadership([pbxRole, platformRole, vicidialDbRole, rollupRole(rollup), retentionRole(db, env, log), sessionPurgeRole(db)], { databaseUrl: database.url, log });
  leadership.start();

  /** Applies a notice here; `broadcast` also sends it to the other instances. */
  async function notice(n: ClusterNotice, broadcast: boolean): Promise<void> {
    if (broadcast) io!.serverSideEmit("wallboard:notice", n);
    switch (n.kind) {
      case "roster":
        await live.reload.roster();
        pbxRole.refreshBlf();
        await platformRole.reloadIdentityLinks();
        return;
      case "queues":
      case "campaigns":
      case "alerts":
        return live.reload[n.kind]();
      case "push-token":
        await pushToken.reload(db);
        return;
      case "access":
        reauthorize();
        return;
      case "pbx":
        return pbxRole.apply(n.op, n.name);
      case "source":
        return n.name === VICIDIAL_DB_LINK ? vicidialDbRole.apply(n.op) : platformRole.apply(n.op, n.name);
    }
  }
  io.on("wallboard:notice", (n: ClusterNotice) => {
    void notice(n, false).catch((err: Error) => log.warn({ err: err.message, notice: n.kind }, "notice from another instance failed"));
  });

  // 7. Pages. Next.js's AsyncLocalStorage instances turn Node's async hooks on for the whole
  // process; they are turned off again while no page request is in flight (issue 14).
  const asyncContext = options.dev ? null : new NextAsyncContext();
  if (asyncContext && !asyncContext.install()) log.warn("Next.js was loaded before its AsyncLocalStorage could be tracked: async hooks stay on");
  const { default: next } = await import("next");
  if (!(options.dev ?? false)) useBuiltNextConfig(process.cwd());
  const nextApp = next({ dev: options.dev ?? false, dir: process.cwd(), hostname: "localhost", port });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  setRuntime({
    db,
    exportPool,
    auth,
    admin: new AdminActions(db, auth, pushToken, () => void notice({ kind: "access" }, true), () => void notice({ kind: "push-token" }, true)),
    pushToken: () => pushToken.value,
    port: () => port,
    config: { timeZone: env.TIMEZONE, staleAfterSec: (campaign) => live.agents.staleAfterMsFor(campaign) / 1000 },
    publicUrl: () => publicUrl,
    agents: live.agents,
    queues: live.queues,
    activeCalls: () => live.activeCalls(),
    pbxLinks: () => live.pbxLinks(),
    alerts: () => live.alerts.list(),
    dialer: () => live.dialer.current(),
    ingestLog,
    reload: {
      roster: () => notice({ kind: "roster" }, true),
      queues: () => notice({ kind: "queues" }, true),
      campaigns: () => notice({ kind: "campaigns" }, true),
      alerts: () => notice({ kind: "alerts" }, true),
    },
    pbx: {
      add: (c) => void notice({ kind: "pbx", op: "add", name: c.name }, true),
      remove: (name) => {
        void notice({ kind: "pbx", op: "remove", name }, true);
        return live.pbxLinks().some((l) => l.name === name);
      },
      reconnect: (name) => {
        const known = live.pbxLinks().some((l) => l.name === name);
        if (known) void notice({ kind: "pbx", op: "reconnect", name }, true);
        return known;
      },
    },
    sources: {
      changed: (op, name) => void notice({ kind: "source", op, name }, true),
      environmentNames: () => (vicidialDbRole.fromEnvironment ? new Set([...platformRole.environmentNames(), VICIDIAL_DB_LINK]) : platformRole.environmentNames()),
    },
    ingest: ingestStatus,
    now,
    startedAt,
    databaseStatus,
  });
  app = {
    auth,
    handleNext: (req, res) => {
      asyncContext?.track(res);
      return handleNext(req, res);
    },
  };
  log.info({ ms: now() - startedAt }, "ready");

  let closing: Promise<void> | undefined;
  return {
    http,
    port,
    pushUrls: pushUrls(publicUrl, pushToken.value),
    hookSnippet: hookSnippet(publicUrl, pushToken.value),
    adminPasswordFile: firstAdmin.generatedPassword ? writeSecretFile(path.resolve(env.DATA_DIR, "initial-admin-password"), `${firstAdmin.generatedPassword}\n`) : null,
    publicUrl,
    pushToken: pushToken.value,
    close() {
      closing ??= (async () => {
        // Stop taking connections; what was received is answered (after its commit) first.
        // Browsers and agent screens reconnect (to the next worker); their hook scripts resend
        // what was not acknowledged.
        const drained = new Promise<void>((resolve) => http.once("close", () => resolve()));
        clearInterval(reauthTimer);
        io?.close();
        http.close();
        http.closeIdleConnections();
        hook.close();
        await Promise.race([drained, new Promise((r) => setTimeout(r, DRAIN_MS))]);
        http.closeAllConnections();
        await store.idle();
        store.close();
        await spool.close();
        live.stop();
        await follower.stop();
        await leadership?.stop();
        await rollup.close();
        await nextApp.close?.();
        asyncContext?.close();
        setRuntime(undefined);
        await adapterPool.end().catch(() => {});
        await replicationPool.end().catch(() => {});
        await replayPool.end().catch(() => {});
        await exportPool.end().catch(() => {});
        await database.close();
      })();
      return closing;
    },
  };
}

/**
 * Production only: hands Next.js the configuration its build resolved
 * (`.next/required-server-files.json`, written by `next build`) instead of letting it load
 * `next.config.ts` again, the way Next's own standalone server does (its
 * `__NEXT_PRIVATE_STANDALONE_CONFIG`). Loading the TypeScript file means loading Next's native
 * SWC binding only to transpile it, which stays resident for the worker's life: measured
 * 25–30 MB of the worker's RSS (issue 14). Without the file (an old build) Next loads the
 * config as before.
 */
function useBuiltNextConfig(dir: string): void {
  if (process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) return;
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, ".next", "required-server-files.json"), "utf8")) as { config?: unknown };
    if (manifest.config && typeof manifest.config === "object") process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(manifest.config);
  } catch {
    // No manifest: Next reads next.config.ts itself.
  }
}
