/**
 * Starts the whole wallboard in this process: database (embedded or DATABASE_URL) and
 * migrations, the live board rebuilt from stored events, the event store, the sources, the
 * Socket.IO fan-out and Next.js, all on one HTTP server.
 *
 * Data flows one way: source → event store (commit) → live board → fan-out → browsers.
 */
import { createServer, type Server as HttpServer } from "node:http";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import next from "next";
import { Server as IoServer } from "socket.io";
import type { Env } from "../env";
import type { Logger } from "../log";
import { openDatabase } from "../db/database";
import { LiveBoard } from "../agents/live-board";
import { parseRosterCsv } from "../agents/roster-csv";
import { EventStore } from "../events/store";
import { recentEventsByAgent } from "../queries/agent-events";
import { listRoster, upsertRoster } from "../queries/roster";
import { AgentFanout, type WallboardIo } from "../realtime/fanout";
import { PUSH_PATH, VicidialPushSource } from "../sources/vicidial-push";
import { VicidialHookSource } from "../sources/vicidial-hook";
import { hookSnippet } from "../sources/vicidial/hook-snippet";
import { pushUrls, type PushUrls } from "../sources/vicidial/push-urls";
import { setRuntime } from "../runtime";
import { resolvePushToken } from "./push-token";

/** Events per agent replayed at start (see AgentTimeline's capacity). */
const REBUILD_EVENTS_PER_AGENT = 256;
const STALE_CHECK_MS = 2_000;

export interface RunningWallboard {
  http: HttpServer;
  port: number;
  pushUrls: PushUrls;
  /** The agc/options.php lines that load the agent-screen hook. */
  hookSnippet: string;
  close(): Promise<void>;
}

export async function startWallboard(env: Env, log: Logger, options: { dev?: boolean } = {}): Promise<RunningWallboard> {
  const now = () => Date.now();
  const database = await openDatabase(env, log);
  const { db } = database;

  const board = new LiveBoard({ staleAfterMs: env.STALE_AFTER_SEC * 1000, timelineCapacity: REBUILD_EVENTS_PER_AGENT });
  if (env.ROSTER_CSV) {
    const entries = parseRosterCsv(readFileSync(env.ROSTER_CSV, "utf8"));
    await upsertRoster(db, entries);
    log.info({ file: env.ROSTER_CSV, agents: entries.length }, "roster loaded");
  }
  board.setRoster(await listRoster(db), now());
  const rebuildStart = now();
  const history = await recentEventsByAgent(db, rebuildStart - env.LIVE_WINDOW_HOURS * 3_600_000, REBUILD_EVENTS_PER_AGENT);
  board.apply(history, now());
  log.info({ agents: board.size, events: history.length, ms: now() - rebuildStart }, "live board rebuilt from stored events");

  const pushToken = await resolvePushToken(db, env.PUSH_TOKEN);
  const store = new EventStore(db);
  const push = new VicidialPushSource(store, {
    token: () => pushToken,
    maxBodyBytes: env.PUSH_MAX_BODY_BYTES,
    now,
    onError: (err) => log.error({ err: err.message }, "push not stored"),
  });

  const hook = new VicidialHookSource(store, {
    token: () => pushToken,
    now,
    onError: (err) => log.error({ err: err.message }, "hook event not stored"),
  });

  const app = next({ dev: options.dev ?? false, dir: process.cwd(), hostname: "localhost", port: env.PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();

  const http = createServer((req, res) => {
    if (req.url === PUSH_PATH || req.url?.startsWith(`${PUSH_PATH}?`)) {
      void push.handle(req, res);
      return;
    }
    void handleNext(req, res);
  });
  // VICIdial's get2post opens one connection per event; keep idle ones short.
  http.keepAliveTimeout = 5_000;

  http.on("upgrade", (req, socket, head) => {
    if (hook.matches(req)) hook.upgrade(req, socket, head);
  });

  const io: WallboardIo = new IoServer(http, { serveClient: false });
  const fanout = new AgentFanout(io, board, now);
  store.onCommitted((events) => fanout.publish(board.apply(events, now())));

  const staleTimer = setInterval(() => {
    const t = now();
    fanout.publish(board.refreshStale(t));
    board.evictIdle(t - env.LIVE_WINDOW_HOURS * 3_600_000);
  }, STALE_CHECK_MS);
  staleTimer.unref();

  setRuntime({
    board,
    now,
    startedAt: now(),
    async databaseStatus() {
      const t = now();
      try {
        await db.$queryRaw`SELECT 1`;
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
  const publicUrl = env.PUBLIC_URL ?? `http://${hostname()}:${port}`;
  const urls = pushUrls(publicUrl, pushToken);

  let closing: Promise<void> | undefined;
  return {
    http,
    port,
    pushUrls: urls,
    hookSnippet: hookSnippet(publicUrl, pushToken),
    close() {
      closing ??= (async () => {
        clearInterval(staleTimer);
        hook.close();
        io.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        await store.idle();
        await app.close?.();
        setRuntime(undefined);
        await database.close();
      })();
      return closing;
    },
  };
}
