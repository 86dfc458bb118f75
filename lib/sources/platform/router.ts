/**
 * Where the platform links' neutral events go (issue 15), one router for every link the
 * leader holds:
 *
 *   agent-state     → the event store, as `platform_*` agent events (durable, replicated,
 *                     folded by the same state model and history as VICIdial's events)
 *   agent-identity  → platform_agent (names and phones of agents not on the roster)
 *   queue-info      → queue + campaign_queue rows, created once (an admin may then edit them)
 *   call            → the call book and the `call` table (queue figures by our formulas)
 *   queue-stats,
 *   queue-waiting   → the queue's platform figures, live here and in source_status for the
 *                     other instances
 *   resync          → agents no longer listed are logged out; queues no longer listed lose
 *                     their platform figures
 *   raw frames      → pbx_frame (action = platform kind), like the PBX's
 *
 * A person linked across systems by the roster (agent.xuc_agent_id / voipbin_agent_id,
 * "<id>" or "<connection>:<id>") is one board user; other agents are "<connection>:<id>".
 * Nothing here is acknowledged to the platform, so a failed write is logged and counted, and
 * the next resync (every reconnect) states the truth again.
 */
import type { AppendOutcome, IncomingAgentEvent } from "../../events/types";
import type { CallView } from "../../calls/types";
import type { QueueConfig, PlatformQueueFigures } from "../../queues/types";
import type { PlatformAgentRecord } from "../../queries/platform-sources";
import type { NeutralAgentState, NeutralEvent, NeutralEventSink, PlatformKind } from "../neutral-events";
import { agentStateToEvent, neutralCallToView, platformQueueKey, platformUser } from "./translate";
import { backoffDelay, type BackoffOptions } from "../link/backoff";

/** Prefix of the source_status rows that carry a queue's platform figures. */
export const FIGURES_STATUS_PREFIX = "queue-figures:";
/** Agent rows are written this long after the first change (ms): a connect's whole list in one statement. */
const SAVE_DELAY_MS = 300;
/** Longest waiting-call list kept per queue. */
const MAX_WAITING_LISTED = 200;
/**
 * A failed write of newly seen queues is tried again, with the links' reconnect backoff from
 * 1 s up to 30 s (lib/sources/link/backoff.ts), while their link is known: the platform lists
 * its queues only when the link connects, so a queue whose config was not stored would have
 * no card until a restart.
 */
const QUEUE_RETRY: BackoffOptions = { minMs: 1_000, maxMs: 30_000 };

export interface PlatformRouterDeps {
  /** The event store; resolves once the event is durable. */
  append(event: IncomingAgentEvent): Promise<AppendOutcome>;
  /** Calls changed: into the call book and out to browsers (LiveEngine.applyRemoteCalls). */
  applyCalls(calls: CallView[]): void;
  /** Calls to store (bounded write queue, lib/sources/pbx/writes.ts). */
  storeCalls(calls: CallView[]): void;
  /** A raw frame to store. */
  storeFrame(source: string, platform: PlatformKind, text: string, receivedAt: number): void;
  /** A queue's platform figures changed (null: gone), live and for the other instances. */
  figures(queue: string, figures: PlatformQueueFigures | null): void;
  /** Persists agents and tells every instance to re-read names. */
  saveAgents(rows: PlatformAgentRecord[]): Promise<void>;
  /** Creates missing queues and tells every instance to re-read them. */
  ensureQueues(configs: QueueConfig[]): Promise<void>;
  /** Service-level threshold of a newly discovered queue, seconds. */
  defaultServiceLevelSec: number;
  log: { warn(obj: object, msg: string): void };
  /** [0, 1) for the retry jitter; default Math.random (tests pin it so the delays are exact). */
  random?: () => number;
}

interface KnownAgent {
  login: string | null;
  name: string | null;
  phone: string | null;
  queues: string[];
  state: NeutralAgentState | null;
}

interface Connection {
  platform: PlatformKind;
  agents: Map<string, KnownAgent>;
  queues: Set<string>;
}

