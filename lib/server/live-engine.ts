/**
 * The live engine: what each instance keeps in memory and pushes to its browsers.
 *
 *   committed events (local store, or replicated)  ─┐
 *   calls, accounts, link statuses (PBX link or     ├─▶ state (agents, calls, queues, alerts) ─▶ fan-out
 *     replicated from the leader)                   ─┘
 *
 * It owns the agent book, the call book, the queue book, the dialer book, the alert book and the
 * fan-out's inputs; the timers that slide the queue windows (every second, dirty queues within
 * 250 ms), refresh staleness (every 2 s) and evaluate alerts; and the reloads an admin change
 * triggers. Every input is idempotent (events are deduped by id in the agent book, calls replace by
 * id), so the same change arriving twice — a rebuild overlapping replication — is applied once.
 * No HTTP, no Socket.IO server of its own: the fan-out is attached once the server exists.
 */
import type pg from "pg";
import type { Db } from "../db/prisma";
import type { Logger } from "../log";
import type { AgentChange } from "../agents/agent-book";
import { AgentBook } from "../agents/agent-book";
import { CallBook } from "../calls/call-book";
import { phoneStatuses, type AccountStates } from "../calls/phones";
import type { CallView } from "../calls/types";
import type { ReplayedAgentEvent, StoredAgentEvent } from "../events/types";
import { QueueBook } from "../queues/queue-book";
import { statsWindows } from "../queues/windows";
import { AlertBook } from "../alerts/alert-book";
import { loadAlertConfig } from "../queries/alert-config";
import { evaluateAlerts } from "../alerts/evaluate";
import type { AlertConfig } from "../alerts/types";
import type { Fanout } from "../realtime/fanout";
import type { PbxLinkStatus } from "../realtime/contract";
import { listRoster } from "../queries/roster";
import { listQueueConfigs } from "../queries/queues";
import { listCampaignSettings } from "../queries/campaigns";
import { loadCalls } from "../queries/calls";
import type { AccountRow } from "../queries/replication";
import { listPlatformRoster } from "../queries/platform-sources";
import type { PlatformQueueFigures } from "../queues/types";
import { FIGURES_STATUS_PREFIX } from "../sources/platform/router";
import { DialerBook, DIALER_STATUS_PREFIX, type StatusRow } from "../dialer/book";
import type { DialerSlice } from "../dialer/types";
import { coalescedRun } from "./coalesced-run";
import { REPLAY_EVENTS_PER_AGENT } from "../agents/event-log";
import { agentsSeenSince, replayEventsOfAgents } from "../queries/agent-events";

const HOUR_MS = 3_600_000;
/** Queue statistics are recomputed this often as their windows slide (ms). */
const QUEUE_TICK_MS = 1_000;
/** Dirty queues (a call or agent changed) are recomputed within this (ms). */
const DIRTY_TICK_MS = 250;
const STALE_CHECK_MS = 2_000;
/** Agents re-derived per read when events came too late for their logs (AgentBook.takeLate). */
const LATE_RELOAD_BATCH = 200;
/** After a failed re-derivation (database down), the agents wait this long (ms) before the next try. */
const LATE_RETRY_MS = 5_000;
/**
 * Agents read per statement when the board is rebuilt at start: at REPLAY_EVENTS_PER_AGENT
 * events each, at most 12,800 rows held at once whatever the number of agents (MAX_LIVE_AGENTS
 * may be 10,000: 2.56 million rows in one read), and the event loop is held only for one
 * read's mapping and load at a time (~0.1 s on the bench VM), so the pushes that arrive
 * during a start are answered meanwhile. Smaller reads cost no time and less memory: 1,000
 * agents × 256 events, in a process of its own, took 1.9–2.1 s at 1,000, 250, 100 or 50 agents
 * per read, and its resident memory peaked 185, 155, 125 and 90 MB above where it started.
 */
export const REBUILD_AGENTS_PER_READ = 50;

/** Who holds links on the leader: the PBX role, the platform role, the VICIdial database role. */
export type LinkOwner = "pbx" | "platform" | "vicidial-db";

/**
 * A link taken away (Admin removed it, or its source was disabled): written to source_status
 * in place of its last status (rows are never deleted there) so every instance drops it.
 * Never sent to browsers: their link list simply stops listing it.
 */
export interface RemovedLink {
  name: string;
  state: "removed";
}

/** What a link change carries: its new status, or its removal. */
export type LinkChange = PbxLinkStatus | RemovedLink;

