/**
 * The agent book: every agent's current state, in memory in the server process.
 *
 * Fed with committed events (never with uncommitted ones, so what the book holds is always
 * in Postgres), rebuilt from Postgres at start, and asked for views by the realtime fan-out
 * and the API. It owns no I/O: callers pass the clock (`now`, ms, server clock).
 */
import type { ReplayedAgentEvent, StoredAgentEvent } from "../events/types";
import type { AgentEventInput } from "./state";
import { AgentEventLog } from "./event-log";
import { countAgents, toAgentView, type AgentCounts, type AgentView, type PhoneStatus, type RosterEntry } from "./view";

export interface CampaignSummary {
  campaign: string;
  counts: AgentCounts;
}

export interface AgentBookOptions {
  /** A logged-in agent silent this long (ms, server clock) is shown as stale. */
  staleAfterMs: number;
  /** Events kept per agent for re-ordering late arrivals (default EVENT_LOG_CAPACITY, lib/agents/event-log.ts). */
  eventLogCapacity?: number;
  /**
   * Most agents kept (MAX_LIVE_AGENTS). A new agent beyond it evicts the one whose last event
   * is oldest, and {@link AgentBook.evicted} counts it: the push token is readable by every
   * agent, so a token holder could otherwise grow the board without bound (issue 11 item 4).
   */
  maxAgents?: number;
}

/**
 * Longest message kept in memory, characters (the full text stays in PostgreSQL). A tile
 * shows far less; pause codes and dispositions are at most 32 (state.ts MAX_CODE_LENGTH).
 */
export const MAX_MESSAGE_IN_MEMORY = 200;

/** What an event log keeps of a stored event: no raw fields, no source, a short message. */
function compact(e: ReplayedAgentEvent): AgentEventInput {
  return {
    id: e.id,
    receivedAt: e.receivedAt,
    event: e.event,
    message: e.message !== null && e.message.length > MAX_MESSAGE_IN_MEMORY ? e.message.slice(0, MAX_MESSAGE_IN_MEMORY) : e.message,
    leadId: e.leadId,
    epoch: e.epoch,
    counter: e.counter,
    agentLogId: e.agentLogId,
    campaign: e.campaign,
    // Only platform events carry an origin: VICIdial's (push, hook, database) are the default (memory per event).
    ...(e.source === "vicidial-push" || e.source === "vicidial-hook" || e.source === "vicidial-db" ? {} : { origin: e.source }),
  };
}

interface LiveAgent {
  log: AgentEventLog;
  view: AgentView;
}

export class AgentBook {
  private readonly agents = new Map<string, LiveAgent>();
  private readonly roster = new Map<string, RosterEntry>();
  private readonly userByExtension = new Map<string, string>();
  private phones: ReadonlyMap<string, PhoneStatus> = new Map();
  /**
   * Origins (platform kinds, e.g. "xuc") whose link is up now. A platform reports an agent
   * only when the state changes, so silence from it means "unchanged", not "screen gone":
   * an agent known only through live links is never stale.
   */
  private liveOrigins: ReadonlySet<string> = new Set();
  /** Per-campaign stale timeouts (ms) overriding options.staleAfterMs. */
  private staleOverrides: ReadonlyMap<string, number> = new Map();
  /**
   * Events that arrived too late to be placed in their agent's event log (and better copies of
   * events no longer kept): their agents are listed by {@link takeLate} for a reload.
   */
  lateEventsIgnored = 0;
  /** Agents with such an event since the last {@link takeLate} (agents on the board: bounded by maxAgents). */
  private readonly late = new Set<string>();
  /** Agents evicted because the board was full (MAX_LIVE_AGENTS), and when the last one was (ms). */
  evicted = 0;
  lastEvictionAt: number | null = null;

  constructor(private readonly options: AgentBookOptions) {}

