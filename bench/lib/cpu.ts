/**
 * CPU accounting from /proc, to explain results on a shared 2-core machine: how much of a
 * core the wallboard, PostgreSQL and the load generators each used during a phase.
 * Values are percent of ONE core (200% = both cores of a 2-core machine).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICK_MS = 10; // USER_HZ = 100 on Linux

function statFields(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  } catch {
    return null;
  }
}

/** utime + stime of a live process (ms); with `children`, also its reaped children's. */
export function processCpuMs(pid: number, children = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After "pid (comm) ": index 0 = state; utime = 11, stime = 12, cutime = 13, cstime = 14.
  let ticks = Number(f[11]) + Number(f[12]);
  if (children) ticks += Number(f[13]) + Number(f[14]);
  return ticks * TICK_MS;
}

/** PostgreSQL's CPU (ms): the postmaster of `pgDataDir`, its reaped backends and its live ones. */
export function postgresCpuMs(pgDataDir: string): number {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(pgDataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return 0;
  }
  let total = processCpuMs(postmaster, true);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(Number(entry));
    if (f && Number(f[1]) === postmaster) total += processCpuMs(Number(entry));
  }
  return total;
}

export type CpuSources = Record<string, () => number>;

/** Starts measuring; `stop()` returns each source's share of one core (%) over the interval. */
export function cpuMeter(sources: CpuSources): { stop(): Record<string, number> } {
  const t0 = performance.now();
  const start = Object.fromEntries(Object.entries(sources).map(([k, f]) => [k, f()]));
  return {
    stop() {
      const elapsed = performance.now() - t0;
      return Object.fromEntries(Object.entries(sources).map(([k, f]) => [k, ((f() - start[k]!) / elapsed) * 100]));
    },
  };
}

/** "wallboard 98%, postgres 61%, load 40% of a core" */
export function cpuText(shares: Record<string, number>): string {
  return `${Object.entries(shares)
    .map(([k, v]) => `${k} ${Math.round(v)}%`)
    .join(", ")} of one core`;
}
