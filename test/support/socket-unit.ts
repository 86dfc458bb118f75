/**
 * The wallboard run the way `deploy/wallboard.socket` runs it: a systemd socket unit holds the
 * listening socket and starts, stops and restarts the service on it (played by
 * ./socket-unit.py, see there why not systemd itself). The service is the compiled server
 * (`npm start`'s entry), on a test database, with the test servers' environment.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../support/paths";
import { captureOutput } from "../../support/processes";
import { serverEntry, serverEnvironment } from "./server";

export interface SocketUnit {
  url: string;
  port: number;
  pushToken: string;
  /** `systemctl start`: resolves with the worker's pid once the server printed its banner. */
  start(): Promise<number>;
  /** `systemctl stop`: SIGTERM to the service; resolves with its exit code. */
  stop(): Promise<number>;
  /** Resolves with the exit code the next time the service exits by itself (it is then started again). */
  exited(): Promise<number>;
  /** Resolves with the worker pid of the next banner printed (a restart after `exited`). */
  ready(): Promise<number>;
  output(): string;
  /** Stops the service and the socket unit. */
  close(): Promise<void>;
}

export async function startSocketUnit(options: { databaseUrl: string; timeoutMs?: number }): Promise<SocketUnit> {
  const pushToken = "test-push-token-0001";
  const { env } = serverEnvironment({ databaseUrl: options.databaseUrl, pushToken });
  const child = spawn("python3", [path.join(ROOT, "test", "support", "socket-unit.py"), "0", process.execPath, ...serverEntry()], {
    cwd: ROOT,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const output = captureOutput(child);
  const timeoutMs = options.timeoutMs ?? 60_000;
  let seen = 0;
  /** The first match of `pattern` printed after the last one this waited for. */
  const next = (pattern: RegExp, what: string) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`socket unit: no ${what} after ${timeoutMs} ms:\n${output().slice(-4000)}`)), timeoutMs);
      const check = () => {
        const rest = output().slice(seen);
        const m = pattern.exec(rest);
        if (m) {
          seen += m.index + m[0].length;
          finish(undefined, m);
        }
      };
      const onExit = () => finish(new Error(`socket unit exited waiting for ${what}:\n${output().slice(-4000)}`));
      function finish(err?: Error, m?: RegExpExecArray) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        child.off("exit", onExit);
        if (err) reject(err);
        else resolve(m!);
      }
      child.stdout!.on("data", check);
      child.once("exit", onExit);
      check();
    });
  const port = Number((await next(/^listening (\d+)$/m, "listening socket"))[1]);
  const ready = async () => Number((await next(/worker pid (\d+)\)/, "server banner"))[1]);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pushToken,
    async start() {
      child.stdin!.write("start\n");
      return ready();
    },
    async stop() {
      child.stdin!.write("stop\n");
      return Number((await next(/^stopped (-?\d+)$/m, "stop"))[1]);
    },
    async exited() {
      return Number((await next(/^exited (-?\d+)$/m, "exit"))[1]);
    },
    ready,
    output,
    close() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.stdin!.end();
      });
    },
  };
}