  /**
   * Applies committed events (any agents), in the order they were committed. An event flagged
   * `merged` is a better copy of one already applied (same id) and replaces it. Returns the
   * views that changed, one per agent, each paired with the campaign it was in before (to tell
   * subscribers it left).
   */
  apply(events: readonly StoredAgentEvent[], now: number): AgentChange[] {
    const touched = new Map<string, string | null>();
    for (const e of events) {
      let agent = this.agents.get(e.user);
      if (!agent) {
        this.makeRoom(now);
        const log = new AgentEventLog(this.options.eventLogCapacity);
        agent = { log, view: this.viewOf(e.user, log, now) };
        if (!touched.has(e.user)) touched.set(e.user, null);
      } else {
        if (!touched.has(e.user)) touched.set(e.user, agent.view.campaign);
        // Map order is recency order: the first entry is the agent silent longest.
        this.agents.delete(e.user);
      }
      this.agents.set(e.user, agent);
      // A merged copy, or an event delivered twice (rebuild and replication overlap), replaces
      // the one kept with its id: AgentEventLog.add dedupes by id.
      // A better copy of an event the log no longer keeps must not be added as a new event
      // (without an epoch it would be anchored after everything and applied twice); like an
      // event too late to place, it is in PostgreSQL, so the agent is re-derived from there.
      const placed = e.merged && !agent.log.has(e.id) ? false : agent.log.add(compact(e));
      if (!placed) {
        this.lateEventsIgnored++;
        this.late.add(e.user);
      }
    }
    const changes: AgentChange[] = [];
    for (const [user, previousCampaign] of touched) {
      const agent = this.agents.get(user);
      if (!agent) continue; // evicted again within the same batch
      agent.view = this.viewOf(user, agent.log, now);
      changes.push({ agent: agent.view, previousCampaign });
    }
    return changes;
  }

  /**
   * Rebuilds the board from stored events (at start: each agent's newest events, grouped by
   * agent, as lib/queries/agent-events.ts replayEventsOfAgents reads them; called once per
   * group of agents, LiveEngine.rebuild): each agent's events
   * are put in screen order before its log keeps the newest (AgentEventLog.load), so one
   * committed late is not lost to the log's window. Agents already on the board are
   * re-derived from these events (plus newer ones they hold). Returns nothing: nobody watches
   * yet.
   */
  load(events: readonly ReplayedAgentEvent[], now: number): void {
    for (const [user, list] of groupByUser(events)) {
      if (this.agents.has(user)) {
        this.reload(user, list, now);
        continue;
      }
      this.makeRoom(now);
      const log = new AgentEventLog(this.options.eventLogCapacity);
      log.load(list.map(compact));
      this.agents.set(user, { log, view: this.viewOf(user, log, now) });
    }
  }

  /**
   * Up to `max` of the agents that had an event too late for their log (and forgets them): the
   * caller re-derives each from its stored events ({@link reload}).
   */
  takeLate(max = Number.POSITIVE_INFINITY): string[] {
    const users: string[] = [];
    for (const user of this.late) {
      if (users.length >= max) break;
      users.push(user);
    }
    for (const user of users) this.late.delete(user);
    return users;
  }

  /** Puts agents back on the list for a reload (their reload failed). */
  markLate(users: readonly string[]): void {
    for (const user of users) if (this.agents.has(user)) this.late.add(user);
  }

  /** Agents waiting for a reload. */
  get lateCount(): number {
    return this.late.size;
  }

