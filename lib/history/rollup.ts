/**
 * The history rollups and the job that keeps them current.
 *
 * Design (simplest thing that is correct, and fast to read):
 * - Triggers on agent_event (INSERT) and call (INSERT, UPDATE) record, in the same transaction
 *   as the change, a dirty time range per agent or queue in `history_dirty` (one row per
 *   statement and key, so a batch of 500 events costs one small insert). Nothing committed
 *   can be missed, whatever the order of commits, spool recoveries or late events.
 * - {@link HistoryRollup.runOnce} takes the dirty rows present when it starts and re-derives:
 *   - agents: every local day (TIMEZONE) touching [from − stale, to + stale] is recomputed
 *     from the agent's events (those of the days plus a 12-hour lookback for the state the
 *     agent was in at midnight) with the pure model of ./agent-day.ts, then the agent's
 *     `agent_day` rows for those days are replaced in one statement, with its "agent-open"
 *     mark (below) when it is still open;
 *   - queues: the 15-minute buckets of `queue_interval` covering the range are re-aggregated
 *     from `call` in SQL (same definitions as lib/queues/stats.ts).
 *   Both writes replace rows wholesale, so a run is idempotent and two runs racing (two
 *   servers, or a page's catch-up and the timer) write the same rows. The dirty rows are
 *   deleted after their work is committed; a crash in between only redoes work.
 * - An agent still in an open state (now < last event + stale) is re-marked dirty as
 *   "agent-open", which only the periodic job processes: today's open interval keeps growing
 *   until the stale horizon, at most a minute behind, without costing page loads.
 * - The rollup remembers TIMEZONE and the stale/short-abandon settings it was built with
 *   (setting `history.rollup`); a change re-derives everything.
 * - Retention (lib/history/retention.ts) deletes old agent events but never rollup rows. A day
 *   whose events or lookback reach behind the raw-events horizon it records is never
 *   re-derived (its rows are left as they are), so a dirty mark, a settings change or a late
 *   event can never wipe the rollup of a day whose raw events are gone.
 * - The server runs it every minute (start()/stop()), paced so that it never crowds out the
 *   pushes (MAX_REST_MS); history pages also call
 *   {@link catchUpHistory} with a small time budget before reading, so a page never shows
 *   data older than its request when the backlog is small.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../db/prisma";
import type { Logger } from "../log";
import type { AgentEventInput } from "../agents/state";
import { isDataError } from "../db/errors";
import { agentActivity, summarizeDay, type AgentDaySummary } from "./agent-day";
import { addDay, dayBounds, daysCovering } from "./days";
import { historyConfig, type HistoryConfig } from "./config";
import {
  BUCKET_MS,
  agentEventsBetween,
  getSetting,
  deleteDirtyKeys,
  listDirtyByKey,
  maxDirtyId,
  type DirtyKind,
  markEverythingDirty,
  putSetting,
  rebuildQueueBuckets,
  replaceAgentDays,
  rosterInfo,
} from "../queries/history/rollup";
import { agentEventsHorizon } from "../queries/retention";

/** Events this long before a day are replayed for the state at its midnight. */
export const LOOKBACK_MS = 12 * 3_600_000;
const KEYS_PER_BATCH = 200;
/** Agents rolled up at once by a run on request (a page's catch-up, a refresh). */
const AGENT_CONCURRENCY = 4;
/**
 * The periodic job is background work on the worker that answers pushes, on the same cores as
 * PostgreSQL: it rolls up one agent at a time and rests as long as each took (at most
 * MAX_REST_MS), so it takes at most about half of one core and a burst of pushes is never
 * queued behind it. Measured (issue 14, `npm run bench -- 1`): unpaced, the minute's run over
 * 1,000 agents landing in the 2,000 connections/s phase took the push p99 from 135 ms to
 * 3.9–9.6 s.
 */
const MAX_REST_MS = 250;
const SETTING_KEY = "history.rollup";

export interface RollupOptions extends HistoryConfig {
  /** ms between runs of the periodic job (default 60 s). */
  intervalMs?: number;
  now?: () => number;
  /** A pino logger, best a child naming the job (`log.child({ job: "..." })`). */
  log?: Logger;
  /** Told of every run that ends (its result), for the operator's metrics (lib/server/metrics.ts). */
  onRun?: (result: RollupResult) => void;
}

export interface RollupResult {
  /** Sequence number of the run in this process (requests that shared a run see the same); 0: no run. */
  run: number;
  agentDays: number;
  queueRanges: number;
  /** False when the time budget ran out with dirty rows left. */
  complete: boolean;
  ms: number;
}