export interface LiveEngineOptions {
  staleAfterSec: number;
  liveWindowHours: number;
  timeZone: string;
  shortAbandonSec: number;
  maxLiveAgents: number;
  now: () => number;
  log: Logger;
  /** An event reached the fan-out: `origin` local or replicated, lag from its arrival (ms). */
  onFannedOut?: (origin: "local" | "replicated", lagMs: number) => void;
  /** Where rebuilds read agents' stored events (plain `pg`: lib/queries/agent-events.ts replayEventsOfAgents). */
  replayPool: pg.Pool;
}

export class LiveEngine {
  readonly agents: AgentBook;
  readonly queues: QueueBook;
  readonly calls: CallBook;
  readonly alerts = new AlertBook();
  /** VICIdial's dialer and in-groups (its database source, issue 13): from this instance's poller or replicated. */
  readonly dialer = new DialerBook();
  private alertConfig!: AlertConfig;
  private fanout: Fanout | null = null;
  private readonly accounts = new Map<string, AccountStates>();
  private readonly links = new Map<string, PbxLinkStatus>();
  /** While this instance holds links (PBX, platforms): their live statuses (counters, last frame). */
  private readonly localLinks = new Map<LinkOwner, () => PbxLinkStatus[]>();
  private readonly dirtyQueues = new Set<string>();
  private timers: NodeJS.Timeout[] = [];
  private lastFullRecompute = 0;
  private evictedLogged = 0;

  constructor(
    private readonly db: Db,
    private readonly options: LiveEngineOptions,
  ) {
    this.agents = new AgentBook({ staleAfterMs: options.staleAfterSec * 1000, maxAgents: options.maxLiveAgents });
    this.queues = new QueueBook({ timeZone: options.timeZone, shortAbandonSec: options.shortAbandonSec });
    this.calls = new CallBook(this.queues.queueIds());
  }

  /** Loads configuration and the calls of today from PostgreSQL (before any event is applied). */
  async loadConfiguration(): Promise<void> {
    const now = this.options.now();
    this.agents.setRoster(await this.rosterEntries(), now);
    await this.loadStaleTimeouts();
    this.queues.setConfigs(await listQueueConfigs(this.db));
    this.calls.setQueueIds(this.queues.queueIds());
    this.calls.load(await loadCalls(this.db, this.callsSince()));
    this.alertConfig = await loadAlertConfig(this.db);
  }

  /**
   * Rebuilds the agent book at start from the stored events of every agent seen since `since`
   * (ms, server clock): their newest REPLAY_EVENTS_PER_AGENT each, REBUILD_AGENTS_PER_READ
   * agents per read. Returns the agents and events read. Throws when PostgreSQL fails.
   */
  async rebuild(since: number, agentsPerRead = REBUILD_AGENTS_PER_READ): Promise<{ agents: number; events: number }> {
    const users = await agentsSeenSince(this.options.replayPool, since);
    let events = 0;
    for (let i = 0; i < users.length; i += agentsPerRead) {
      const read = await replayEventsOfAgents(this.options.replayPool, users.slice(i, i + agentsPerRead), REPLAY_EVENTS_PER_AGENT);
      this.agents.load(read, this.options.now());
      events += read.length;
    }
    return { agents: users.length, events };
  }

  /** Attaches the fan-out (once the HTTP and Socket.IO servers exist) and starts the timers. */
  start(fanout: Fanout): void {
    this.fanout = fanout;
    const now = this.options.now();
    this.queues.recompute(this.calls.recent(), this.agents.list(), now);
    this.lastFullRecompute = now;
    this.timers = [setInterval(() => this.tickQueues(), DIRTY_TICK_MS), setInterval(() => this.tickStale(), STALE_CHECK_MS)];
    for (const t of this.timers) t.unref();
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (this.lateRetry) clearTimeout(this.lateRetry);
    this.lateRetry = null;
  }

  /** Committed agent events (any agents, commit order); `origin` says whence, for the lag metric. */
  applyEvents(events: readonly StoredAgentEvent[], origin: "local" | "replicated"): void {
    const now = this.options.now();
    const changes = this.agents.apply(events, now);
    this.publishAgents(changes);
    if (this.fanout && this.options.onFannedOut) for (const e of events) this.options.onFannedOut(origin, now - e.receivedAt);
    if (this.agents.lateCount > 0 && !this.lateRetry) void this.reloadLate();
  }

  private lateRetry: NodeJS.Timeout | null = null;

