/**
 * Child processes the tests and the bench start (wallboard servers, PostgreSQL, HAProxy): keep
 * what they print, wait until they say they are ready, stop them and wait for the exit, and
 * read their memory from /proc (Linux). Times are ms; memory is bytes unless a name says KiB.
 *
 * Part of support/, the one kit the tests (test/), the bench (bench/), the demo and the scripts
 * share. It sits at the top level, not under test/, because the bench and the demo are not
 * tests and must not reach into them; test/support/ keeps only what needs vitest or is for
 * tests alone.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Collects everything `child` prints (stdout and stderr, in arrival order); the child must be
 * spawned with both piped. With `keepChars`, only about the last `keepChars` characters are kept
 * (a long-running server's log must not grow without bound).
 */
export function captureOutput(child: ChildProcess, keepChars?: number): () => string {
  let out = "";
  const keep = (d: Buffer) => {
    out += d.toString();
    if (keepChars !== undefined && out.length > keepChars * 2) out = out.slice(-keepChars);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return () => out;
}

/**
 * Resolves once `output()` contains `readyText` (checked on each stdout chunk); rejects when the
 * child exits first or after `timeoutMs`, with `what`, the reason and `output()` in the message
 * (`tailChars`: only its end). `killOnFailure` SIGKILLs a child that did not get ready.
 */
export function waitForOutput(
  child: ChildProcess,
  output: () => string,
  readyText: string,
  opts: { timeoutMs: number; what: string; tailChars?: number; killOnFailure?: boolean },
): Promise<void> {
  const shown = () => (opts.tailChars === undefined ? output() : output().slice(-opts.tailChars));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${opts.what} not ready after ${opts.timeoutMs} ms:\n${shown()}`)), opts.timeoutMs);
    const onData = () => {
      if (output().includes(readyText)) done();
    };
    const onExit = (code: number | null) => done(new Error(`${opts.what} exited with ${code} before ready:\n${shown()}`));
    function done(err?: Error) {
      clearTimeout(timer);
      child.stdout!.off("data", onData);
      child.off("exit", onExit);
      if (err) {
        if (opts.killOnFailure) child.kill("SIGKILL");
        reject(err);
      } else resolve();
    }
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Sends `signal` to `child` and resolves when it has exited (at once if it already had).
 * `killAfterMs`: SIGKILL it if it is still running that long after the signal.
 */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals, opts: { killAfterMs?: number } = {}): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = opts.killAfterMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs);
    child.once("exit", () => {
      if (kill) clearTimeout(kill);
      resolve();
    });
    child.kill(signal);
  });
}

/** Resident set size of a process in bytes (VmRSS), and its peak (VmHWM); null when gone. */
export function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
  } catch {
    return null;
  }
}
