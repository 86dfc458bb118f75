/**
 * Starts the whole wallboard in this process: database (embedded or DATABASE_URL) and
 * migrations, the live board rebuilt from stored events, the event store, the sources
 * (VICIdial push, agent-screen hook, PBX links), queue statistics, the Socket.IO fan-out and
 * Next.js, all on one HTTP server.
 *
 * Data flows one way: source → store (commit) → state (live board, calls, queues) → fan-out.
 */
import { createServer, type Server as HttpServer } from "node:http";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import next from "next";
import { Server as IoServer } from "socket.io";
import type { Env } from "../env";
import type { Logger } from "../log";
import { openDatabase } from "../db/database";
import { Authenticator } from "../auth/authenticator";
import { ensureFirstAdmin, resolveSessionSecret } from "../auth/bootstrap";
import { LiveBoard } from "../agents/live-board";
import { parseRosterCsv } from "../agents/roster-csv";
import { CallBook } from "../calls/call-book";
import { PbxHub } from "../calls/pbx-hub";
import { EventSpool } from "../events/spool";
import { EventStore } from "../events/store";
import { recentEventsByAgent } from "../queries/agent-events";
import { loadCalls } from "../queries/calls";
import { listQueueConfigs, seedQueueConfigs } from "../queries/queues";
import { listRoster, upsertRoster } from "../queries/roster";
import { parseQueueConfig } from "../queues/config";
import { QueueBoard } from "../queues/queue-board";
import { statsWindows } from "../queues/windows";
import { Fanout, type WallboardIo } from "../realtime/fanout";
import { PUSH_PATH, VicidialPushSource } from "../sources/vicidial-push";
import { IngestLog } from "../sources/ingest-log";
import { HistoryRollup } from "../history/rollup";
import { RetentionJob } from "../db/retention";
import { AlertBook } from "../alerts/alert-book";
import { loadAlertConfig } from "../alerts/config";
import { evaluateAlerts } from "../alerts/evaluate";
import { listCampaignSettings } from "../queries/campaigns";
import { listPbxConnections } from "../queries/pbx-connections";
import { VicidialHookSource } from "../sources/vicidial-hook";
import { hookSnippet } from "../sources/vicidial/hook-snippet";
import { pushUrls, type PushUrls } from "../sources/vicidial/push-urls";
import { setRuntime } from "../runtime";
import { PushToken } from "./push-token";
import { AdminActions } from "./admin-actions";
import { allowlist, clientAddressResolver } from "./network";
import { createRequestHandler } from "./http-router";
import { sameHost } from "../auth/http-gate";
import { purgeExpiredRevocations } from "../queries/sessions";

/** Events per agent replayed at start (see AgentTimeline's capacity). */
const REBUILD_EVENTS_PER_AGENT = 256;
const STALE_CHECK_MS = 2_000;
/** Open sockets are re-authorised this often (a revocation takes effect within ~5 s everywhere). */
const REAUTH_EVERY_MS = 2_000;
/** Queue statistics are recomputed this often as their windows slide, and at most this often per call burst. */
const QUEUE_TICK_MS = 1_000;
const HOUR_MS = 3_600_000;

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
  close(): Promise<void>;
}

