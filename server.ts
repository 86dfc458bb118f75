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
  const { direct, relay, warning } = wallboard.pushUrls;
  console.log(
    [
      "",
      `Wallboard ready on http://localhost:${wallboard.port}/`,
      ...(wallboard.generatedAdminPassword
        ? ["", `First start: sign in as "admin" with password ${wallboard.generatedAdminPassword}  (shown once; change it under Account)`]
        : []),
      "",
      "Paste one of these into VICIdial Admin > System Settings > Agent Push URL (Agent Push Events = 1):",
      "  through get2post.php (copy extras/get2post.php into agc/ on the VICIdial web server):",
      `    ${relay}`,
      "  direct (when the wallboard is served from the VICIdial web server's origin, or for other senders):",
      `    ${direct}`,
      ...(warning ? ["", `  note: ${warning}`] : []),
      "",
      "Or load the agent-screen hook (one WebSocket per agent screen, carries the campaign): add to agc/options.php",
      ...wallboard.hookSnippet.split("\n").map((line) => `    ${line}`),
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