  /**
   * Rebuilds `user`'s event log from `events` (its newest stored events, ascending id, as
   * lib/queries/agent-events.ts replayEventsOfAgents reads them), then adds what the current
   * log holds with a greater id (applied after that read). Returns the change, or null when
   * the agent is no longer on the board. Events of other users are ignored.
   */
  reload(user: string, events: readonly ReplayedAgentEvent[], now: number): AgentChange | null {
    const agent = this.agents.get(user);
    if (!agent) return null;
    const log = new AgentEventLog(this.options.eventLogCapacity);
    const own = events.filter((e) => e.user === user);
    log.load(own.map(compact));
    const newest = own.reduce((m, e) => Math.max(m, e.id), Number.NEGATIVE_INFINITY);
    const after = agent.log.kept().filter((e) => e.id > newest);
    // In commit order, as they were applied (an event without an epoch is anchored anew).
    for (const e of after.sort((a, b) => a.id - b.id)) if (!log.add(e)) this.late.add(user);
    const previousCampaign = agent.view.campaign;
    agent.log = log;
    agent.view = this.viewOf(user, log, now);
    return { agent: agent.view, previousCampaign };
  }

  /**
   * {@link reload} for each of `users` from `events` (theirs, as one read returned them);
   * returns the changes of those still on the board.
   */
  reloadMany(users: readonly string[], events: readonly ReplayedAgentEvent[], now: number): AgentChange[] {
    const byUser = groupByUser(events);
    const changes: AgentChange[] = [];
    for (const user of users) {
      const change = this.reload(user, byUser.get(user) ?? [], now);
      if (change) changes.push(change);
    }
    return changes;
  }

  /**
   * Re-evaluates staleness and source disagreement at `now`; returns the agents whose `stale`
   * flag or `sourceMismatch` changed.
   */
  refreshStale(now: number): AgentChange[] {
    const changes: AgentChange[] = [];
    for (const [user, agent] of this.agents) {
      const view = this.viewOf(user, agent.log, now);
      if (view.stale !== agent.view.stale || view.sourceMismatch !== agent.view.sourceMismatch) {
        agent.view = view;
        changes.push({ agent: view, previousCampaign: view.campaign });
      }
    }
    return changes;
  }

  /** Replaces the roster (names, campaigns, teams); returns the agents whose view changed. */
  setRoster(entries: readonly RosterEntry[], now: number): AgentChange[] {
    this.roster.clear();
    this.userByExtension.clear();
    for (const r of entries) {
      this.roster.set(r.user, r);
      if (r.extension) this.userByExtension.set(r.extension, r.user);
    }
    const changes: AgentChange[] = [];
    for (const [user, agent] of this.agents) {
      const before = agent.view;
      agent.view = this.viewOf(user, agent.log, now);
      if (before.name !== agent.view.name || before.campaign !== agent.view.campaign || before.team !== agent.view.team || before.extension !== agent.view.extension) {
        changes.push({ agent: agent.view, previousCampaign: before.campaign });
      }
    }
    return changes;
  }

  /**
   * Replaces what the PBX says about phones (by extension); returns the agents whose phone
   * fields changed.
   */
  setPhones(phones: ReadonlyMap<string, PhoneStatus>, now: number): AgentChange[] {
    this.phones = phones;
    const changes: AgentChange[] = [];
    for (const [user, agent] of this.agents) {
      if (!agent.view.extension) continue;
      const before = agent.view;
      agent.view = this.viewOf(user, agent.log, now);
      if (before.registered !== agent.view.registered || before.dnd !== agent.view.dnd || before.phoneState !== agent.view.phoneState || before.phoneMismatch !== agent.view.phoneMismatch) {
        changes.push({ agent: agent.view, previousCampaign: before.campaign });
      }
    }
    return changes;
  }

  /** Sets the origins whose link is up (see liveOrigins); returns the agents whose `stale` flag flipped. */
  setLiveOrigins(origins: ReadonlySet<string>, now: number): AgentChange[] {
    const same = origins.size === this.liveOrigins.size && [...origins].every((o) => this.liveOrigins.has(o));
    if (same) return [];
    this.liveOrigins = new Set(origins);
    return this.refreshStale(now);
  }

  /** Sets per-campaign stale timeouts (ms); returns the agents whose `stale` flag flipped. */
  setStaleTimeouts(byCampaign: ReadonlyMap<string, number>, now: number): AgentChange[] {
    this.staleOverrides = byCampaign;
    return this.refreshStale(now);
  }

