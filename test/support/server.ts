/**
 * Runs the real wallboard server (server.ts, production Next build) as a child process on a
 * free port against a test database, the way `npm start` runs it: a cluster primary and its
 * worker, in a process group of their own (so kill() is a kill -9 of the whole instance).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../../support/paths";
import { freePort } from "../../support/ports";
import { captureOutput, waitForOutput } from "../../support/processes";
import { ADMIN_PASSWORD, rememberSession, signIn } from "./session";

export interface TestServer {
  url: string;
  /** The signed-in admin's session cookie (name=value) and CSRF token. */
  cookie: string;
  csrf: string;
  port: number;
  /** The worker's process id (the process doing the work: memory readings). */
  pid: number;
  /** The primary's process id (`npm run reload` sends it SIGHUP). */
  primaryPid: number;
  databaseUrl: string;
  /** DATA_DIR of the instance (its spool, pid file, reload status). */
  dataDir: string;
  pushToken: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
  /** SIGKILL: the process dies without cleaning up. */
  kill(): Promise<void>;
}

/** Data folders of test servers (their ingest spools); emptied at the start of each run. */
export const TEST_SERVERS_DIR = path.join(ROOT, ".data", "test-servers");

let entry: string[] | null = null;
/**
 * What `npm start` runs: the compiled server (.next/wallboard-server, scripts/build-server.ts)
 * when it is built from the current sources; else (a developer ran vitest after editing without
 * `npm run build`) the sources through tsx, so tests never run stale code.
 */
export function serverEntry(): string[] {
  if (entry) return entry;
  let current = false;
  try {
    execFileSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "ensure-build.ts"), "--check"], { cwd: ROOT, stdio: "ignore" });
    current = true;
  } catch {
    current = false;
  }
  entry = current ? ["--enable-source-maps", path.join(ROOT, ".next", "wallboard-server", "server.mjs")] : ["--import", "tsx", "server.ts"];
  return entry;
}

/**
 * The environment a test server runs with (its PORT aside), and its DATA_DIR: one data folder
 * (for the ingest spool) per database, so a restart finds its own spool and parallel test
 * servers never share one. `pushToken` undefined leaves PUSH_TOKEN unset.
 */
export function serverEnvironment(options: { databaseUrl: string; pushToken?: string }): { dataDir: string; env: NodeJS.ProcessEnv } {
  const db = new URL(options.databaseUrl);
  const dataDir = path.join(TEST_SERVERS_DIR, `${db.port}-${db.pathname.slice(1)}`);
  return {
    dataDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      HOST: "127.0.0.1",
      ...(options.pushToken ? { PUSH_TOKEN: options.pushToken } : {}),
      DATA_DIR: dataDir,
      ADMIN_PASSWORD,
      LOG_LEVEL: "warn",
      // A developer's .env in the checkout must not change the tests.
      ENV_FILE: path.join(dataDir, "no.env"),
    },
  };
}

/** `pushToken: null` leaves PUSH_TOKEN unset, so the server generates one (and admins can rotate it). */
export async function startServer(options: { databaseUrl: string; env?: Record<string, string>; port?: number; pushToken?: string | null }): Promise<TestServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no Next.js build: run `npm run build` (npm test does) before the tests");
  const fixedToken = options.pushToken === null ? undefined : (options.pushToken ?? "test-push-token-0001");
  const { dataDir, env } = serverEnvironment({ ...options, pushToken: fixedToken });
  const launch = async (port: number) => {
    const child = spawn(process.execPath, serverEntry(), {
      cwd: ROOT,
      env: { ...env, PORT: String(port), ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const output = captureOutput(child);
    await waitForOutput(child, output, "Wallboard ready", { timeoutMs: 60_000, what: "server" });
    return { child, output };
  };
  // A port freePort() found free can be taken before the server binds it (by another test's
  // server, or as the local port of any outgoing connection, e.g. to PostgreSQL): the server
  // then exits with EADDRINUSE, and another free port is tried. A port the caller chose is not.
  let port = options.port ?? (await freePort());
  let started: Awaited<ReturnType<typeof launch>>;
  for (let attempt = 1; ; attempt++) {
    try {
      started = await launch(port);
      break;
    } catch (err) {
      if (options.port !== undefined || attempt >= 3 || !String((err as Error).message).includes("EADDRINUSE")) throw err;
      port = await freePort();
    }
  }
  const { child, output } = started;
  const url = `http://127.0.0.1:${port}`;
  const admin = await signIn(url, "admin", ADMIN_PASSWORD);
  rememberSession(url, admin.cookie, admin.csrf);
  const pushToken = fixedToken ?? ((await (await fetch(`${url}/api/admin/push`, { headers: { cookie: admin.cookie } })).json()) as { token: string }).token;
  return {
    cookie: admin.cookie,
    csrf: admin.csrf,
    url: `http://127.0.0.1:${port}`,
    port,
    pid: Number(/worker pid (\d+)/.exec(output())?.[1] ?? child.pid),
    primaryPid: child.pid!,
    databaseUrl: options.databaseUrl,
    dataDir,
    pushToken,
    output,
    stop: () => terminate(child, "SIGTERM"),
    kill: () => terminate(child, "SIGKILL"),
  };
}

/** SIGTERM: the primary drains its worker and exits. SIGKILL: the whole process group dies at once. */
function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    if (signal === "SIGKILL") {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    } else child.kill(signal);
  });
}
