/**
 * The live queue statistics: one QueueStats per configured queue, recomputed from the calls
 * (stored calls loaded at start, then kept current by the PBX link) and the live agents.
 * Callers pass the clock (ms, server clock). Returns only statistics a client could not
 * derive by itself (see statsChanged), so deltas go out when something really changed.
 */
import type { AgentView } from "../agents/view";
import type { CallView } from "../calls/types";
import { computeQueueStats, statsChanged } from "./stats";
import { withPlatformFigures } from "./platform-figures";
import type { PlatformQueueFigures, QueueConfig, QueueStats } from "./types";
import { statsWindows } from "./windows";

export interface QueueBookOptions {
  timeZone: string;
  shortAbandonSec: number;
}

export class QueueBook {
  private configs = new Map<string, QueueConfig>();
  private readonly current = new Map<string, QueueStats>();
  /** Figures platforms compute themselves, by queue id (XuC). */
  private readonly platform = new Map<string, PlatformQueueFigures>();

  constructor(private readonly options: QueueBookOptions) {}

  setConfigs(configs: readonly QueueConfig[]): void {
    this.configs = new Map(configs.map((c) => [c.id, c]));
    for (const id of this.current.keys()) if (!this.configs.has(id)) this.current.delete(id);
  }

  /** Sets (or, with null, clears) the platform's own figures of a queue; recompute to publish. */
  setPlatformFigures(queue: string, figures: PlatformQueueFigures | null): void {
    if (figures) this.platform.set(queue, figures);
    else this.platform.delete(queue);
  }

  platformFigures(queue: string): PlatformQueueFigures | undefined {
    return this.platform.get(queue);
  }

  queueIds(): Set<string> {
    return new Set(this.configs.keys());
  }

  /** Queues a campaign takes calls from. */
  queuesOfCampaign(campaign: string): string[] {
    return [...this.configs.values()].filter((q) => q.campaigns.includes(campaign)).map((q) => q.id);
  }

  campaignsOfQueue(queue: string): string[] {
    return this.configs.get(queue)?.campaigns ?? [];
  }

  /** Current statistics; of the given queues only when `ids` is set. */
  list(ids?: readonly string[]): QueueStats[] {
    const out = ids ? ids.map((id) => this.current.get(id)).filter((s): s is QueueStats => !!s) : [...this.current.values()];
    return out.sort((a, b) => a.queue.localeCompare(b.queue));
  }

  /**
   * Recomputes the statistics of `ids` (default: all queues) from `calls` and `agents`;
   * returns those that changed.
   */
  recompute(calls: readonly CallView[], agents: readonly AgentView[], now: number, ids?: Iterable<string>): QueueStats[] {
    const windows = statsWindows(now, this.options.timeZone);
    const changed: QueueStats[] = [];
    for (const id of ids ?? this.configs.keys()) {
      const config = this.configs.get(id);
      if (!config) continue;
      const ours = computeQueueStats(config, calls, agents, now, windows, { shortAbandonSec: this.options.shortAbandonSec, timeZone: this.options.timeZone });
      const next = withPlatformFigures(ours, this.platform.get(id));
      const prev = this.current.get(id);
      this.current.set(id, next);
      if (statsChanged(prev, next)) changed.push(next);
    }
    return changed;
  }
}