  /**
   * Re-derives, from their stored events, the agents that had an event too late for their
   * event logs (replicated after an outage, a better copy of an old event): LATE_RELOAD_BATCH
   * at a time, one read at a time (./coalesced-run.ts), until none is left. A failed read puts
   * them back and tries again after LATE_RETRY_MS.
   */
  private readonly reloadLate = coalescedRun(async (): Promise<void> => {
    for (let users = this.agents.takeLate(LATE_RELOAD_BATCH); users.length > 0; users = this.agents.takeLate(LATE_RELOAD_BATCH)) {
      let events: ReplayedAgentEvent[];
      try {
        events = await replayEventsOfAgents(this.options.replayPool, users, REPLAY_EVENTS_PER_AGENT);
      } catch (err) {
        this.agents.markLate(users);
        this.options.log.warn({ err: (err as Error).message.split("\n")[0], agents: users.length }, "re-deriving agents with late events failed; retrying");
        this.lateRetry ??= setTimeout(() => {
          this.lateRetry = null;
          void this.reloadLate();
        }, LATE_RETRY_MS);
        this.lateRetry.unref();
        return;
      }
      this.publishAgents(this.agents.reloadMany(users, events, this.options.now()));
    }
  });

  /** Calls changed by this instance's PBX link (the call book was already updated by it). */
  callsChanged(changed: readonly CallView[]): void {
    if (changed.length === 0) return;
    this.fanout?.publishCalls(changed);
    for (const c of changed) if (c.queue) this.dirtyQueues.add(c.queue);
    this.refreshPhones();
  }

  /** Calls another instance's PBX link wrote (lib/replication). */
  applyRemoteCalls(calls: readonly CallView[]): void {
    this.callsChanged(this.calls.applyRemote(calls));
  }

  /** One PBX connection's account states (this instance's link). */
  accountsChanged(pbx: string, accounts: AccountStates): void {
    this.accounts.set(pbx, new Map(accounts));
    this.refreshPhones();
  }

  /** Account states another instance's PBX link wrote (lib/replication). */
  applyAccountRows(rows: readonly AccountRow[]): void {
    for (const r of rows) {
      const map = new Map(this.accounts.get(r.pbx) ?? []);
      map.set(r.extension, { registered: r.registered, dnd: r.dnd });
      this.accounts.set(r.pbx, map);
    }
    this.refreshPhones();
  }

  /** Link statuses, from this instance's links or replicated; a status "removed" drops the link. */
  linksChanged(statuses: readonly LinkChange[], options: { replace?: boolean } = {}): void {
    if (options.replace) this.links.clear();
    for (const s of statuses) {
      if (s.state === "removed") this.links.delete(s.name);
      else this.links.set(s.name, s);
    }
    const links = this.pbxLinks();
    // Platform agents are never stale while their link is up (AgentBook.setLiveOrigins).
    this.publishAgents(this.agents.setLiveOrigins(new Set(links.filter((l) => l.state === "up" && l.kind && l.kind !== "vodia").map((l) => l.kind!)), this.options.now()));
    this.fanout?.publishLinks(links);
    this.checkAlerts();
  }

