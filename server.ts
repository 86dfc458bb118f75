/**
 * The wallboard's server entry (`npm start`): validates the configuration, starts everything
 * (lib/server/start.ts), prints the VICIdial Agent Push URLs, and shuts down cleanly on
 * SIGINT/SIGTERM (pending events are committed before the database closes).
 */
import { loadEnv } from "./lib/env";
import { createLogger } from "./lib/log";
import { startWallboard } from "./lib/server/start";

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    console.error(`wallboard: ${(err as Error).message}`);
    process.exit(2);
  }
  const log = createLogger(env.LOG_LEVEL);
  const wallboard = await startWallboard(env, log, { dev: process.argv.includes("--dev") });
  const { relay, path, warning } = wallboard.pushUrls;
  // The banner is on stdout, which service managers keep as a log: it never holds the push
  // token or a password (issue 11 item 14). The token is under Admin → Push.
  const masked = (url: string) => url.split(`token=${wallboard.pushToken}`).join("token=<push token: Admin > Push>");
  console.log(
    [
      "",
      `Wallboard ready on ${wallboard.publicUrl}/  (listening on port ${wallboard.port})`,
      ...(wallboard.adminPasswordFile
        ? ["", `First start: the password of the "admin" account is in ${wallboard.adminPasswordFile} (readable only by this user; delete it after signing in)`]
        : []),
      "",
      "Agent Push URL for VICIdial Admin > System Settings (Agent Push Events = 1); Admin > Push shows it with the token filled in:",
      "  through get2post.php (copy extras/get2post.php into agc/ on the VICIdial web server; needs PHP's curl extension):",
      `    ${masked(relay)}`,
      "  path only, when the VICIdial web server reverse-proxies /api/push/vicidial to the wallboard",
      "  (VICIdial deletes every ':' from the URL, so http:// and ports cannot be written in it):",
      `    ${masked(path)}`,
      ...(warning ? ["", `  note: ${warning}`] : []),
      "",
      "Or load the agent-screen hook (one WebSocket per agent screen, carries the campaign and the pause code): Admin > Push shows the agc/options.php lines.",
      "",
    ].join("\n"),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    wallboard.close().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err: err.message }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: Error) => {
  console.error(`wallboard failed to start: ${err.message}`);
  process.exit(1);
});
