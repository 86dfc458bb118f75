/**
 * Child processes of the benchmark: load workers (tsx scripts under bench/load/, forked with
 * an IPC channel using structured-clone serialisation so Float64Array samples travel cheaply),
 * and a registry that kills every child still alive when the run ends or is interrupted.
 * Ports, output capture and memory readings come from the shared kit (support/).
 *
 * Worker protocol (parent ⇄ worker over IPC):
 *   parent → { type: "start", config }     worker begins
 *   worker → { type: "ready", info }       (optional) e.g. all clients subscribed
 *   parent → { type: "go", params }        (optional) second phase
 *   parent → { type: "stop" }              (optional) end early / finish recording
 *   worker → { type: "result", result }    then exits
 *   worker → { type: "error", message }    then exits
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT } from "../../support/paths";

const children = new Set<ChildProcess>();

/** Remembers a child so {@link killAllChildren} can end it. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

/** SIGKILLs every tracked child still running (last-resort cleanup). */
export function killAllChildren(): void {
  for (const c of children) {
    try {
      if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    } catch {
      /* gone */
    }
  }
}

export interface Worker<R> {
  child: ChildProcess;
  /** Resolves with the worker's result (rejects on error, crash or timeout). */
  result: Promise<R>;
  /** Resolves with the worker's `ready` info. */
  ready: Promise<unknown>;
  send(msg: { type: "go"; params?: unknown } | { type: "stop" }): void;
  /** CPU time (user + system, ms) the worker used, known once the result has arrived. */
  cpuMs: number;
}

/**
 * Forks `bench/load/<name>.ts` under tsx, sends it `config`, and collects its result. The
 * worker is SIGKILLed if it has not answered within `timeoutMs`.
 */
export function startWorker<C, R>(name: string, config: C, timeoutMs: number): Worker<R> {
  const child = track(
    fork(path.join(ROOT, "bench", "load", `${name}.ts`), [], {
      cwd: ROOT,
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: { ...process.env, NODE_ENV: "production" },
    }),
  );
  let markReady: (info: unknown) => void = () => {};
  let failReady: (err: Error) => void = () => {};
  const ready = new Promise<unknown>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {});
  const result = new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`worker ${name} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    function fail(err: Error) {
      clearTimeout(timer);
      failReady(err);
      reject(err);
    }
    child.on("message", (raw) => {
      const msg = raw as { type: string; result?: R; info?: unknown; message?: string; cpuMs?: number };
      if (msg.type === "ready") markReady(msg.info);
      else if (msg.type === "result") {
        clearTimeout(timer);
        markReady(undefined);
        handle.cpuMs = msg.cpuMs ?? 0;
        resolve(msg.result as R);
      } else if (msg.type === "error") fail(new Error(`worker ${name}: ${msg.message}`));
    });
    child.once("exit", (code, signal) => fail(new Error(`worker ${name} exited (${code ?? signal}) without a result`)));
    child.once("error", (err) => fail(err));
  });
  result.catch(() => {});
  child.send({ type: "start", config });
  const handle: Worker<R> = {
    child,
    result,
    ready,
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    cpuMs: 0,
  };
  return handle;
}

export interface WorkerControl {
  /** Tells the parent this worker is ready (e.g. all clients connected). */
  ready(info?: unknown): void;
  /** Resolves when the parent sends `go`, with its params. */
  go: Promise<unknown>;
  /** Resolves when the parent sends `stop`. */
  stopped: Promise<void>;
}

/** Worker side: waits for `start`, runs `main`, sends its result, exits. */
export function workerMain<C, R>(main: (config: C, control: WorkerControl) => Promise<R>): void {
  let onGo: (p: unknown) => void = () => {};
  let onStop: () => void = () => {};
  const control: WorkerControl = {
    ready: (info) => process.send?.({ type: "ready", info }),
    go: new Promise((resolve) => (onGo = resolve)),
    stopped: new Promise((resolve) => (onStop = () => resolve())),
  };
  // The parent going away must not leave load running.
  process.on("disconnect", () => process.exit(0));
  process.on("message", (raw) => {
    const msg = raw as { type: string; config?: C; params?: unknown };
    if (msg.type === "go") onGo(msg.params);
    else if (msg.type === "stop") onStop();
    else if (msg.type === "start") {
      main(msg.config as C, control).then(
        (result) => {
          const cpu = process.cpuUsage();
          process.send!({ type: "result", result, cpuMs: (cpu.user + cpu.system) / 1000 }, () => process.exit(0));
        },
        (err: Error) => process.send!({ type: "error", message: err.stack ?? err.message }, () => process.exit(1)),
      );
    }
  });
}