export class PlatformRouter {
  private readonly connections = new Map<string, Connection>();
  /** Roster links: "<connection>:<id>" or "<platform>|<id>" → user. */
  private links = new Map<string, string>();
  private readonly figures = new Map<string, PlatformQueueFigures>();
  private pendingAgents = new Map<string, PlatformAgentRecord>();
  private saveTimer: NodeJS.Timeout | null = null;
  /** Agent events the store refused or could not take. */
  failedAppends = 0;

  constructor(private readonly deps: PlatformRouterDeps) {}

  /** The sink a link of `source` reports to. */
  sinkFor(source: string, platform: PlatformKind): NeutralEventSink {
    return {
      onEvents: (events) => this.onEvents(source, platform, events),
      onRawFrame: (text, at) => this.deps.storeFrame(source, platform, text, at),
    };
  }

  /** Replaces the roster's identity links (at start and after a roster change). */
  setIdentityLinks(rows: readonly { user: string; xucAgentId: string | null; voipbinAgentId: string | null }[]): void {
    const links = new Map<string, string>();
    for (const r of rows) {
      for (const [platform, value] of [["xuc", r.xucAgentId], ["voipbin", r.voipbinAgentId]] as const) {
        if (!value) continue;
        links.set(value.includes(":") ? value : `${platform}|${value}`, r.user);
      }
    }
    this.links = links;
  }

  /** Forgets a connection (removed by an admin); its queues lose their platform figures. */
  forget(source: string): void {
    const c = this.connections.get(source);
    this.connections.delete(source);
    if (!c) return;
    for (const q of c.queues) this.setFigures(platformQueueKey(source, q), null);
  }

  /** Writes pending agent rows now (before a stop). */
  async flush(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.saveNow();
  }

  private userOf(source: string, platform: PlatformKind, agentId: string): { user: string; linked: boolean } {
    const linked = this.links.get(`${source}:${agentId}`) ?? this.links.get(`${platform}|${agentId}`);
    return linked ? { user: linked, linked: true } : { user: platformUser(source, agentId), linked: false };
  }

  private connection(source: string, platform: PlatformKind): Connection {
    let c = this.connections.get(source);
    if (!c) {
      c = { platform, agents: new Map(), queues: new Set() };
      this.connections.set(source, c);
    }
    return c;
  }

  private onEvents(source: string, platform: PlatformKind, events: readonly NeutralEvent[]): void {
    const c = this.connection(source, platform);
    const calls: CallView[] = [];
    const newQueues: QueueConfig[] = [];
    for (const e of events) {
      switch (e.type) {
        case "agent-state": {
          const agent = this.agent(c, e.agentId);
          agent.state = e.state;
          const { user, linked } = this.userOf(source, platform, e.agentId);
          this.append(agentStateToEvent(e, user, linked));
          break;
        }
        case "agent-identity": {
          const agent = this.agent(c, e.agentId);
          agent.login = e.login;
          agent.name = e.name;
          agent.phone = e.phone;
          if (e.queues) agent.queues = e.queues.map((q) => platformQueueKey(source, q));
          this.queueSave(source, e.agentId, agent, e.deleted);
          if (e.deleted) c.agents.delete(e.agentId);
          break;
        }
        case "queue-info": {
          if (e.deleted) {
            c.queues.delete(e.queueId);
            this.setFigures(platformQueueKey(source, e.queueId), null);
          } else if (!c.queues.has(e.queueId)) {
            c.queues.add(e.queueId);
            newQueues.push({ id: platformQueueKey(source, e.queueId), name: e.label ?? e.name, serviceLevelSec: this.deps.defaultServiceLevelSec, campaigns: [source] });
          }
          break;
        }
        case "call":
          calls.push(neutralCallToView(source, e.call, (id) => c.agents.get(id)?.phone ?? null));
          break;
        case "queue-stats": {
          const key = platformQueueKey(source, e.queueId);
          const prev = this.figures.get(key);
          this.setFigures(key, { platform, source, counters: { ...e.counters }, definitions: { ...e.definitions }, waitingCalls: prev?.waitingCalls ?? null, updatedAt: e.receivedAt });
          break;
        }
        case "queue-waiting": {
          const key = platformQueueKey(source, e.queueId);
          const prev = this.figures.get(key);
          const waitingCalls = e.calls.slice(0, MAX_WAITING_LISTED).map((w) => ({ position: w.position, callerName: w.callerName, callerNumber: w.callerNumber, waitingSince: w.waitingSince }));
          this.setFigures(key, { platform, source, counters: prev?.counters ?? {}, definitions: prev?.definitions ?? {}, waitingCalls, updatedAt: prev?.updatedAt ?? e.receivedAt });
          break;
        }
        case "resync":
          this.resync(source, platform, c, e.agentIds, e.queueIds, e.receivedAt);
          break;
        case "link-status":
          break; // the hub reports link statuses
      }
    }
    if (newQueues.length > 0) this.ensureQueues(source, newQueues, 0);
    if (calls.length > 0) {
      this.deps.applyCalls(calls);
      this.deps.storeCalls(calls);
    }
  }

