/**
 * The wallboard's server entry (`npm start`).
 *
 * - As the cluster primary (lib/server/primary.ts): owns the listening socket and the
 *   embedded PostgreSQL, runs one worker, replaces it on SIGHUP (`npm run reload`) without
 *   refusing a connection, drains it on SIGTERM/SIGINT.
 * - As a worker (forked by the primary): the wallboard itself (lib/server/wallboard.ts).
 * - With `--dev`: everything in one process (Next.js in development mode, no cluster).
 *
 * The configuration is validated once at start (lib/env.ts); ENV_FILE (default ./.env, when
 * present) is read on top of the environment, and again by `npm run reload`.
 */
import cluster from "node:cluster";
import { loadEnv, type Env } from "./lib/env";
import { createLogger, type Logger } from "./lib/log";
import { readEnvFile, runPrimary } from "./lib/server/primary";
import type { PrimaryMessage, ReadyInfo, WorkerMessage } from "./lib/server/worker-protocol";
// Imported when needed (the primary never loads the wallboard; a worker loads it at once).
import type { RunningWallboard } from "./lib/server/wallboard";

const dev = process.argv.includes("--dev");

function configuration(): Env {
  try {
    return loadEnv({ ...process.env, ...(cluster.isPrimary ? readEnvFile() : {}) });
  } catch (err) {
    const message = `wallboard: ${(err as Error).message}`;
    if (cluster.isWorker) process.send?.({ type: "fatal", message } satisfies WorkerMessage);
    console.error(message);
    process.exit(2);
  }
}

/** The start banner (stdout, kept by service managers as a log: never a token or password). */
function banner(info: ReadyInfo): void {
  const masked = (url: string) => url.split(`token=${info.pushToken}`).join("token=<push token: Admin > Push>");
  console.log(
    [
      "",
      `Wallboard ready on ${info.publicUrl}/  (listening on port ${info.port}, worker pid ${info.workerPid})`,
      ...(info.adminPasswordFile
        ? ["", `First start: the password of the "admin" account is in ${info.adminPasswordFile} (readable only by this user; delete it after signing in)`]
        : []),
      "",
      "Agent Push URL for VICIdial Admin > System Settings (Agent Push Events = 1); Admin > Push shows it with the token filled in:",
      "  through get2post.php (copy extras/get2post.php into agc/ on the VICIdial web server; needs PHP's curl extension):",
      `    ${masked(info.pushUrls.relay)}`,
      "  path only, when the VICIdial web server reverse-proxies /api/push/vicidial to the wallboard",
      "  (VICIdial deletes every ':' from the URL, so http:// and ports cannot be written in it):",
      `    ${masked(info.pushUrls.path)}`,
      ...(info.pushUrls.warning ? ["", `  note: ${info.pushUrls.warning}`] : []),
      "",
      "Or load the agent-screen hook (one WebSocket per agent screen, carries the campaign and the pause code): Admin > Push shows the agc/options.php lines.",
      "Reload without dropping a push: npm run reload",
      "",
    ].join("\n"),
  );
}

/** The end of every shutdown, worker or single process: close the wallboard, then exit 0, or 1 when closing failed. */
function closeAndExit(wallboard: RunningWallboard, log: Logger): void {
  wallboard.close().then(
    () => process.exit(0),
    (err: Error) => {
      log.error({ err: err.message }, "shutdown failed");
      process.exit(1);
    },
  );
}

async function runWorker(env: Env, log: Logger): Promise<void> {
  const toPrimary = (m: WorkerMessage) => process.send?.(m);
  let draining = false;
  // The primary died (killed): nothing can reach this worker any more.
  process.on("disconnect", () => {
    if (!draining) process.exit(1);
  });
  let wallboard: RunningWallboard;
  try {
    const { startWallboard } = await import("./lib/server/wallboard");
    wallboard = await startWallboard(env, log, { onAccepting: () => toPrimary({ type: "accepting" }) });
  } catch (err) {
    const message = `wallboard failed to start: ${(err as Error).message.split("\n")[0]}`;
    log.error({ err: (err as Error).message }, "start failed");
    toPrimary({ type: "fatal", message });
    console.error(message);
    process.exit(1);
  }
  const drain = (why: string) => {
    if (draining) return;
    draining = true;
    log.info({ why }, "draining");
    closeAndExit(wallboard, log);
  };
  process.on("message", (m: PrimaryMessage) => {
    if (m?.type === "drain") drain("replaced or stopping");
  });
  // The primary forwards signals as drain messages; a signal sent to the worker itself drains too.
  process.on("SIGTERM", () => drain("SIGTERM"));
  process.on("SIGINT", () => {});
  toPrimary({
    type: "ready",
    info: { workerPid: process.pid, port: wallboard.port, publicUrl: wallboard.publicUrl, pushUrls: wallboard.pushUrls, pushToken: wallboard.pushToken, adminPasswordFile: wallboard.adminPasswordFile },
  });
}

async function runSingle(env: Env, log: Logger): Promise<void> {
  const { startWallboard } = await import("./lib/server/wallboard");
  const wallboard = await startWallboard(env, log, { dev });
  banner({ workerPid: process.pid, port: wallboard.port, publicUrl: wallboard.publicUrl, pushUrls: wallboard.pushUrls, pushToken: wallboard.pushToken, adminPasswordFile: wallboard.adminPasswordFile });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    closeAndExit(wallboard, log);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

async function main(): Promise<void> {
  const env = configuration();
  const log = createLogger(env.LOG_LEVEL).child({ process: dev ? "dev" : cluster.isPrimary ? "primary" : "worker" });
  if (dev) return runSingle(env, log);
  if (cluster.isPrimary) return runPrimary(env, log, { banner });
  return runWorker(env, log);
}

main().catch((err: unknown) => {
  // One line that says why, never a stack trace (and never an error from this handler).
  try {
    console.error(`wallboard failed to start: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  } finally {
    process.exit(1);
  }
});