  /** Every link's status (PBX and platforms): live from this instance's links when it holds them, else as replicated. */
  pbxLinks(): PbxLinkStatus[] {
    const list = this.localLinks.size > 0 ? [...this.localLinks.values()].flatMap((read) => read()) : [...this.links.values()];
    return list.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** This instance now holds the `owner`'s links (`read` gives their live statuses), or no longer (null). */
  setLocalLinks(owner: LinkOwner, read: (() => PbxLinkStatus[]) | null): void {
    if (read) this.localLinks.set(owner, read);
    else this.localLinks.delete(owner);
  }

  /**
   * A queue's figures as its platform computes them (XuC), or null when gone: from this
   * instance's link or replicated (source_status rows named "queue-figures:<queue>").
   */
  setPlatformFigures(queue: string, figures: PlatformQueueFigures | null): void {
    this.queues.setPlatformFigures(queue, figures);
    this.dirtyQueues.add(queue);
  }

  /**
   * Replicated source_status rows (at start and from lib/replication): link statuses, and the
   * queue figures platforms compute (rows named FIGURES_STATUS_PREFIX + queue).
   */
  applySourceStatuses(rows: readonly { name: string; status: unknown }[]): void {
    const links: LinkChange[] = [];
    const dialerRows: { name: string; status: unknown }[] = [];
    for (const r of rows) {
      if (r.name.startsWith(DIALER_STATUS_PREFIX)) dialerRows.push(r);
      else if (r.name.startsWith(FIGURES_STATUS_PREFIX)) {
        const figures = r.status as PlatformQueueFigures | { removed: true };
        this.setPlatformFigures(r.name.slice(FIGURES_STATUS_PREFIX.length), "removed" in figures ? null : figures);
      } else links.push(r.status as LinkChange);
    }
    if (dialerRows.length > 0 && this.dialer.applyRows(dialerRows)) this.fanout?.publishDialer(this.dialer.current());
    if (links.length > 0) this.linksChanged(links);
  }

  /**
   * The dialer state after a poll of this instance's VICIdial database source (the leader).
   * Publishes it when it changed; returns the source_status rows to write for the others.
   */
  setDialer(state: DialerSlice): StatusRow[] {
    const rows = this.dialer.replace(state);
    if (rows.length > 0) this.fanout?.publishDialer(this.dialer.current());
    return rows;
  }

  activeCalls(): CallView[] {
    return this.calls.active();
  }

  /**
   * Re-reads configuration after an admin change (on this instance). Each kind runs one
   * reload at a time, the last one after the last call (./coalesced-run.ts): overlapping
   * reads finishing out of order lost a queue created a moment after another one.
   */
  readonly reload = {
    roster: coalescedRun(async (): Promise<void> => {
      this.publishAgents(this.agents.setRoster(await this.rosterEntries(), this.options.now()));
    }),
    queues: coalescedRun(async (): Promise<void> => {
      this.queues.setConfigs(await listQueueConfigs(this.db));
      this.calls.setQueueIds(this.queues.queueIds());
      this.fanout?.publishQueues(this.queues.recompute(this.calls.recent(), this.agents.list(), this.options.now()));
    }),
    campaigns: coalescedRun(async (): Promise<void> => {
      this.publishAgents(await this.loadStaleTimeouts());
    }),
    alerts: coalescedRun(async (): Promise<void> => {
      this.alertConfig = await loadAlertConfig(this.db);
      this.checkAlerts();
    }),
  };

  /** The roster, and the agents platform links named that are not on it. */
  private async rosterEntries() {
    const [roster, platform] = await Promise.all([listRoster(this.db), listPlatformRoster(this.db)]);
    return [...roster, ...platform];
  }

  private publishAgents(changes: AgentChange[]): void {
    if (changes.length === 0) return;
    this.fanout?.publishAgents(changes);
    for (const { agent } of changes) for (const q of this.queues.queuesOfCampaign(agent.campaign)) this.dirtyQueues.add(q);
  }

  private refreshPhones(): void {
    const merged = new Map<string, { registered: boolean | null; dnd: boolean | null }>();
    for (const accounts of this.accounts.values()) for (const [ext, a] of accounts) merged.set(ext, a);
    this.publishAgents(this.agents.setPhones(phoneStatuses(merged, this.calls.active()), this.options.now()));
  }

  private async loadStaleTimeouts(): Promise<AgentChange[]> {
    const byCampaign = new Map((await listCampaignSettings(this.db)).filter((c) => c.staleAfterSec !== null).map((c) => [c.id, c.staleAfterSec! * 1000]));
    return this.agents.setStaleTimeouts(byCampaign, this.options.now());
  }

  private callsSince(): number {
    const now = this.options.now();
    return Math.min(statsWindows(now, this.options.timeZone).today, now - HOUR_MS);
  }

  private tickQueues(): void {
    const t = this.options.now();
    // Windows slide every second; dirty queues changed by a call or an agent meanwhile.
    const full = t - this.lastFullRecompute >= QUEUE_TICK_MS;
    const ids = full ? undefined : [...this.dirtyQueues];
    if (!full && ids!.length === 0) return;
    this.dirtyQueues.clear();
    if (full) this.lastFullRecompute = t;
    this.fanout?.publishQueues(this.queues.recompute(this.calls.recent(), this.agents.list(), t, ids));
    if (full) this.checkAlerts();
  }

  private tickStale(): void {
    const t = this.options.now();
    if (this.agents.evicted > this.evictedLogged) {
      this.options.log.warn({ evicted: this.agents.evicted - this.evictedLogged, max: this.options.maxLiveAgents }, "live board full (MAX_LIVE_AGENTS): agents silent longest were evicted");
      this.evictedLogged = this.agents.evicted;
    }
    this.publishAgents(this.agents.refreshStale(t));
    this.agents.evictIdle(t - this.options.liveWindowHours * HOUR_MS);
    this.calls.prune(this.callsSince());
  }

  private checkAlerts(): void {
    if (!this.fanout || !this.alertConfig) return;
    const now = this.options.now();
    const candidates = evaluateAlerts({ agents: this.agents.list(), queues: this.queues.list(), campaignsOfQueue: (q) => this.queues.campaignsOfQueue(q), pbx: this.pbxLinks(), dialer: this.dialer.current() }, this.alertConfig, now);
    this.fanout.publishAlerts(this.alerts.update(candidates, now));
  }
}
