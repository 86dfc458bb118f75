/**
 * Results of a run: metrics per scenario with their targets, rendered as a plain-text table
 * (stdout) and as bench/RESULTS.md (date, machine, every figure vs its target with PASS/MISS,
 * and for each miss by how much and why).
 */
import { execFileSync } from "node:child_process";
import { availableParallelism, cpus, hostname, loadavg, totalmem } from "node:os";
import { fmt } from "./stats";

export type Status = "PASS" | "MISS" | "info" | "not measured";

export interface Metric {
  name: string;
  /** null: not measured. */
  value: number | null;
  unit: string;
  /** Human-readable target, e.g. "≥ 10,000". */
  target?: string;
  status: Status;
  /** For a MISS: by how much and why. For info: context. */
  note?: string;
  digits?: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  /** What is measured, how, and in which units. */
  method: string;
  metrics: Metric[];
  notes: string[];
  /** Set when the scenario could not be run to the end. */
  error?: string;
  seconds: number;
}

/**
 * Digits to show a missed value with, so that it never reads as its target: a ratio of 0.797
 * against 0.80 is shown as 0.797, not as 0.80 next to MISS. `digits` undefined: fmt's default.
 */
function digitsApart(value: number, target: number, digits: number | undefined): number | undefined {
  let d = digits ?? (Math.abs(value) < 100 ? 1 : 0);
  const start = d;
  while (d < 4 && value !== target && fmt(value, d) === fmt(target, d)) d++;
  return d === start ? digits : d;
}

/** A metric that must be ≥ target. `why` explains a miss (called only on a miss). */
export function atLeast(name: string, value: number, target: number, unit: string, why: () => string, digits?: number): Metric {
  const ok = value >= target;
  const shown = ok ? digits : digitsApart(value, target, digits);
  return {
    name,
    value,
    unit,
    target: `≥ ${fmt(target, digits ?? 0)}`,
    status: ok ? "PASS" : "MISS",
    note: ok ? undefined : `${fmt(target - value, shown)} ${unit} short (${fmt((value / target) * 100, 0)}% of target). ${why()}`,
    digits: shown,
  };
}

/** A metric that must be < target. */
export function below(name: string, value: number, target: number, unit: string, why: () => string, digits?: number): Metric {
  const ok = value < target;
  const shown = ok ? digits : digitsApart(value, target, digits);
  return {
    name,
    value,
    unit,
    target: `< ${fmt(target, digits ?? 0)}`,
    status: ok ? "PASS" : "MISS",
    note: ok ? undefined : `${fmt(value - target, shown)} ${unit} over (${fmt(value / target, 2)}× the target). ${why()}`,
    digits: shown,
  };
}

/**
 * A metric that must be at most `factor` times a baseline measured in the same run (e.g. the
 * push p99 at most 2× the bare server's): the target shows both the rule and its value.
 */
export function atMostTimes(name: string, value: number, baseline: number, factor: number, unit: string, why: () => string, digits?: number): Metric {
  const target = baseline * factor;
  const ok = value <= target;
  return {
    name,
    value,
    unit,
    target: `≤ ${fmt(factor, 1)}× baseline (${fmt(target, digits)})`,
    status: ok ? "PASS" : "MISS",
    note: ok ? undefined : `${fmt(value - target, digits)} ${unit} over (${fmt(value / baseline, 2)}× the baseline's ${fmt(baseline, digits)} ${unit}). ${why()}`,
    digits,
  };
}

/** A metric that must be ≤ target (e.g. "no failures": at most 0). */
export function atMost(name: string, value: number, target: number, unit: string, why: () => string, digits?: number): Metric {
  const ok = value <= target;
  return {
    name,
    value,
    unit,
    target: `≤ ${fmt(target, digits ?? 0)}`,
    status: ok ? "PASS" : "MISS",
    note: ok ? undefined : `${fmt(value - target, digits)} ${unit} over. ${why()}`,
    digits,
  };
}

export function info(name: string, value: number | null, unit: string, note?: string, digits?: number): Metric {
  return { name, value, unit, status: "info", note, digits };
}

export function notMeasured(name: string, reason: string, target?: string): Metric {
  return { name, value: null, unit: "", target, status: "not measured", note: reason };
}

export interface Machine {
  date: string;
  host: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  loadAvgAtStart: string;
  /** What was measured: git commit (and whether the tree had changes), or BENCH_SOURCE. */
  source: string;
  /** bench/lib/calibrate.ts before the first scenario and after the last (empty if not measured). */
  speedAtStart?: string;
  speedAtEnd?: string;
}

export function machineInfo(): Machine {
  return {
    date: new Date().toISOString(),
    host: hostname(),
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    loadAvgAtStart: loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
    source: process.env.BENCH_SOURCE ?? gitSource(),
  };
}

