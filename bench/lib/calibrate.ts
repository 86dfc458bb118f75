/**
 * How fast this machine is right now, measured in this process before and after the run, so a
 * reader can tell a slow run of the wallboard from a slow machine (issue 14: on the same kind of
 * VM, the bare baselines' figures moved 2–100× from day to day, e.g. the push baseline's p99 at
 * 2,000 events/s from 14.8 ms to 9.9 s, while the load average at start looked the same).
 *
 * - `sha256MBps`: MB/s hashing 256 MB on one core (CPU speed and how much of a core this
 *   process gets);
 * - `timerLateMs`: how late 1 ms timers fire, 500 in a row (p50, p99, max; ms): on an idle,
 *   healthy machine well under 1 ms; when other work holds the cores (or the hypervisor holds
 *   the virtual CPU), tens of ms.
 * - `loopbackMs`: to an echo server in a child process over 127.0.0.1, a 1-byte round trip
 *   (2,000 in a row) and a new connection + 1-byte round trip + close (500 in a row), p50 and
 *   p99 (ms): the kernel's share of a push (get2post.php opens a connection per event) and the
 *   cost of waking another process, which a busy hypervisor raises while hashing stays fast
 *   (seen here: sha256 at ~1,450 MB/s, 1 ms timers on time, yet the bare baselines 5–100×
 *   slower than on a good day).
 * Takes about 2–3 s. Not a target: context for the figures.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { summarise } from "./stats";

export interface Calibration {
  sha256MBps: number;
  timerLateMs: { p50: number; p99: number; max: number };
  loopbackMs: { roundTrip: { p50: number; p99: number }; connection: { p50: number; p99: number } };
}

const ECHO_SERVER = `const s = require("node:net").createServer((c) => { c.setNoDelay(true); c.on("data", (d) => c.write(d)); c.on("error", () => {}); }).listen(0, "127.0.0.1", () => console.log(s.address().port));`;

/** Writes one byte and resolves when it comes back. */
function echo(socket: net.Socket): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.once("data", () => {
      socket.off("error", reject);
      resolve();
    });
    socket.write("x");
  });
}

async function loopback(): Promise<Calibration["loopbackMs"]> {
  const child = spawn(process.execPath, ["-e", ECHO_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim())));
      child.once("exit", () => reject(new Error("the echo server exited")));
    });
    const connect = () =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(port, "127.0.0.1", () => resolve(socket)).once("error", reject);
        socket.setNoDelay(true);
      });
    const roundTrips: number[] = [];
    const kept = await connect();
    for (let i = 0; i < 2000; i++) {
      const t = performance.now();
      await echo(kept);
      roundTrips.push(performance.now() - t);
    }
    kept.destroy();
    const connections: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t = performance.now();
      const socket = await connect();
      await echo(socket);
      socket.destroy();
      connections.push(performance.now() - t);
    }
    const [rt, cn] = [summarise(roundTrips), summarise(connections)];
    return { roundTrip: { p50: rt.p50, p99: rt.p99 }, connection: { p50: cn.p50, p99: cn.p99 } };
  } finally {
    child.kill();
  }
}

export async function calibrate(): Promise<Calibration> {
  const block = Buffer.alloc(64 << 20, 7);
  const t0 = performance.now();
  for (let i = 0; i < 4; i++) createHash("sha256").update(block).digest();
  const sha256MBps = 256 / ((performance.now() - t0) / 1000);

  const late: number[] = [];
  for (let i = 0; i < 500; i++) {
    const at = performance.now();
    await new Promise((r) => setTimeout(r, 1));
    late.push(performance.now() - at - 1);
  }
  const { p50, p99, max } = summarise(late);
  const timerLateMs = { p50, p99, max };
  return { sha256MBps, timerLateMs, loopbackMs: await loopback() };
}

/** "sha256 1450 MB/s on one core; 1 ms timers late by p50 0.1, p99 0.2, max 1.9 ms; loopback round trip p50 0.06, p99 0.99 ms, connection p50 0.30, p99 2.62 ms". */
export function calibrationText(c: Calibration): string {
  const ms = (v: number) => v.toFixed(1);
  const fine = (v: number) => v.toFixed(2);
  const { roundTrip: rt, connection: cn } = c.loopbackMs;
  return (
    `sha256 ${Math.round(c.sha256MBps)} MB/s on one core; 1 ms timers late by p50 ${ms(c.timerLateMs.p50)}, p99 ${ms(c.timerLateMs.p99)}, max ${ms(c.timerLateMs.max)} ms; ` +
    `loopback round trip p50 ${fine(rt.p50)}, p99 ${fine(rt.p99)} ms, connection p50 ${fine(cn.p50)}, p99 ${fine(cn.p99)} ms`
  );
}