  /** The stale timeout (ms) of a campaign: its override, else the default. */
  staleAfterMsFor(campaign: string | undefined): number {
    return (campaign !== undefined ? this.staleOverrides.get(campaign) : undefined) ?? this.options.staleAfterMs;
  }

  /** Extensions of the roster's agents (for the PBX's blf subscription). */
  extensions(): string[] {
    return [...this.userByExtension.keys()].sort();
  }

  /** The campaign of the agent whose phone is `extension`, if any is on the board. */
  campaignOfExtension(extension: string): string | undefined {
    const user = this.userByExtension.get(extension);
    if (user === undefined) return undefined;
    return this.agents.get(user)?.view.campaign ?? this.roster.get(user)?.campaign ?? undefined;
  }

  /** The user whose roster extension is `extension`, if any. */
  userOfExtension(extension: string): string | undefined {
    return this.userByExtension.get(extension);
  }

  /** Evicts the agent silent longest when the board is full (see AgentBookOptions.maxAgents). */
  private makeRoom(now: number): void {
    const max = this.options.maxAgents ?? Infinity;
    while (this.agents.size >= max) {
      const oldest = this.agents.keys().next().value as string;
      this.agents.delete(oldest);
      this.evicted++;
      this.lastEvictionAt = now;
    }
  }

  /** Forgets agents logged out (or silent) since before `cutoff` (ms, server clock). */
  evictIdle(cutoff: number): string[] {
    const gone: string[] = [];
    for (const [user, agent] of this.agents) {
      if (agent.log.lastSeenAt < cutoff) {
        this.agents.delete(user);
        gone.push(user);
      }
    }
    return gone;
  }

  /** Current views; only those of `campaign` when given. Sorted by user for stable output. */
  list(campaign?: string): AgentView[] {
    const out: AgentView[] = [];
    for (const { view } of this.agents.values()) if (campaign === undefined || view.campaign === campaign) out.push(view);
    return out.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  }

  get(user: string): AgentView | undefined {
    return this.agents.get(user)?.view;
  }

  get size(): number {
    return this.agents.size;
  }

  /** Every campaign that has agents on the board, with its header counters, by name. */
  campaigns(): CampaignSummary[] {
    const byCampaign = new Map<string, AgentView[]>();
    for (const { view } of this.agents.values()) {
      const list = byCampaign.get(view.campaign) ?? [];
      list.push(view);
      byCampaign.set(view.campaign, list);
    }
    for (const r of this.roster.values()) if (r.campaign && !byCampaign.has(r.campaign)) byCampaign.set(r.campaign, []);
    return [...byCampaign]
      .map(([campaign, views]) => ({ campaign, counts: countAgents(views) }))
      .sort((a, b) => a.campaign.localeCompare(b.campaign));
  }

  private viewOf(user: string, log: AgentEventLog, now: number): AgentView {
    const roster = this.roster.get(user);
    const phone = roster?.extension ? this.phones.get(roster.extension) : undefined;
    const campaign = log.state.campaign ?? roster?.campaign ?? undefined;
    const origins = Object.keys(log.state.bySource);
    const heldByLiveLinks = origins.length > 0 && origins.every((o) => this.liveOrigins.has(o));
    return toAgentView(user, log.state, log.lastSeenAt, roster, now, heldByLiveLinks ? Infinity : this.staleAfterMsFor(campaign), phone);
  }
}

/** Events by agent, each agent's in the order given. */
function groupByUser<E extends { user: string }>(events: readonly E[]): Map<string, E[]> {
  const byUser = new Map<string, E[]>();
  for (const e of events) {
    const list = byUser.get(e.user);
    if (list) list.push(e);
    else byUser.set(e.user, [e]);
  }
  return byUser;
}

/** One agent's new view; `previousCampaign` is null when the agent is new to the board. */
export interface AgentChange {
  agent: AgentView;
  previousCampaign: string | null;
}