export class HistoryRollup {
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private checkedSettings = false;
  private running = 0;
  private runs = 0;
  /** A refresh() queued behind the run in progress, not started yet: later requests share it. */
  private pendingRefresh: Promise<RollupResult> | null = null;
  private readonly now: () => number;
  /** Set by stop(): a run in progress takes no new agent or queue (their dirty rows wait). */
  private stopping = false;

  constructor(
    private readonly db: Db,
    private readonly options: RollupOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Makes this the rollup of this process's pages and refresh requests ({@link historyRollupFor},
   * {@link catchUpHistory}), whether or not it runs the periodic job: their runs are then
   * serialised with the job's and reach `onRun` (the instance's metrics). The server calls it
   * at boot: an instance that is not (or not yet) the leader still answers refreshes, and a
   * refresh answered before the leadership came once ran on a rollup of its own, uncounted
   * (CI, stop 28: `wallboard_history_rollup_agent_days_total` 0 after a refresh of 4 days).
   */
  serveThisProcess(): void {
    setSharedRollup(this);
  }

  /** Runs the job now and then every `intervalMs`; also serves this process's pages. */
  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.serveThisProcess();
    const tick = () => {
      // A run still going (or queued) takes every dirty row present when it starts: another
      // queued behind it would only wait.
      if (this.busy) return;
      this.enqueue(Infinity, true, undefined, true).catch((err: Error) => this.options.log?.error({ err: err.message }, "history rollup failed"));
    };
    tick();
    this.timer = setInterval(tick, this.options.intervalMs ?? 60_000);
    this.timer.unref();
  }

  /**
   * Stops the timer and waits for a run in progress to finish the agent or queue it is on: it
   * starts no other, and runs queued behind it start nothing (their dirty rows stay for the
   * next run, here or on another instance). A paced run over thousands of agents lasts
   * minutes; a stop, a reload or a lost leadership must not wait for it. Runs requested later
   * (pages, refreshes on an instance that lost the leadership) work as before.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain.catch(() => {});
    // Unless start() came meanwhile (it cleared the flag and runs the job again).
    if (!this.timer) this.stopping = false;
  }

  /** Stops for good (the server's close): as stop(), and this process's pages no longer use it. */
  async close(): Promise<void> {
    await this.stop();
    this.stopping = true;
    if (sharedRollup() === this) setSharedRollup(undefined);
  }

  /** Processes the dirty ranges present now (runs are serialised in this process). */
  runOnce(options: { budgetMs?: number; includeOpen?: boolean } = {}): Promise<RollupResult> {
    return this.enqueue(options.budgetMs ?? Infinity, options.includeOpen ?? true);
  }

  /**
   * A full run on request (POST /api/history/refresh), debounced: while a requested run waits
   * for the one in progress, further requests share it instead of queueing more runs, so a
   * burst of requests costs at most the run in progress and one more.
   */
  refresh(): Promise<RollupResult> {
    this.pendingRefresh ??= this.enqueue(Infinity, true, () => (this.pendingRefresh = null));
    return this.pendingRefresh;
  }

  private enqueue(budgetMs: number, includeOpen: boolean, onStart?: () => void, paced = false): Promise<RollupResult> {
    this.running++;
    const run = this.chain
      .catch(() => {})
      .then(() => {
        onStart?.();
        return this.run(budgetMs, includeOpen, paced);
      })
      .finally(() => this.running--);
    this.chain = run;
    return run;
  }

  /** True while a run is in progress or queued. */
  get busy(): boolean {
    return this.running > 0;
  }

  private async run(budgetMs: number, includeOpen: boolean, paced = false): Promise<RollupResult> {
    // The budget is wall time on a monotonic clock (this.now may be pinned by tests).
    const started = performance.now();
    // Spent budget or a stop: no new agent or queue is taken (see the loops below).
    const overBudget = () => this.stopping || performance.now() - started > budgetMs;
    const result: RollupResult = { run: ++this.runs, agentDays: 0, queueRanges: 0, complete: true, ms: 0 };
    // Queued behind the run that stop() waited for: nothing to start.
    if (this.stopping) return { ...result, complete: false };
    await this.checkSettings();
    const horizon = await agentEventsHorizon(this.db);
    const maxId = await maxDirtyId(this.db);
    const kinds: DirtyKind[] = includeOpen ? ["agent", "agent-open", "queue"] : ["agent", "queue"];
    // Only the rows present at the start: those added meanwhile (including this run's own
    // re-marks of open agents) wait for the next run. All of a key's ranges are handled
    // together (one read of its events per run of consecutive days), then deleted.
    // Keys that failed in this run: left dirty for the next run, not fetched again in this one.
    const retry: { kind: DirtyKind; key: string }[] = [];
    while (maxId !== null) {
      const groups = await listDirtyByKey(this.db, KEYS_PER_BATCH, maxId, kinds, retry);
      if (groups.length === 0) break;
      const agentGroups = groups.filter((g) => g.kind !== "queue");
      const merged = new Map<string, { from: number; to: number }[]>();
      for (const g of agentGroups) merged.set(g.key, [...(merged.get(g.key) ?? []), ...g.ranges]);
      const roster = await rosterInfo(this.db, [...merged.keys()]);
      // A few agents at a time: each is independent (its own rows, its own transaction).
      const users = [...merged.keys()];
      // One agent or queue that cannot be rolled up must not stop the others (issue 11
      // item 3): its failure is logged; a refused row (data error) is skipped for good,
      // anything else keeps its dirty rows for the next run.
      const isolate = (kind: DirtyKind, key: string, err: unknown) => {
        const skip = isDataError(err);
        this.options.log?.error({ kind, key, err: (err as Error).message.split("\n")[0], skipped: skip }, skip ? "history rollup: skipped what PostgreSQL refuses" : "history rollup failed for one key; retried next run");
        // Refused data is dropped from the dirty list; anything else waits for the next run.
        if (!skip) for (const g of groups) if (g.key === key && (kind === "queue") === (g.kind === "queue")) retry.push(g);
      };
      // A run with a budget (a page's catch-up) takes no new agent once it is spent: a batch
      // of 200 agents with weeks of events each took 10–14 s, a page waiting all that time.
      // The agents not taken keep their dirty rows for the next run.
      await Promise.all(
        Array.from({ length: Math.min(paced ? 1 : AGENT_CONCURRENCY, users.length) }, async () => {
          for (let user = users.shift(); user !== undefined; user = overBudget() ? undefined : users.shift()) {
            const began = performance.now();
            try {
              // Not `result.agentDays += await …`: that reads the total before the await, and the
              // concurrent rollups' additions were lost (a run over 1,000 agents reported ~250).
              const days = await this.rollAgent(user, merged.get(user)!, roster.get(user) ?? null, horizon);
              result.agentDays += days;
            } catch (err) {
              isolate("agent", user, err);
            }
            if (paced) await sleep(Math.min(MAX_REST_MS, performance.now() - began));
          }
        }),
      );
      const agentsLeft = new Set(users);
      const queuesLeft = new Set<string>();
      for (const g of groups) {
        if (g.kind !== "queue") continue;
        if (overBudget()) {
          queuesLeft.add(g.key);
          continue;
        }
        const lo = Math.min(...g.ranges.map((r) => r.from));
        const hi = Math.max(...g.ranges.map((r) => r.to));
        const from = Math.floor(lo / BUCKET_MS) * BUCKET_MS;
        const to = (Math.floor(hi / BUCKET_MS) + 1) * BUCKET_MS;
        try {
          await rebuildQueueBuckets(this.db, g.key, from, to, this.options.shortAbandonSec, this.options.defaultServiceLevelSec);
          result.queueRanges++;
        } catch (err) {
          isolate("queue", g.key, err);
        }
      }
      const left = (g: { kind: DirtyKind; key: string }) => (g.kind === "queue" ? queuesLeft : agentsLeft).has(g.key);
      await deleteDirtyKeys(this.db, maxId, groups.filter((g) => !retry.includes(g) && !left(g)));
      if (overBudget()) {
        result.complete = false;
        break;
      }
    }
    result.ms = performance.now() - started;
    if (result.agentDays + result.queueRanges > 0) this.options.log?.info(result, "history rollup");
    this.options.onRun?.(result);
    return result;
  }

  /**
   * Re-derives the days of one agent that the ranges touch, except days whose events (with the
   * lookback before them) reach behind `horizon` (ms; null: no events were ever deleted).
   * Returns the number of days.
   */
  private async rollAgent(user: string, ranges: { from: number; to: number }[], roster: { campaign: string | null; team: string | null } | null, horizon: number | null): Promise<number> {
    const { timeZone } = this.options;
    const staleMs = this.options.staleAfterSec * 1000;
    const days = new Set<string>();
    for (const r of ranges) {
      for (const d of daysCovering(r.from - staleMs, r.to + staleMs, timeZone)) if (horizon === null || dayBounds(d, timeZone).start - LOOKBACK_MS >= horizon) days.add(d);
    }
    const sorted = [...days].sort();
    // Contiguous runs of days share one read of the events.
    const runs: string[][] = [];
    for (const d of sorted) {
      const last = runs[runs.length - 1];
      if (last && addDay(last[last.length - 1]!, 1, timeZone) === d) last.push(d);
      else runs.push([d]);
    }
    const now = this.now();
    // Each run of days is read and summed first; the open mark (the newest open state over the
    // runs) goes with the last run's write, so it is recorded only once every day is written.
    const derived: { days: string[]; summaries: Map<string, AgentDaySummary[]> }[] = [];
    let reopen: number | null = null;
    for (const run of runs) {
      const first = dayBounds(run[0]!, timeZone);
      const lastDay = dayBounds(run[run.length - 1]!, timeZone);
      const events = await agentEventsBetween(this.db, user, first.start - LOOKBACK_MS, lastDay.end);
      const { summaries, openUntil } = summarizeAgentDays(events, run, { timeZone, staleAfterMs: staleMs, now, fallbackCampaign: roster?.campaign ?? null });
      derived.push({ days: run, summaries });
      if (openUntil !== null) reopen = Math.max(reopen ?? 0, openUntil);
    }
    for (const [i, d] of derived.entries()) {
      const last = i === derived.length - 1;
      await replaceAgentDays(this.db, user, roster?.team ?? null, d.days, d.summaries, last && reopen !== null ? Math.min(now, reopen) : null);
    }
    return sorted.length;
  }

  private async checkSettings(): Promise<void> {
    if (this.checkedSettings) return;
    const { timeZone, staleAfterSec, shortAbandonSec, defaultServiceLevelSec } = this.options;
    const wanted = JSON.stringify({ v: 1, timeZone, staleAfterSec, shortAbandonSec, defaultServiceLevelSec });
    const stored = await getSetting(this.db, SETTING_KEY);
    if (stored !== null && stored !== wanted) {
      this.options.log?.info({ from: stored, to: wanted }, "history settings changed: re-deriving every day");
      await markEverythingDirty(this.db);
    }
    if (stored !== wanted) await putSetting(this.db, SETTING_KEY, wanted);
    this.checkedSettings = true;
  }
}

