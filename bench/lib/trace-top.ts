/**
 * What a wall's long tasks hold, from a Chromium trace (BENCH_WALL_TRACE, bench/scenarios/wall.ts):
 * the renderer main thread's tasks over 50 ms, each broken down by the self time of the trace
 * events inside it (script, style recalculation, layout, paint, garbage collection…), and
 * the JavaScript functions sampled inside them by self time.
 *
 *   npx tsx bench/lib/trace-top.ts /tmp/trace/wall-500.json
 */
import { readFileSync } from "node:fs";

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown>;
}

interface ProfileChunkData {
  cpuProfile?: { nodes?: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; parent?: number }[]; samples?: number[] };
  timeDeltas?: number[];
}

const LONG_US = 50_000;

/** Self time (µs) by event name of the complete events nested in [start, end) on one thread. */
function selfTimes(events: TraceEvent[]): Map<string, number> {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + (top.e.dur ?? 0) - top.child);
    }
  };
  for (const e of sorted) {
    close(e.ts);
    if (stack.length) stack.at(-1)!.child += e.dur ?? 0;
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
  }
  close(Infinity);
  return self;
}

function main(file: string): void {
  const raw = JSON.parse(readFileSync(file, "utf8")) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  const main = events.find((e) => e.ph === "M" && e.name === "thread_name" && (e.args as { name?: string })?.name === "CrRendererMain");
  if (!main) throw new Error("no CrRendererMain thread in the trace");
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask");
  const long = tasks.filter((t) => t.dur! > LONG_US).sort((a, b) => b.dur! - a.dur!);
  const t0 = Math.min(...onMain.map((e) => e.ts));
  const t1 = Math.max(...onMain.map((e) => e.ts + e.dur!));
  const busy = tasks.reduce((a, t) => a + t.dur!, 0);
  console.log(`main thread: ${tasks.length} tasks, busy ${(busy / 1000).toFixed(0)} ms of ${((t1 - t0) / 1000).toFixed(0)} ms; ${long.length} over 50 ms`);

  const inside = (t: TraceEvent) => onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts < t.ts + t.dur!);
  const all = new Map<string, number>();
  for (const t of long) for (const [k, v] of selfTimes(inside(t))) all.set(k, (all.get(k) ?? 0) + v);
  const longTotal = long.reduce((a, t) => a + t.dur!, 0);
  const fmt = (m: Map<string, number>, total: number, n = 12) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} ms (${((100 * v) / total).toFixed(0)} %)`)
      .join("; ");
  console.log(`\nlong tasks together ${(longTotal / 1000).toFixed(0)} ms, by event self time: ${fmt(all, longTotal, 16)}`);
  for (const t of long.slice(0, 6)) console.log(`\n  task ${(t.dur! / 1000).toFixed(1)} ms at +${((t.ts - t0) / 1000).toFixed(0)} ms: ${fmt(selfTimes(inside(t)), t.dur!, 8)}`);

  // JS samples (v8.cpu_profiler ProfileChunk events): self time by function, inside long tasks and overall.
  const nodes = new Map<number, { fn: string; url: string; line: number }>();
  const samples: { ts: number; node: number }[] = [];
  let ts = 0;
  for (const e of events.filter((e) => e.name === "ProfileChunk" && e.pid === main.pid).sort((a, b) => a.ts - b.ts)) {
    const d = (e.args as { data?: ProfileChunkData }).data;
    for (const n of d?.cpuProfile?.nodes ?? []) nodes.set(n.id, { fn: n.callFrame.functionName || "(anonymous)", url: (n.callFrame.url ?? "").split("/").at(-1) ?? "", line: n.callFrame.lineNumber + 1 });
    const s = d?.cpuProfile?.samples ?? [];
    const deltas = d?.timeDeltas ?? [];
    for (let i = 0; i < s.length; i++) {
      ts += deltas[i] ?? 0;
      samples.push({ ts, node: s[i]! });
    }
  }
  const profile = events.find((e) => e.name === "Profile" && e.pid === main.pid);
  const startTime = (profile?.args as { data?: { startTime?: number } })?.data?.startTime ?? 0;
  const fnSelf = (within: (ts: number) => boolean) => {
    const m = new Map<string, number>();
    let n = 0;
    for (const s of samples) {
      const at = startTime + s.ts;
      if (!within(at)) continue;
      const node = nodes.get(s.node);
      if (!node || node.fn === "(idle)" || node.fn === "(program)") continue;
      n++;
      const k = node.url ? `${node.fn} (${node.url}:${node.line})` : node.fn;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return { m, n };
  };
  const inLong = fnSelf((at) => long.some((t) => at >= t.ts && at < t.ts + t.dur!));
  console.log(
    `\nJS samples inside long tasks (${inLong.n}): ${[...inLong.m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([k, v]) => `${k} ${((100 * v) / Math.max(1, inLong.n)).toFixed(1)} %`)
      .join("; ")}`,
  );
}

main(process.argv[2] ?? "");
