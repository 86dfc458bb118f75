/**
 * XuC frames → neutral events (lib/sources/neutral-events.ts). Pure: `applyXucFrame` takes
 * what the link knows (`XucKnowledge`, never mutated) and one parsed frame, and returns the
 * new knowledge and the events to emit. The link owns the knowledge and resets it at each
 * (re)connection, because XuC answers the lists and agent states afresh.
 *
 * State mapping (XuC AgentStateEvent `name` → ours; rules from the CCManager XucAgent service,
 * see wire.ts):
 * - AgentLogin → READY. XuC sends it as the agent logs in; AgentReady or AgentOnPause follows
 *   at once, so READY is what a supervisor would see in between. (Our VICIdial mapping puts a
 *   fresh login in PAUSED because VICIdial does; XiVO logs agents in ready.)
 * - AgentReady → READY.
 * - AgentOnPause → PAUSED; pause code = `cause` (a UsersStatuses `name`), label = that entry's
 *   `longName` (CCManager getUserStatusDisplayName). When UsersStatuses arrives after the
 *   state, the paused agents are sent again with the label (same `since`).
 * - AgentOnWrapup → DISPO (XuC's wrap-up is after-call work, our DISPO).
 * - AgentRinging → RINGING (neutral-events.ts: show as READY with the phone ringing).
 * - AgentDialing → DIAL.
 * - AgentOnCall (and the client-side AgentOnAcdCall / AgentOnIncomingCall / AgentOnOutgoingCall)
 *   → INCALL, with `call.acd` and `call.direction` as XuC gives them.
 * - AgentLoggedOut → LOGGED_OUT.
 * - Any other name: no event; a warning (the raw frame is kept by the link).
 * `since` = receive time − XuC's `since` seconds (CCManager buildMoment), server clock;
 * XuC's value is clamped to [0, 30 days] and a missing one counts as 0.
 *
 * Queue statistics: XuC's counters, merged per queue (updates carry only changed counters,
 * keyed by `queueId` or by the queue's name in `queueRef`: CCManager XucQueue). When only
 * LongestWaitingTime comes, LongestWaitTime is set too; WaitingCalls = 0 without a longest
 * wait in the same update sets LongestWaitTime to 0 (CCManager clears it then).
 */
import type { AgentIdentityEvent, AgentStateEvent, NeutralAgentState, NeutralEvent, QueueInfoEvent, QueueStatsEvent, QueueWaitingEvent, ResyncEvent } from "../neutral-events";
import { definitionsFor } from "./counters";
import type { XucAgentConfig, XucAgentState, XucCounter, XucFrame, XucQueueCall, XucQueueConfig, XucQueueMember, XucUserStatus } from "./wire";
import { admitKey } from "../link/admit";
import { FrameBuilder } from "../link/frame-builder";

/** Bounds of what the adapter remembers; entries beyond them are refused with a warning. */
export interface XucLimits {
  maxAgents: number;
  maxQueues: number;
  maxUserStatuses: number;
  maxCountersPerQueue: number;
  maxWaitingCallsPerQueue: number;
}

export const DEFAULT_XUC_LIMITS: XucLimits = { maxAgents: 10_000, maxQueues: 2_000, maxUserStatuses: 500, maxCountersPerQueue: 64, maxWaitingCallsPerQueue: 1_000 };

/** XuC's `since` beyond this is treated as this (seconds). */
const MAX_SINCE_SEC = 30 * 24 * 3600;
/** A repeated state whose computed start moved by more than this (ms) is a new stint. */
const SINCE_TOLERANCE_MS = 2_000;

interface KnownState {
  state: NeutralAgentState;
  since: number;
  pauseCode: string | null;
  pauseLabel: string | null;
  platformState: string;
  call: AgentStateEvent["call"];
  raw: unknown;
}

/** What the link knows from this connection's frames. Treat as immutable. */
export interface XucKnowledge {
  readonly agents: ReadonlyMap<string, XucAgentConfig>;
  readonly queues: ReadonlyMap<string, XucQueueConfig>;
  /** agentId → queueId → penalty (only penalties ≥ 0). */
  readonly members: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly statuses: ReadonlyMap<string, XucUserStatus>;
  readonly states: ReadonlyMap<string, KnownState>;
  /** The phone each agent last logged in on (AgentStateEvent phoneNb). */
  readonly phones: ReadonlyMap<string, string>;
  /** queueId → merged counters. */
  readonly counters: ReadonlyMap<string, Readonly<Record<string, number>>>;
  /** queueId → signature of the last waiting list sent. */
  readonly waiting: ReadonlyMap<string, string>;
  /** agentId → signature of the last identity sent. */
  readonly identities: ReadonlyMap<string, string>;
  /** Which complete lists arrived on this connection. */
  readonly lists: { readonly agents: boolean; readonly queues: boolean; readonly members: boolean };
  /** True once the resync event was sent for this connection. */
  readonly resynced: boolean;
}