/**
 * Pure: the per-campaign summaries of each of `days` from an agent's events (which should
 * include a lookback before the first day). `openUntil`: when the agent's last state is still
 * open at `now` (its stale horizon is later), the time of the last event; else null.
 */
export function summarizeAgentDays(
  events: readonly AgentEventInput[],
  days: readonly string[],
  o: { timeZone: string; staleAfterMs: number; now: number; fallbackCampaign: string | null },
): { summaries: Map<string, AgentDaySummary[]>; openUntil: number | null } {
  const lastEnd = dayBounds(days[days.length - 1]!, o.timeZone).end;
  const until = Math.min(lastEnd, o.now);
  const activity = agentActivity(events, { staleAfterMs: o.staleAfterMs, until });
  const summaries = new Map<string, AgentDaySummary[]>();
  for (const day of days) {
    const { start, end } = dayBounds(day, o.timeZone);
    const list = summarizeDay(activity, start, end, o.fallbackCampaign ?? "UNASSIGNED");
    if (list.length) summaries.set(day, list);
  }
  const lastEvent = activity.eventTimes.length ? activity.eventTimes.reduce((m, t) => Math.max(m, t), -Infinity) : null;
  const openUntil = lastEvent !== null && o.now < lastEnd && o.now < lastEvent + o.staleAfterMs ? lastEvent : null;
  return { summaries, openUntil };
}

const KEY = Symbol.for("vici-wallboard.history-rollup");
type Holder = { [KEY]?: HistoryRollup };

function sharedRollup(): HistoryRollup | undefined {
  return (globalThis as Holder)[KEY];
}
function setSharedRollup(r: HistoryRollup | undefined): void {
  (globalThis as Holder)[KEY] = r;
}

/**
 * Brings the rollups up to date before a history page reads them, within `budgetMs`: uses
 * the server's job when it runs (so runs stay serialised), else a rollup of its own.
 */
export async function catchUpHistory(db: Db, budgetMs = 3_000): Promise<RollupResult> {
  const r = historyRollupFor(db);
  // A run in progress (e.g. the first roll-up of months of data) is not waited for: the page
  // shows what is rolled up and says it is catching up.
  if (r.busy) return { run: 0, agentDays: 0, queueRanges: 0, complete: false, ms: 0 };
  return r.runOnce({ budgetMs, includeOpen: false });
}

/** The server's rollup job when it runs, else one shared by this process's pages. */
export function historyRollupFor(db: Db): HistoryRollup {
  let r = sharedRollup();
  if (!r) {
    r = new HistoryRollup(db, historyConfig());
    setSharedRollup(r);
  }
  return r;
}
