/**
 * `npm run reload`: replaces the running wallboard's worker with one running the current code
 * and configuration (ENV_FILE, default ./.env), without refusing a single connection (the
 * primary keeps the listening socket; lib/server/primary.ts). Builds first when the sources
 * changed. Waits for the outcome and exits non-zero when the reload failed (the old worker then
 * keeps serving).
 *
 * Finds the primary through DATA_DIR/wallboard.pid (DATA_DIR from the environment or ENV_FILE,
 * default .data).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";

const ROOT = path.resolve(import.meta.dirname, "..");
const envFile = process.env["ENV_FILE"] ?? ".env";
const fileEnv = existsSync(envFile) ? (parseEnv(readFileSync(envFile, "utf8")) as Record<string, string>) : {};
const dataDir = path.resolve(fileEnv["DATA_DIR"] ?? process.env["DATA_DIR"] ?? ".data");
const pidFile = path.join(dataDir, "wallboard.pid");
const statusFile = path.join(dataDir, "reload-status.json");

if (!existsSync(pidFile)) {
  console.error(`no running wallboard found (${pidFile} is missing): start it with npm start`);
  process.exit(1);
}
const pid = Number(readFileSync(pidFile, "utf8").trim());
try {
  process.kill(pid, 0);
} catch {
  console.error(`the wallboard of ${pidFile} (pid ${pid}) is not running: start it with npm start`);
  process.exit(1);
}

// A changed checkout is built before the switch (the running worker keeps serving meanwhile).
execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "ensure-build.ts")], { cwd: ROOT, stdio: "inherit" });

const before = existsSync(statusFile) ? statSync(statusFile).mtimeMs : 0;
process.kill(pid, "SIGHUP");
console.log(`reload requested (pid ${pid}); waiting for the new worker...`);
const deadline = Date.now() + 180_000;
const poll = setInterval(() => {
  if (existsSync(statusFile) && statSync(statusFile).mtimeMs > before) {
    const status = JSON.parse(readFileSync(statusFile, "utf8")) as { state: string; message?: string; worker?: number };
    if (status.state === "done") {
      console.log(`reloaded: worker ${status.worker} serving`);
      process.exit(0);
    }
    if (status.state === "failed") {
      console.error(`reload failed, the previous worker keeps serving: ${status.message}`);
      process.exit(1);
    }
  }
  if (Date.now() > deadline) {
    console.error("no answer from the wallboard within 180 s");
    process.exit(1);
  }
}, 250);
poll.unref();
setTimeout(() => {}, 181_000);