export interface XucContext {
  source: string;
  /** ms, server clock. */
  receivedAt: number;
  limits?: XucLimits;
}

export interface XucApplyResult {
  knowledge: XucKnowledge;
  events: NeutralEvent[];
  /** Things worth a log line (unknown state names, refused entries, unknown queues). */
  warnings: string[];
}

export function emptyXucKnowledge(): XucKnowledge {
  return {
    agents: new Map(),
    queues: new Map(),
    members: new Map(),
    statuses: new Map(),
    states: new Map(),
    phones: new Map(),
    counters: new Map(),
    waiting: new Map(),
    identities: new Map(),
    lists: { agents: false, queues: false, members: false },
    resynced: false,
  };
}

/**
 * Our state for a XuC state name, with the pause code and label; null for unknown names.
 * `statuses` gives the labels of pause codes.
 */
export function mapXucState(
  name: string,
  cause: string | null,
  statuses: ReadonlyMap<string, XucUserStatus>,
): { state: NeutralAgentState; pauseCode: string | null; pauseLabel: string | null } | null {
  const plain = (state: NeutralAgentState) => ({ state, pauseCode: null, pauseLabel: null });
  switch (name) {
    case "AgentLogin":
    case "AgentReady":
      return plain("READY");
    case "AgentOnPause":
      return { state: "PAUSED", pauseCode: cause, pauseLabel: cause === null ? null : (statuses.get(cause)?.longName ?? null) };
    case "AgentOnWrapup":
      return plain("DISPO");
    case "AgentRinging":
      return plain("RINGING");
    case "AgentDialing":
      return plain("DIAL");
    case "AgentOnCall":
    case "AgentOnAcdCall":
    case "AgentOnIncomingCall":
    case "AgentOnOutgoingCall":
      return plain("INCALL");
    case "AgentLoggedOut":
      return plain("LOGGED_OUT");
    default:
      return null;
  }
}

/** When the agent entered the state: receive time minus XuC's `since` seconds (ms, server clock). */
export function stateStart(receivedAt: number, sinceSec: number | null): number {
  const s = sinceSec === null || !Number.isFinite(sinceSec) ? 0 : Math.min(MAX_SINCE_SEC, Math.max(0, sinceSec));
  return receivedAt - Math.round(s * 1000);
}

/** Applies one parsed frame. Frames that carry nothing for the wall return no events. */
export function applyXucFrame(k: XucKnowledge, frame: XucFrame, ctx: XucContext): XucApplyResult {
  const out = new Builder(k, ctx);
  switch (frame.kind) {
    case "agent-state":
      out.agentState(frame.state);
      break;
    case "agent-config":
      out.agentConfigs(frame.agents, frame.list);
      break;
    case "queue-config":
      out.queueConfigs(frame.queues, frame.list);
      break;
    case "queue-member":
      out.queueMembers(frame.members, frame.list);
      break;
    case "users-statuses":
      out.userStatuses(frame.statuses);
      break;
    case "queue-statistics":
      out.queueStatistics(frame.queueId, frame.queueRef, frame.counters, frame.raw);
      break;
    case "queue-calls":
      out.queueCalls(frame.queueId, frame.calls, frame.raw);
      break;
    default:
      break;
  }
  out.maybeResync();
  return out.result();
}

// ---------------------------------------------------------------------------------------------

/** Accumulates copy-on-write changes to the knowledge and the events of one frame. */
class Builder extends FrameBuilder<XucKnowledge, XucLimits, "xuc"> {
  constructor(knowledge: XucKnowledge, ctx: XucContext) {
    super(knowledge, ctx, DEFAULT_XUC_LIMITS, "xuc");
  }

  result(): XucApplyResult {
    return { knowledge: this.k, events: this.events, warnings: this.warnings };
  }

