/** What every scenario is and gets from the runner (bench/run.ts). */
import path from "node:path";
import type { BenchCluster } from "./database";
import type { Metric } from "./report";

export interface BenchContext {
  cluster: BenchCluster;
  /** PostgreSQL's data directory (for its CPU accounting). */
  pgDataDir: string;
  log(message: string): void;
}

/** Where a scenario puts its figures as it goes (kept when it fails half-way). */
export interface ScenarioOutput {
  metrics: Metric[];
  notes: string[];
}

export interface Scenario {
  id: string;
  title: string;
  /** What is measured, how, in which units (Markdown). */
  method: string;
  /** Metrics with a target: reported as "not measured" when the scenario ends without them. */
  targets: { name: string; target: string }[];
  /** Time budget; the runner abandons the scenario after it. */
  budgetMs: number;
  run(ctx: BenchContext, out: ScenarioOutput): Promise<void>;
}

export function pgDataDirOf(cluster: BenchCluster): string {
  return path.join(cluster.dataDir, "pg");
}