function gitSource(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
    return `git ${git("rev-parse", "--short", "HEAD")}${dirty ? " with uncommitted changes" : ""}`;
  } catch {
    return "unknown (not a git checkout)";
  }
}

function valueText(m: Metric): string {
  if (m.value === null) return "—";
  return `${fmt(m.value, m.digits)}${m.unit ? ` ${m.unit}` : ""}`;
}

/** Plain-text table for stdout. */
export function textTable(results: readonly ScenarioResult[]): string {
  const rows: string[][] = [["Scenario", "Metric", "Value", "Target", "Result"]];
  for (const r of results) {
    if (r.error && r.metrics.length === 0) rows.push([r.id, "(scenario)", "—", "", `not measured: ${r.error.split("\n")[0]}`]);
    for (const m of r.metrics) rows.push([r.id, m.name, valueText(m), m.target ?? "", m.status]);
  }
  const widths = rows[0]!.map((_, i) => Math.min(70, Math.max(...rows.map((row) => row[i]!.length))));
  const line = (row: string[]) => row.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The Markdown results file. */
export function markdown(machine: Machine, results: readonly ScenarioResult[], totalSeconds: number): string {
  const out: string[] = [];
  const all = results.flatMap((r) => r.metrics);
  const targets = all.filter((m) => m.status === "PASS" || m.status === "MISS" || (m.status === "not measured" && m.target));
  const passed = targets.filter((m) => m.status === "PASS").length;
  out.push("# Benchmark results", "");
  out.push(
    "Generated by `npm run bench` (bench/run.ts); do not edit by hand, run it again. Every load generator is a separate",
    "process on 127.0.0.1; the wallboard runs as `server.ts` in production mode against its own embedded PostgreSQL.",
    "",
  );
  out.push("| | |", "|---|---|");
  out.push(`| Date | ${machine.date} |`);
  out.push(`| Machine | ${cell(machine.host)}: ${machine.nproc} CPUs (${cell(machine.cpuModel)}), ${machine.memoryGiB} GiB memory, load average at start ${machine.loadAvgAtStart} |`);
  if (machine.speedAtStart) out.push(`| Machine speed (bench/lib/calibrate.ts) | at start: ${cell(machine.speedAtStart)}; at the end: ${cell(machine.speedAtEnd ?? "—")} |`);
  out.push(`| Node.js | ${machine.node} |`);
  out.push(`| Code measured | ${cell(machine.source)} |`);
  out.push(`| Run time | ${fmt(totalSeconds / 60, 1)} min |`);
  out.push(`| Targets met | ${passed} of ${targets.length} |`);
  out.push("");
  const busy = Number(machine.loadAvgAtStart.split(" ")[0]);
  if (busy > machine.nproc)
    out.push(
      `> **The machine was busy when this run started**: load average ${fmt(busy, 2)} on ${machine.nproc} CPUs, i.e. other jobs were competing for the cores.`,
      "> Absolute figures are depressed and noisy; the baseline ratios of scenario 1 hold better. Rerun on an idle machine before acting on a miss.",
      "",
    );
  out.push("## Summary", "");
  out.push("| Scenario | Metric | Value | Target | Result |", "|---|---|--:|---|---|");
  for (const r of results) {
    if (r.error && r.metrics.length === 0) out.push(`| ${cell(r.id)} | (scenario) | — | | not measured: ${cell(r.error.split("\n")[0]!)} |`);
    for (const m of r.metrics) if (m.status !== "info") out.push(`| ${cell(r.id)} | ${cell(m.name)} | ${cell(valueText(m))} | ${cell(m.target ?? "")} | **${m.status}** |`);
  }
  out.push("");
  const misses = results.flatMap((r) => r.metrics.filter((m) => m.status === "MISS" || (m.status === "not measured" && m.target)).map((m) => ({ r, m })));
  if (misses.length) {
    out.push("## Misses: by how much and why", "");
    for (const { r, m } of misses) out.push(`- **${r.id} — ${m.name}** (${valueText(m)}, target ${m.target ?? "—"}): ${m.note ?? ""}`);
    out.push("");
  }
  for (const r of results) {
    out.push(`## ${r.id}: ${r.title}`, "");
    out.push(r.method, "");
    if (r.error) out.push(`**Not (fully) measured:** ${r.error}`, "");
    if (r.metrics.length) {
      out.push("| Metric | Value | Target | Result | Note |", "|---|--:|---|---|---|");
      for (const m of r.metrics) out.push(`| ${cell(m.name)} | ${cell(valueText(m))} | ${cell(m.target ?? "")} | ${m.status} | ${cell(m.note ?? "")} |`);
      out.push("");
    }
    if (r.notes.length) {
      for (const n of r.notes) out.push(`- ${n}`);
      out.push("");
    }
    out.push(`_Scenario time: ${fmt(r.seconds, 0)} s._`, "");
  }
  return out.join("\n");
}
