/**
 * The real wallboard server as a child process, like ./server.ts's startServer, but also
 * handing out the child's pid (to read its memory from /proc) and whether it is still alive.
 * Used by the fault tests (test/faults/).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { freePort } from "./ports";
import type { TestServer } from "./server";

export interface FaultServer extends TestServer {
  /** Process id of the server (node running server.ts). */
  pid: number;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Resident set size of the server process in KiB (VmRSS in /proc/<pid>/status). */
  rssKb(): number;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

export async function startFaultServer(options: { databaseUrl: string; env?: Record<string, string>; port?: number; pushToken?: string }): Promise<FaultServer> {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) throw new Error("no Next.js build: run `npm run build` (npm test does) before the tests");
  const port = options.port ?? (await freePort());
  const pushToken = options.pushToken ?? "test-push-token-0001";
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUSH_TOKEN: pushToken,
      LOG_LEVEL: "warn",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  await waitForReady(child, () => out, 60_000);
  const pid = child.pid!;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    databaseUrl: options.databaseUrl,
    pushToken,
    pid,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    rssKb: () => rssKb(pid),
    stop: () => terminate(child, "SIGTERM"),
    kill: () => terminate(child, "SIGKILL"),
  };
}

/** VmRSS of a process, KiB. */
export function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

function waitForReady(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`server not ready after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    const onData = () => {
      if (output().includes("Wallboard ready")) done();
    };
    const onExit = (code: number | null) => done(new Error(`server exited with ${code} before ready:\n${output()}`));
    function done(err?: Error) {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      if (err) {
        child.kill("SIGKILL");
        reject(err);
      } else resolve();
    }
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
}

function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