  /** Stores new queues' configs; on failure tries again later (QUEUE_RETRY) while the link is known. */
  private ensureQueues(source: string, configs: QueueConfig[], failures: number): void {
    this.deps.ensureQueues(configs).catch((err: Error) => {
      const delay = backoffDelay(failures, QUEUE_RETRY, this.deps.random ?? Math.random);
      this.deps.log.warn({ source, queues: configs.length, err: err.message, retryInMs: delay }, "platform queues not stored");
      setTimeout(() => {
        if (this.connections.has(source)) this.ensureQueues(source, configs, failures + 1);
      }, delay).unref();
    });
  }

  private agent(c: Connection, agentId: string): KnownAgent {
    let a = c.agents.get(agentId);
    if (!a) {
      a = { login: null, name: null, phone: null, queues: [], state: null };
      c.agents.set(agentId, a);
    }
    return a;
  }

  private resync(source: string, platform: PlatformKind, c: Connection, agentIds: readonly string[], queueIds: readonly string[], at: number): void {
    const listed = new Set(agentIds);
    for (const [id, agent] of c.agents) {
      if (listed.has(id)) continue;
      // Gone from the platform's list: logged out from now (the platform no longer knows it).
      if (agent.state !== null && agent.state !== "LOGGED_OUT") {
        const { user, linked } = this.userOf(source, platform, id);
        this.append(agentStateToEvent({ type: "agent-state", source, platform, receivedAt: at, agentId: id, state: "LOGGED_OUT", since: at, pauseCode: null, pauseLabel: null, platformState: "not listed at resync", call: null, raw: null }, user, linked));
      }
      c.agents.delete(id);
    }
    const queues = new Set(queueIds);
    for (const q of c.queues) {
      if (queues.has(q)) continue;
      c.queues.delete(q);
      this.setFigures(platformQueueKey(source, q), null);
    }
  }

  private setFigures(queue: string, figures: PlatformQueueFigures | null): void {
    if (figures) this.figures.set(queue, figures);
    else if (!this.figures.delete(queue)) return;
    this.deps.figures(queue, figures);
  }

  private append(event: IncomingAgentEvent): void {
    this.deps.append(event).catch((err: Error) => {
      this.failedAppends++;
      this.deps.log.warn({ source: event.source, user: event.user, event: event.event, err: err.message }, "platform agent state not stored");
    });
  }

  private queueSave(source: string, agentId: string, a: KnownAgent, deleted: boolean): void {
    const { user } = this.userOf(source, this.connections.get(source)!.platform, agentId);
    this.pendingAgents.set(`${source}\u0000${agentId}`, { source, agentId, user, login: a.login, name: a.name, phone: a.phone, queues: a.queues, deleted });
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.saveNow();
    }, SAVE_DELAY_MS);
    this.saveTimer.unref();
  }

  private async saveNow(): Promise<void> {
    const rows = [...this.pendingAgents.values()];
    this.pendingAgents = new Map();
    if (rows.length === 0) return;
    try {
      await this.deps.saveAgents(rows);
    } catch (err) {
      this.deps.log.warn({ agents: rows.length, err: (err as Error).message }, "platform agents not stored");
    }
  }
}