/** Writes `text` to `file`, readable by this user only; returns the path. */
function writeSecretFile(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export async function startWallboard(env: Env, log: Logger, options: { dev?: boolean } = {}): Promise<RunningWallboard> {
  const now = () => Date.now();
  const database = await openDatabase(env, log);
  const { db } = database;

  // History rollups, kept current from what each commit marks dirty (lib/history/rollup.ts).
  const historyRollup = new HistoryRollup(db, { timeZone: env.TIMEZONE, staleAfterSec: env.STALE_AFTER_SEC, shortAbandonSec: env.SHORT_ABANDON_SEC, defaultServiceLevelSec: env.SERVICE_LEVEL_SEC, log });

  // Events spooled during a database outage that the previous run could not commit come first.
  const spool = new EventSpool(path.resolve(env.DATA_DIR, "spool", "agent-events.jsonl"), env.SPOOL_MAX_BYTES);
  const store = new EventStore(database.ingestPool, spool, {
    onOutage: (down, err) =>
      down ? log.error({ err: err?.message }, "PostgreSQL unreachable: ingest is spooling to disk") : log.info("PostgreSQL back: spool committed"),
    onQuarantine: (event, reason) => log.error({ user: event.user, event: event.event, reason, file: spool.quarantineFile }, "spooled event refused by PostgreSQL: quarantined"),
  });
  const recovered = await store.recover();
  if (recovered) log.info({ events: recovered }, "spooled events from the previous run committed");

  // State, rebuilt from what is stored.
  const board = new LiveBoard({ staleAfterMs: env.STALE_AFTER_SEC * 1000, timelineCapacity: REBUILD_EVENTS_PER_AGENT, maxAgents: env.MAX_LIVE_AGENTS });
  if (env.ROSTER_CSV) {
    const entries = parseRosterCsv(readFileSync(env.ROSTER_CSV, "utf8"));
    await upsertRoster(db, entries);
    log.info({ file: env.ROSTER_CSV, agents: entries.length }, "roster loaded");
  }
  board.setRoster(await listRoster(db), now());
  const rebuildStart = now();
  const history = await recentEventsByAgent(db, rebuildStart - env.LIVE_WINDOW_HOURS * HOUR_MS, REBUILD_EVENTS_PER_AGENT);
  board.apply(history, now());
  log.info({ agents: board.size, events: history.length, ms: now() - rebuildStart }, "live board rebuilt from stored events");

  await seedQueueConfigs(db, parseQueueConfig(env.CAMPAIGN_QUEUES, env.QUEUE_SERVICE_LEVELS, env.SERVICE_LEVEL_SEC));
  const queues = new QueueBoard({ timeZone: env.TIMEZONE, shortAbandonSec: env.SHORT_ABANDON_SEC });
  queues.setConfigs(await listQueueConfigs(db));
  const callsSince = () => Math.min(statsWindows(now(), env.TIMEZONE).today, now() - HOUR_MS);
  const calls = new CallBook(queues.queueIds());
  calls.load(await loadCalls(db, callsSince()));

  // Sources and stores.
  const pushToken = await PushToken.load(db, env.PUSH_TOKEN);
  const firstAdmin = await ensureFirstAdmin(db, env.ADMIN_PASSWORD);
  const publicUrlIsHttps = (env.PUBLIC_URL ?? "").startsWith("https:");
  const secureCookies = env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : publicUrlIsHttps;
  const auth = new Authenticator(db, await resolveSessionSecret(db, env.SESSION_SECRET), secureCookies);
  const ingestLog = new IngestLog();
  const epochWindow = { maxAgeSec: env.EPOCH_MAX_AGE_SEC, maxAheadSec: env.EPOCH_MAX_AHEAD_SEC };
  const clientAddress = clientAddressResolver(env.TRUSTED_PROXIES);
  const allowFrom = allowlist(env.PUSH_ALLOW_FROM, clientAddress);
  const push = new VicidialPushSource(store, {
    token: () => pushToken.value,
    epochWindow,
    allowFrom,
    maxBodyBytes: env.PUSH_MAX_BODY_BYTES,
    now,
    onError: (err) => log.error({ err: err.message }, "push not stored"),
  }, ingestLog);
  const hook = new VicidialHookSource(store, {
    token: () => pushToken.value,
    epochWindow,
    allowFrom,
    now,
    onError: (err) => log.error({ err: err.message }, "hook event not stored"),
  }, ingestLog);

  const app = next({ dev: options.dev ?? false, dir: process.cwd(), hostname: "localhost", port: env.PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const http = createServer(
    createRequestHandler({
      pushPath: PUSH_PATH,
      handlePush: (req, res) => push.handle(req, res),
      auth,
      clientAddress,
      handleNext: (req, res) => handleNext(req, res),
      https: publicUrlIsHttps,
      log,
    }),
  );
  // VICIdial's get2post opens one connection per event; keep idle ones short.
  http.keepAliveTimeout = 5_000;
  http.on("upgrade", (req, socket, head) => {
    if (hook.matches(req)) hook.upgrade(req, socket, head);
  });

  // Fan-out, fed by every kind of state change.
  // Cross-site WebSocket (issue 11 item 12): a browser's handshake must come from the
  // wallboard's own origin (or ALLOWED_ORIGINS); clients without an Origin are not browsers.
  const allowedOrigins = new Set([...(env.ALLOWED_ORIGINS ?? "").split(","), env.PUBLIC_URL ?? ""].map((o) => (o.trim() ? new URL(o.trim()).origin : "")).filter(Boolean));
  const io: WallboardIo = new IoServer(http, {
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      const ok = origin === undefined || sameHost(origin, req.headers.host) || allowedOrigins.has(origin);
      callback(ok ? null : "cross-site WebSocket refused", ok);
    },
  });
  let pbx: PbxHub;
  const alerts = new AlertBook();
  let alertConfig = await loadAlertConfig(db);
  const fanout = new Fanout(
    io,
    { board, queues, activeCalls: () => calls.active(), pbxLinks: () => pbx.status(), alerts: () => alerts.list(), now },
    {
      authenticate: async (cookie, options) => (await auth.fromCookieHeader(cookie, { tokenCacheMs: options?.recheck ? REAUTH_EVERY_MS : 0 }))?.principal ?? null,
      throttle: { points: env.CLIENT_THROTTLE_POINTS, burst: env.CLIENT_THROTTLE_BURST, windowSec: env.CLIENT_THROTTLE_WINDOW_SEC },
    },
  );
  const dirtyQueues = new Set<string>();
  store.onCommitted((events) => {
    const changes = board.apply(events, now());
    fanout.publishAgents(changes);
    for (const { agent } of changes) for (const q of queues.queuesOfCampaign(agent.campaign)) dirtyQueues.add(q);
  });

  pbx = new PbxHub(db, calls, {
      keepAliveMs: env.PBX_KEEPALIVE_SEC * 1000,
      resyncMs: env.PBX_RESYNC_SEC * 1000,
      maxFrameBytes: env.PBX_MAX_FRAME_BYTES,
      frameQueueMax: env.PBX_FRAME_QUEUE_MAX,
      callQueueMax: env.PBX_CALL_QUEUE_MAX,
      extensions: () => board.extensions(),
      now,
      log,
      onCalls: (changed) => {
        fanout.publishCalls(changed);
        for (const c of changed) if (c.queue) dirtyQueues.add(c.queue);
      },
      onPhones: (phones) => fanout.publishAgents(board.setPhones(phones, now())),
      onLinks: (links) => {
        fanout.publishLinks(links);
        checkAlerts();
      },
    });
  if (env.PBX_URL) pbx.add({ name: "env", url: env.PBX_URL, session: env.PBX_SESSION, username: env.PBX_USERNAME, password: env.PBX_PASSWORD });
  for (const c of await listPbxConnections(db)) if (c.enabled && c.name !== "env") pbx.add(c);

  const staleTimeouts = async () =>
    new Map((await listCampaignSettings(db)).filter((c) => c.staleAfterSec !== null).map((c) => [c.id, c.staleAfterSec! * 1000]));
  board.setStaleTimeouts(await staleTimeouts(), now());

  queues.recompute(calls.recent(), board.list(), now());
  function checkAlerts(): void {
    const candidates = evaluateAlerts({ agents: board.list(), queues: queues.list(), campaignsOfQueue: (q) => queues.campaignsOfQueue(q), pbx: pbx.status() }, alertConfig, now());
    fanout.publishAlerts(alerts.update(candidates, now()));
  }
  let lastFullRecompute = now();
  const queueTimer = setInterval(() => {
    const t = now();
    // Windows slide every second; dirty queues changed by a call or an agent meanwhile.
    const full = t - lastFullRecompute >= QUEUE_TICK_MS;
    const ids = full ? undefined : [...dirtyQueues];
    if (!full && ids!.length === 0) return;
    dirtyQueues.clear();
    if (full) lastFullRecompute = t;
    fanout.publishQueues(queues.recompute(calls.recent(), board.list(), t, ids));
    if (full) checkAlerts();
  }, 250);
  queueTimer.unref();

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
  const purgeRevocations = () => void purgeExpiredRevocations(db, now()).catch(() => {});
  purgeRevocations();
  const purgeTimer = setInterval(purgeRevocations, HOUR_MS);
  purgeTimer.unref();

  let evictedLogged = 0;
  const staleTimer = setInterval(() => {
    const t = now();
    if (board.evicted > evictedLogged) {
      log.warn({ evicted: board.evicted - evictedLogged, max: env.MAX_LIVE_AGENTS }, "live board full (MAX_LIVE_AGENTS): agents silent longest were evicted");
      evictedLogged = board.evicted;
    }
    fanout.publishAgents(board.refreshStale(t));
    board.evictIdle(t - env.LIVE_WINDOW_HOURS * HOUR_MS);
    calls.prune(callsSince());
  }, STALE_CHECK_MS);
  staleTimer.unref();

  let boundPort = env.PORT;
  let publicUrl = env.PUBLIC_URL ?? `http://${hostname()}:${env.PORT}`;
  historyRollup.start();
  const retention = new RetentionJob(db, { eventDays: env.RETENTION_DAYS, frameDays: env.PBX_FRAME_RETENTION_DAYS, staleAfterSec: env.STALE_AFTER_SEC, log });
  retention.start();
  setRuntime({
    db,
    auth,
    admin: new AdminActions(db, auth, pushToken, reauthorize),
    pushToken: () => pushToken.value,
    port: () => boundPort,
    config: { timeZone: env.TIMEZONE, staleAfterSec: (campaign) => board.staleAfterMsFor(campaign) / 1000 },
    publicUrl: () => publicUrl,
    board,
    queues,
    activeCalls: () => calls.active(),
    pbxLinks: () => pbx.status(),
    alerts: () => alerts.list(),
    ingestLog,
    reload: {
      async roster() {
        fanout.publishAgents(board.setRoster(await listRoster(db), now()));
        pbx.refreshBlf();
      },
      async queues() {
        queues.setConfigs(await listQueueConfigs(db));
        calls.setQueueIds(queues.queueIds());
        fanout.publishQueues(queues.recompute(calls.recent(), board.list(), now()));
      },
      async campaigns() {
        fanout.publishAgents(board.setStaleTimeouts(await staleTimeouts(), now()));
      },
      async alerts() {
        alertConfig = await loadAlertConfig(db);
        checkAlerts();
      },
    },
    pbx: {
      add: (c) => pbx.add(c),
      remove: (name) => pbx.remove(name),
      reconnect: (name) => pbx.reconnect(name),
    },
    ingest: () => ({ spooling: store.degraded, ...store.stats, liveAgents: board.size, maxLiveAgents: env.MAX_LIVE_AGENTS, agentsEvicted: board.evicted, lastEvictionAt: board.lastEvictionAt }),
    now,
    startedAt: now(),
    async databaseStatus() {
      const t = now();
      try {
        await database.probePool.query("SELECT 1");
        return { ok: true, latencyMs: now() - t };
      } catch (err) {
        return { ok: false, error: (err as Error).message.split("\n")[0] };
      }
    },
  });

  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = http.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  boundPort = port;
  publicUrl = env.PUBLIC_URL ?? `http://${hostname()}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    http,
    port,
    pushUrls: pushUrls(publicUrl, pushToken.value),
    hookSnippet: hookSnippet(publicUrl, pushToken.value),
    adminPasswordFile: firstAdmin.generatedPassword ? writeSecretFile(path.resolve(env.DATA_DIR, "initial-admin-password"), `${firstAdmin.generatedPassword}\n`) : null,
    publicUrl: publicUrl.replace(/\/$/, ""),
    pushToken: pushToken.value,
    close() {
      closing ??= (async () => {
        clearInterval(staleTimer);
        clearInterval(reauthTimer);
        clearInterval(purgeTimer);
        clearInterval(queueTimer);
        hook.close();
        io.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await store.idle();
        store.close();
        await spool.close();
        await pbx.close();
        await app.close?.();
        setRuntime(undefined);
        await historyRollup.stop();
        await retention.stop();
        await database.close();
      })();
      return closing;
    },
  };
}
