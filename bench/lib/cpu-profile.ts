/**
 * The top of a wallboard worker's CPU profile, for bench/RESULTS.md (issue 14: "take a CPU
 * profile of the server at the ingest and end-to-end targets and put the top of it in the
 * results"). The server runs with V8's sampling profiler (`--cpu-prof`, one sample per ms; the
 * cluster primary passes the flag to its worker), writes a `.cpuprofile` when it exits after
 * SIGTERM, and this module sums each function's self time.
 *
 * On by default in the scenarios that use it; `BENCH_CPU_PROFILE=0` turns it off (the
 * profiler costs a few % of the worker's CPU).
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

/** Whether this run profiles the servers. */
export const cpuProfiling = process.env["BENCH_CPU_PROFILE"] !== "0";

/** Node flags writing the profile of the server (and of its worker) into `dir`; none when off. */
export function cpuProfileArgs(dir: string): string[] {
  if (!cpuProfiling) return [];
  mkdirSync(dir, { recursive: true });
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=1000"];
}

/** `file:///…/node_modules/next/dist/…/x.js` → `next/…/x.js`; our bundle → its file name. */
function shortUrl(url: string): string {
  if (!url) return "";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) return url.slice(nm + "node_modules/".length).replace(/\/dist\//, "/…/");
  return path.basename(url);
}

/**
 * One Markdown line: the `top` functions by self time in the busiest profile in `dir` (the
 * worker's; the primary is idle), as % of the samples that were not idle, with the share of
 * garbage collection. Null when there is no profile.
 */
export function profileTop(dir: string, label: string, top = 12): string | null {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const biggest = files.map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const profile = JSON.parse(readFileSync(biggest, "utf8")) as CpuProfile;
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const self = new Map<string, number>();
  let busy = 0;
  let gc = 0;
  for (const node of profile.nodes) {
    const n = hits.get(node.id) ?? node.hitCount ?? 0;
    if (n === 0) continue;
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") continue;
    busy += n;
    if (name === "(garbage collector)") gc += n;
    const key = node.callFrame.url ? `${name} (${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1})` : name;
    self.set(key, (self.get(key) ?? 0) + n);
  }
  if (busy === 0) return null;
  const pct = (n: number) => `${((100 * n) / busy).toFixed(1)} %`;
  const list = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, n]) => `${pct(n)} \`${k.replace(/`/g, "'")}\``);
  const seconds = ((profile.endTime - profile.startTime) / 1e6).toFixed(0);
  return `CPU profile of the wallboard worker over ${label} (${seconds} s, V8 sampling at 1 ms; self time as % of ${busy.toLocaleString("en-US")} busy samples; garbage collection ${pct(gc)}): ${list.join("; ")}.`;
}