  agentState(s: XucAgentState): void {
    const mapped = mapXucState(s.name, s.cause, this.k.statuses);
    if (!mapped) {
      this.warnings.push(`unknown XuC agent state "${s.name}" for agent ${s.agentId}`);
      return;
    }
    if (!admitKey(this.k.states, s.agentId, this.limits.maxAgents, this.warnings, `agent ${s.agentId}`, "agents")) return;
    if (s.phoneNb !== null && this.k.phones.get(s.agentId) !== s.phoneNb) this.set("phones", withEntry(this.k.phones, s.agentId, s.phoneNb));
    const since = stateStart(this.ctx.receivedAt, s.since);
    const call = mapped.state === "INCALL" || mapped.state === "DIAL" || mapped.state === "RINGING" ? { acd: s.acd, direction: s.direction } : null;
    const prev = this.k.states.get(s.agentId);
    const next: KnownState = { ...mapped, since, platformState: s.name, call, raw: s.raw };
    const same =
      prev &&
      prev.state === next.state &&
      prev.pauseCode === next.pauseCode &&
      prev.pauseLabel === next.pauseLabel &&
      prev.platformState === next.platformState &&
      Math.abs(prev.since - next.since) <= SINCE_TOLERANCE_MS;
    if (!same) {
      this.set("states", withEntry(this.k.states, s.agentId, next));
      this.events.push(this.stateEvent(s.agentId, next));
    }
    // The state event also tells which queues the agent is in; membership frames win when known.
    this.identity(s.agentId, this.k.members.has(s.agentId) ? null : s.queues);
  }

  private stateEvent(agentId: string, st: KnownState): AgentStateEvent {
    return { ...this.base(), type: "agent-state", agentId, state: st.state, since: st.since, pauseCode: st.pauseCode, pauseLabel: st.pauseLabel, platformState: st.platformState, call: st.call, raw: st.raw };
  }

  agentConfigs(agents: XucAgentConfig[], list: boolean): void {
    const map = list ? new Map<string, XucAgentConfig>() : new Map(this.k.agents);
    for (const a of agents) {
      if (!admitKey(map, a.id, this.limits.maxAgents, this.warnings, `agent ${a.id}`, "agents")) continue;
      map.set(a.id, a);
    }
    this.set("agents", map);
    if (list) this.set("lists", { ...this.k.lists, agents: true });
    for (const a of agents) if (map.get(a.id) === a) this.identity(a.id, null);
  }

  queueConfigs(queues: XucQueueConfig[], list: boolean): void {
    const map = list ? new Map<string, XucQueueConfig>() : new Map(this.k.queues);
    for (const q of queues) {
      if (!admitKey(map, q.id, this.limits.maxQueues, this.warnings, `queue ${q.id}`, "queues")) continue;
      const prev = this.k.queues.get(q.id);
      map.set(q.id, q);
      if (!prev || prev.name !== q.name || prev.displayName !== q.displayName || prev.number !== q.number) {
        const e: QueueInfoEvent = { ...this.base(), type: "queue-info", queueId: q.id, name: q.name, label: q.displayName, number: q.number, deleted: false, raw: q.raw };
        this.events.push(e);
      }
    }
    this.set("queues", map);
    if (list) this.set("lists", { ...this.k.lists, queues: true });
  }

  queueMembers(members: XucQueueMember[], list: boolean): void {
    const touched = new Set<string>(list ? this.k.members.keys() : []);
    const map = list ? new Map<string, Map<string, number>>() : new Map([...this.k.members].map(([a, qs]) => [a, new Map(qs)]));
    for (const m of members) {
      touched.add(m.agentId);
      let qs = map.get(m.agentId);
      if (!qs) {
        if (map.size >= this.limits.maxAgents) {
          this.warnings.push(`membership of agent ${m.agentId} refused: more than ${this.limits.maxAgents} agents`);
          continue;
        }
        qs = new Map();
        map.set(m.agentId, qs);
      }
      // CCManager updateQueueMember: a negative penalty removes the agent from the queue.
      if (m.penalty >= 0) {
        if (qs.size < this.limits.maxQueues) qs.set(m.queueId, m.penalty);
      } else qs.delete(m.queueId);
    }
    this.set("members", map);
    if (list) this.set("lists", { ...this.k.lists, members: true });
    for (const agentId of touched) this.identity(agentId, null);
  }

  userStatuses(statuses: XucUserStatus[]): void {
    const map = new Map<string, XucUserStatus>();
    for (const s of statuses.slice(0, this.limits.maxUserStatuses)) map.set(s.name, s);
    if (statuses.length > this.limits.maxUserStatuses) this.warnings.push(`UsersStatuses: only the first ${this.limits.maxUserStatuses} kept`);
    this.set("statuses", map);
    // Agents already paused get their pause label now.
    for (const [agentId, st] of this.k.states) {
      if (st.state !== "PAUSED" || st.pauseCode === null) continue;
      const label = map.get(st.pauseCode)?.longName ?? null;
      if (label === st.pauseLabel) continue;
      const next = { ...st, pauseLabel: label };
      this.set("states", withEntry(this.k.states, agentId, next));
      this.events.push(this.stateEvent(agentId, next));
    }
  }

