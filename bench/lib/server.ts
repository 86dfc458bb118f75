/**
 * The processes under test: the wallboard (server.ts, production Next.js build, NODE_ENV
 * production, LOG_LEVEL warn, its DATA_DIR under the bench's temporary directory) and the bare
 * baseline (bench/baseline-server.ts), each a child process on a free 127.0.0.1 port against
 * a database URL. Stopped with SIGTERM (SIGKILL after 15 s).
 *
 * When the wallboard has sign-in (POST /api/auth/login answers), the bench signs in as the
 * first admin (ADMIN_PASSWORD is set) and hands the session cookie to its Socket.IO clients
 * and the browser; without it (404) they connect anonymously.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../support/paths";
import { freePort } from "../../support/ports";
import { captureOutput, stopChild, waitForOutput } from "../../support/processes";
import { track } from "./proc";
import { cpuProfileArgs } from "./cpu-profile";

export const PUSH_TOKEN = "bench-push-token-0001";
const ADMIN_PASSWORD = "bench-admin-password-1";
let serial = 0;

export interface RunningServer {
  url: string;
  pushUrl: string;
  port: number;
  /** The process doing the work: the wallboard's worker (CPU and memory readings). */
  pid: number;
  /** The wallboard's cluster primary (SIGHUP reloads), or the same as pid. */
  primaryPid: number;
  /** DATA_DIR of a wallboard server. */
  dataDir: string | null;
  /** Admin session cookie (name=value) when the server has sign-in, else null. */
  cookie: string | null;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Extra Node.js flags for the wallboard server from BENCH_NODE_ARGS (space-separated, e.g.
 * `--trace-gc`: the cluster primary passes its flags on to the worker). For experiments; a
 * results file from such a run says nothing of it, so do not commit one.
 */
function benchNodeArgs(): string[] {
  return (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
}

export async function startWallboardServer(databaseUrl: string, dataDir: string, env: Record<string, string> = {}, options: { cpuProfileDir?: string } = {}): Promise<RunningServer> {
  if (!existsSync(path.join(ROOT, ".next", "wallboard-server", "server.mjs"))) throw new Error("no build: run `npm run build` (npm run bench does)");
  const serverDir = path.join(dataDir, `server-${serial++}`);
  // What `npm start` runs: the compiled server (npm run bench builds it first).
  const profile = options.cpuProfileDir ? cpuProfileArgs(options.cpuProfileDir) : [];
  // A profiled worker writes its profile when it exits: give a loaded one time to drain first.
  const killAfterMs = profile.length > 0 ? 60_000 : 15_000;
  const server = await startChild(["--enable-source-maps", ...benchNodeArgs(), ...profile, path.join(".next", "wallboard-server", "server.mjs")], "Wallboard ready", databaseUrl, {
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    DATA_DIR: serverDir,
    ENV_FILE: path.join(serverDir, "no.env"),
    ADMIN_PASSWORD,
    ...env,
  }, killAfterMs);
  server.dataDir = serverDir;
  try {
    server.cookie = await signIn(server.url);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/** The admin's session cookie, or null when the server has no sign-in (404). */
async function signIn(url: string): Promise<string | null> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`sign-in as admin failed: ${res.status} ${(await res.text()).slice(0, 200)}`);
  const cookie = res.headers.getSetCookie()[0]?.split(";")[0];
  if (!cookie) throw new Error("sign-in answered without a session cookie");
  return cookie;
}

/**
 * bench/baseline-server.ts on `databaseUrl` (migrations applied): the bare push baseline, and
 * with `fanout` the bare end-to-end baseline (its module note says what each mode sends).
 */
export async function startBaselineServer(databaseUrl: string, options: { fanout?: "batch" | "paced" } = {}): Promise<RunningServer> {
  return startChild(["--import", "tsx", path.join("bench", "baseline-server.ts")], "baseline ready", databaseUrl, { NODE_ENV: "production", FANOUT: options.fanout ?? "" });
}

async function startChild(args: string[], readyText: string, databaseUrl: string, env: Record<string, string>, killAfterMs = 15_000): Promise<RunningServer> {
  const port = env["PORT"] ? Number(env["PORT"]) : await freePort();
  const child = track(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), PUSH_TOKEN, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  const output = captureOutput(child, 100_000);
  await waitForOutput(child, output, readyText, { timeoutMs: 90_000, what: args.at(-1)!, tailChars: 2000, killOnFailure: true });
  const url = `http://127.0.0.1:${port}`;
  const worker = Number(/worker pid (\d+)/.exec(output())?.[1] ?? child.pid);
  // SIGTERM lets the server drain; one that hangs is killed after `killAfterMs`.
  return { url, pushUrl: `${url}/api/push/vicidial`, port, pid: worker, primaryPid: child.pid!, dataDir: null, cookie: null, output, stop: () => stopChild(child, "SIGTERM", { killAfterMs }) };
}

/**
 * A note for the results when the wallboard logged warnings or errors (LOG_LEVEL warn):
 * how many lines and the first few, truncated; null when it logged none.
 */
export function serverLogNote(server: RunningServer | undefined): string | null {
  if (!server) return null;
  const lines = server
    .output()
    .split("\n")
    .filter((l) => /"level":(40|50|60)\b|\b(WARN|ERROR|FATAL)\b|Error:/.test(l));
  if (lines.length === 0) return null;
  const sample = lines.slice(0, 3).map((l) => `\`${l.slice(0, 200).replace(/`/g, "'")}\``);
  return `The wallboard logged ${lines.length} warning/error lines, e.g. ${sample.join("; ")}`;
}