  queueStatistics(queueId: string | null, queueRef: string | null, counters: XucCounter[], raw: unknown): void {
    const id = queueId ?? [...this.k.queues.values()].find((q) => q.name === queueRef)?.id ?? null;
    if (id === null) {
      this.warnings.push(`QueueStatistics for unknown queue "${queueRef}"`);
      return;
    }
    const prev = this.k.counters.get(id);
    if (!prev && this.k.counters.size >= this.limits.maxQueues) {
      this.warnings.push(`statistics of queue ${id} refused: more than ${this.limits.maxQueues} queues`);
      return;
    }
    const merged: Record<string, number> = { ...(prev ?? {}) };
    const incoming = new Map(counters.map((c) => [c.statName, c.value]));
    if (incoming.has("LongestWaitingTime") && !incoming.has("LongestWaitTime")) incoming.set("LongestWaitTime", incoming.get("LongestWaitingTime")!);
    if (incoming.get("WaitingCalls") === 0 && !incoming.has("LongestWaitTime") && !incoming.has("LongestWaitingTime")) incoming.set("LongestWaitTime", 0);
    const changed: string[] = [];
    for (const [name, value] of incoming) {
      if (!(name in merged) && Object.keys(merged).length >= this.limits.maxCountersPerQueue) {
        this.warnings.push(`counter ${name} of queue ${id} refused: more than ${this.limits.maxCountersPerQueue} counters`);
        continue;
      }
      if (merged[name] !== value) changed.push(name);
      merged[name] = value;
    }
    if (changed.length === 0) return;
    this.set("counters", withEntry(this.k.counters, id, merged));
    const e: QueueStatsEvent = { ...this.base(), type: "queue-stats", queueId: id, counters: merged, changed, definitions: definitionsFor(merged), raw };
    this.events.push(e);
  }

  queueCalls(queueId: string, calls: XucQueueCall[], raw: unknown): void {
    const kept = calls.slice(0, this.limits.maxWaitingCallsPerQueue).map((c) => ({ position: c.position, callerName: c.name, callerNumber: c.number, waitingSince: c.queuedAt }));
    kept.sort((a, b) => a.position - b.position);
    const sig = JSON.stringify(kept);
    if (this.k.waiting.get(queueId) === sig) return;
    if (!admitKey(this.k.waiting, queueId, this.limits.maxQueues, this.warnings, `waiting calls of queue ${queueId}`, "queues")) return;
    this.set("waiting", withEntry(this.k.waiting, queueId, sig));
    const e: QueueWaitingEvent = { ...this.base(), type: "queue-waiting", queueId, calls: kept, raw };
    this.events.push(e);
  }

  /** Sends the agent's identity when it changed. `stateQueues`: the queues an AgentStateEvent named. */
  private identity(agentId: string, stateQueues: string[] | null): void {
    const cfg = this.k.agents.get(agentId);
    const members = this.k.members.get(agentId);
    const queues = members ? [...members.keys()].sort(byNumberThenText) : stateQueues ? [...stateQueues].sort(byNumberThenText) : null;
    const name = cfg ? [cfg.firstName, cfg.lastName].filter((p) => p && p.trim() !== "").join(" ") || null : null;
    const e: AgentIdentityEvent = {
      ...this.base(),
      type: "agent-identity",
      agentId,
      login: cfg?.number ?? null,
      name,
      phone: this.k.phones.get(agentId) ?? null,
      queues,
      deleted: false,
      raw: cfg?.raw ?? null,
    };
    const sig = JSON.stringify([e.login, e.name, e.phone, e.queues]);
    if (this.k.identities.get(agentId) === sig) return;
    if (!this.k.identities.has(agentId) && this.k.identities.size >= this.limits.maxAgents) return;
    this.set("identities", withEntry(this.k.identities, agentId, sig));
    this.events.push(e);
  }

  /** After the three lists of a connection arrived: the complete picture, once. */
  maybeResync(): void {
    const { agents, queues, members } = this.k.lists;
    if (this.k.resynced || !agents || !queues || !members) return;
    this.set("resynced", true);
    const e: ResyncEvent = { ...this.base(), type: "resync", agentIds: [...this.k.agents.keys()], queueIds: [...this.k.queues.keys()], activeCallIds: [] };
    this.events.push(e);
  }
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): Map<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

function byNumberThenText(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}
