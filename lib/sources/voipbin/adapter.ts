/**
 * VoIPBin resources → neutral events (lib/sources/neutral-events.ts). Pure: each function
 * takes what the link knows (`VoipbinKnowledge`, never mutated) and returns the new knowledge
 * and the events to emit. Applying the same resource twice emits nothing the second time, so
 * the doubled frames VoIPBin sends (wire.ts) and a REST snapshot overlapping live events are
 * harmless; an update older than what we hold (by `tm_update`) is ignored.
 *
 * Agent state mapping (VoIPBin `status` → ours; statuses from bin-agent-manager/models/agent
 * and docsdev agent_struct_agent.rst):
 * - available → READY.
 * - away → PAUSED, with no pause code or label: VoIPBin has no pause reasons.
 * - ringing → RINGING (a queue call is being delivered to the agent; set by VoIPBin on
 *   groupcall_created, bin-agent-manager/pkg/agenthandler/event.go).
 * - offline → LOGGED_OUT.
 * - busy → INCALL while the agent has a call in progress that we know of (a queue call in
 *   connecting/service with `service_agent_id` = the agent, or a call with the agent as
 *   source or destination that has not hung up) or when we know of no call at all (VoIPBin
 *   sets busy when the agent's call is answered: groupcall_progressing, same file). Once we see
 *   the agent's call end while the agent stays busy, the agent is DISPO from the call's end:
 *   VoIPBin has no wrap-up, and nothing sets an agent available again after a call (only the
 *   agent or an admin does, PUT /agents/{id}/status), so "busy after the call" is after-call
 *   work as a supervisor sees it. We chose DISPO over INCALL because the wall would otherwise
 *   show agents "in call" with no call, for as long as they forget to press available.
 * - anything else: no state event, a warning.
 * `since` is our receive time when the state changes live; from a REST snapshot it is the
 * agent's `tm_update` (platform clock) when that is not in the future, else the receive time;
 * an unchanged state keeps the `since` we had. DISPO starts when the call ended.
 *
 * Queue calls (bin-queue-manager/models/queuecall; status flow initiating → waiting →
 * connecting → service → done, or abandoned; docsdev queue_struct_queuecall.rst):
 * - initiating, waiting, kicking → waiting; connecting → ringing (agent = service_agent_id);
 *   service → connected (answered at tm_service); done → ended, answered; abandoned → ended,
 *   abandoned; a call deleted (tm_delete set) in any other status → ended, outcome answered
 *   when it had been answered, else unknown. End time = tm_end, else tm_delete, else
 *   tm_update, else our receive time. Wait/talk seconds from duration_waiting /
 *   duration_service (ms) when given.
 * - The queue: `queue_id` if the frame has one, else the queue whose wait_queuecall_ids or
 *   service_queuecall_ids lists the call (the published queuecall has no queue_id). A call
 *   whose queue is unknown yet is sent with queue null and reported in `unknownQueueCalls`,
 *   so the link refreshes the queues (queue changes never come over the WebSocket) and the
 *   call is sent again with its queue.
 * - Times are VoIPBin's own (`timesFrom: "platform"`), falling back to our receive time.
 *
 * Queue membership: an agent serves a queue when the queue has no tag_ids or shares a tag
 * with the agent (docsdev queue_struct_queue.rst, tag_ids). The same page notes the `random`
 * routing method does not apply tags yet; we follow the documented eligibility rule.
 */
import type { AgentIdentityEvent, AgentStateEvent, CallEvent, NeutralAgentState, NeutralCall, NeutralEvent, QueueInfoEvent, ResyncEvent } from "../neutral-events";
import { callSeconds } from "../neutral-events";
import type { VbAgent, VbCall, VbQueue, VbQueuecall, VbResource } from "./wire";
import { admitKey } from "../link/admit";
import { FrameBuilder } from "../link/frame-builder";

export interface VoipbinLimits {
  maxAgents: number;
  maxQueues: number;
  /** Active queue calls and calls in progress, each. */
  maxActiveCalls: number;
  /** Ended queue-call ids remembered to ignore late repeats. */
  maxEndedRemembered: number;
}

export const DEFAULT_VOIPBIN_LIMITS: VoipbinLimits = { maxAgents: 10_000, maxQueues: 2_000, maxActiveCalls: 20_000, maxEndedRemembered: 5_000 };

interface KnownAgent {
  agent: VbAgent;
  state: NeutralAgentState | null;
  since: number;
  /** ms when the agent's status last became busy (server clock, or platform for snapshots). */
  busySince: number | null;
  identitySig: string;
}

interface KnownQueuecall {
  qc: VbQueuecall;
  call: NeutralCall;
}

/** What the link knows. Treat as immutable. */
export interface VoipbinKnowledge {
  readonly agents: ReadonlyMap<string, KnownAgent>;
  readonly queues: ReadonlyMap<string, VbQueue>;
  /** Queue-call id → queue id, from the queues' lists (kept after the call leaves the list). */
  readonly queueOfCall: ReadonlyMap<string, string>;
  /** Queue calls not ended yet. */
  readonly queuecalls: ReadonlyMap<string, KnownQueuecall>;
  /** Ended queue-call ids → tm_update of their end (ignore repeats). */
  readonly ended: ReadonlyMap<string, number>;
  /** Calls in progress (call_* resources not hung up). */
  readonly calls: ReadonlyMap<string, VbCall>;
  /** Agent id → ms when their last known call ended. */
  readonly lastCallEnd: ReadonlyMap<string, number>;
}

export interface VoipbinContext {
  source: string;
  /** ms, server clock. */
  receivedAt: number;
  limits?: VoipbinLimits;
}

export interface VoipbinApplyResult {
  knowledge: VoipbinKnowledge;
  events: NeutralEvent[];
  warnings: string[];
  /** Queue calls whose queue is not known: refresh the queues. */
  unknownQueueCalls: string[];
}

export interface VoipbinSnapshot {
  agents: VbAgent[];
  queues: VbQueue[];
  /** Queue calls as listed (active and recently ended). */
  queuecalls: VbQueuecall[];
}

export function emptyVoipbinKnowledge(): VoipbinKnowledge {
  return { agents: new Map(), queues: new Map(), queueOfCall: new Map(), queuecalls: new Map(), ended: new Map(), calls: new Map(), lastCallEnd: new Map() };
}

const ACTIVE_CALL_STATES = new Set(["connecting", "service"]);

/**
 * Our state for a VoIPBin agent status. `onCall`: the agent has a call in progress that we
 * know of; `callEndedWhileBusy`: we saw the agent's last call end after the agent became busy.
 */
export function mapVoipbinStatus(status: string, onCall: boolean, callEndedWhileBusy: boolean): NeutralAgentState | null {
  switch (status) {
    case "available":
      return "READY";
    case "away":
      return "PAUSED";
    case "ringing":
      return "RINGING";
    case "offline":
      return "LOGGED_OUT";
    case "busy":
      return onCall || !callEndedWhileBusy ? "INCALL" : "DISPO";
    default:
      return null;
  }
}

/** Applies one live event's resource. `eventType` is the wrapped event name when there was one. */
export function applyVoipbinEvent(k: VoipbinKnowledge, res: VbResource, eventType: string | null, ctx: VoipbinContext): VoipbinApplyResult {
  const b = new Builder(k, ctx);
  switch (res.resource) {
    case "agent":
      b.agent(res.agent, eventType === "agent_deleted", "live");
      break;
    case "queuecall":
      b.queuecall(res.queuecall, eventType === "queuecall_deleted");
      break;
    case "call":
      b.call(res.call);
      break;
    case "queue":
      b.queues([res.queue], false);
      break;
  }
  return b.result();
}

/**
 * Applies a fresh queue list (REST). `complete`: the list is every queue, so queues missing from
 * it are deleted.
 */
export function applyVoipbinQueues(k: VoipbinKnowledge, queues: VbQueue[], complete: boolean, ctx: VoipbinContext): VoipbinApplyResult {
  const b = new Builder(k, ctx);
  b.queues(queues, complete);
  return b.result();
}

/**
 * Rebuilds the picture from fresh REST lists (at start and after every reconnect: nothing is
 * replayed on subscribe). Calls we held as active that the snapshot shows ended are ended with
 * their real times; those missing from it are ended with no end time (endKnown false). Agents
 * missing from it are sent as deleted. Ends with a `resync` event.
 */
export function applyVoipbinSnapshot(k: VoipbinKnowledge, snap: VoipbinSnapshot, ctx: VoipbinContext): VoipbinApplyResult {
  const b = new Builder(k, ctx);
  b.queues(snap.queues, true);
  const listedAgents = new Set<string>();
  for (const a of snap.agents) {
    listedAgents.add(a.id);
    b.agent(a, false, "snapshot");
  }
  for (const [id, known] of k.agents) if (!listedAgents.has(id)) b.agent(known.agent, true, "snapshot");
  const listedCalls = new Set<string>();
  for (const qc of snap.queuecalls) {
    listedCalls.add(qc.id);
    b.queuecall(qc, false, false, "snapshot");
  }
  b.endUnseen(listedCalls);
  b.refineBusySince(snap.queuecalls);
  b.recomputeAll();
  b.resync();
  return b.result();
}

/** Forgets calls in progress (call_* resources): they are not resynchronised by REST. */
export function forgetCalls(k: VoipbinKnowledge): VoipbinKnowledge {
  return { ...k, calls: new Map() };
}

// ---------------------------------------------------------------------------------------------

/** Accumulates copy-on-write changes to the knowledge and the events of one frame or snapshot. */
class Builder extends FrameBuilder<VoipbinKnowledge, VoipbinLimits, "voipbin"> {
  private readonly unknownQueueCalls: string[] = [];
  /** Agents whose busy start we only know from a snapshot's tm_update (an upper bound). */
  private readonly busyFromSnapshot = new Set<string>();
  /** Agents whose status changed in a snapshot → when (tm_update, bounded by the receive time). */
  private readonly snapshotChangedAt = new Map<string, number>();

  constructor(k: VoipbinKnowledge, ctx: VoipbinContext) {
    super(k, ctx, DEFAULT_VOIPBIN_LIMITS, "voipbin");
  }

  result(): VoipbinApplyResult {
    return { knowledge: this.k, events: this.events, warnings: this.warnings, unknownQueueCalls: this.unknownQueueCalls };
  }

  // -- agents ----------------------------------------------------------------------------------

  agent(a: VbAgent, deletedEvent: boolean, mode: "live" | "snapshot"): void {
    const prev = this.k.agents.get(a.id);
    if (prev && a.tmUpdate !== null && prev.agent.tmUpdate !== null && a.tmUpdate < prev.agent.tmUpdate) return; // older than what we hold
    if (deletedEvent || a.tmDelete !== null) {
      if (!prev) return;
      const agents = new Map(this.k.agents);
      agents.delete(a.id);
      this.set("agents", agents);
      this.events.push(this.identityEvent(a, true));
      if (prev.state !== "LOGGED_OUT") this.events.push(this.stateEvent(a, "LOGGED_OUT", this.ctx.receivedAt));
      return;
    }
    if (!admitKey(this.k.agents, a.id, this.limits.maxAgents, this.warnings, `agent ${a.id}`, "agents")) return;
    const statusChanged = !prev || prev.agent.status !== a.status;
    const at = mode === "live" ? this.ctx.receivedAt : a.tmUpdate !== null && a.tmUpdate <= this.ctx.receivedAt ? a.tmUpdate : this.ctx.receivedAt;
    const keepBusySince = prev?.agent.status === "busy" && prev.busySince !== null;
    const busySince = a.status === "busy" ? (keepBusySince ? prev.busySince : at) : null;
    if (a.status === "busy" && !keepBusySince && mode === "snapshot") this.busyFromSnapshot.add(a.id);
    const known: KnownAgent = { agent: a, state: prev?.state ?? null, since: prev?.since ?? at, busySince, identitySig: prev?.identitySig ?? "" };
    this.setAgent(known);
    this.identity(a.id);
    if (!(statusChanged || !prev)) return;
    // In a snapshot the calls come after the agents: states are derived once everything is in.
    if (mode === "live") this.recomputeAgent(a.id, mode, at);
    else this.snapshotChangedAt.set(a.id, at);
  }

  /** After a snapshot: every agent's state from its status and the calls now known. */
  recomputeAll(): void {
    for (const id of this.k.agents.keys()) this.recomputeAgent(id, "snapshot", this.snapshotChangedAt.get(id));
  }

  /**
   * A snapshot only says an agent is busy, and its tm_update moves on any change of the agent:
   * the agent has been busy at least since the answer of its latest queue call in the snapshot.
   */
  refineBusySince(queuecalls: VbQueuecall[]): void {
    const lastAnswer = new Map<string, number>();
    for (const qc of queuecalls) {
      if (!qc.serviceAgentId || qc.tmService === null) continue;
      lastAnswer.set(qc.serviceAgentId, Math.max(lastAnswer.get(qc.serviceAgentId) ?? -Infinity, qc.tmService));
    }
    for (const id of this.busyFromSnapshot) {
      const known = this.k.agents.get(id);
      const answered = lastAnswer.get(id);
      if (known && answered !== undefined && (known.busySince === null || answered < known.busySince)) this.setAgent({ ...known, busySince: answered });
    }
  }

  /** Re-derives an agent's state from its status and the calls we know; emits when it changed. */
  recomputeAgent(agentId: string, mode: "live" | "snapshot", changedAt?: number): void {
    const known = this.k.agents.get(agentId);
    if (!known) return;
    const onCall = this.agentOnCall(agentId);
    const lastEnd = this.k.lastCallEnd.get(agentId) ?? null;
    const endedWhileBusy = lastEnd !== null && known.busySince !== null && lastEnd >= known.busySince;
    const state = mapVoipbinStatus(known.agent.status, onCall, endedWhileBusy);
    if (state === null) {
      this.warnings.push(`unknown VoIPBin agent status "${known.agent.status}" for agent ${agentId}`);
      return;
    }
    if (state === known.state) return;
    const at = state === "DISPO" && lastEnd !== null ? lastEnd : changedAt ?? (mode === "live" ? this.ctx.receivedAt : known.since);
    this.setAgent({ ...known, state, since: at });
    this.events.push(this.stateEvent(known.agent, state, at));
  }

  private agentOnCall(agentId: string): boolean {
    for (const { qc } of this.k.queuecalls.values()) if (qc.serviceAgentId === agentId && ACTIVE_CALL_STATES.has(qc.status)) return true;
    for (const c of this.k.calls.values()) if (partyAgent(c.source) === agentId || partyAgent(c.destination) === agentId) return true;
    return false;
  }

  private setAgent(known: KnownAgent): void {
    const agents = new Map(this.k.agents);
    agents.set(known.agent.id, known);
    this.set("agents", agents);
  }

  private stateEvent(a: VbAgent, state: NeutralAgentState, since: number): AgentStateEvent {
    const onCall = state === "INCALL" || state === "RINGING";
    return { ...this.base(), type: "agent-state", agentId: a.id, state, since, pauseCode: null, pauseLabel: null, platformState: a.status, call: onCall ? { acd: this.agentHasQueueCall(a.id) ? true : null, direction: null } : null, raw: a.raw };
  }

  private agentHasQueueCall(agentId: string): boolean {
    for (const { qc } of this.k.queuecalls.values()) if (qc.serviceAgentId === agentId) return true;
    return false;
  }

  private identityEvent(a: VbAgent, deleted: boolean): AgentIdentityEvent {
    return { ...this.base(), type: "agent-identity", agentId: a.id, login: a.username, name: a.name && a.name.trim() !== "" ? a.name : null, phone: phoneOf(a), queues: this.queuesOf(a), deleted, raw: a.raw };
  }

  private identity(agentId: string): void {
    const known = this.k.agents.get(agentId);
    if (!known) return;
    const e = this.identityEvent(known.agent, false);
    const sig = JSON.stringify([e.login, e.name, e.phone, e.queues]);
    if (sig === known.identitySig) return;
    this.setAgent({ ...known, identitySig: sig });
    this.events.push(e);
  }

  private queuesOf(a: VbAgent): string[] | null {
    if (this.k.queues.size === 0) return null;
    const tags = new Set(a.tagIds);
    return [...this.k.queues.values()].filter((q) => q.tagIds.length === 0 || q.tagIds.some((t) => tags.has(t))).map((q) => q.id).sort();
  }

  // -- queues ----------------------------------------------------------------------------------

  queues(list: VbQueue[], complete: boolean): void {
    const queues = complete ? new Map<string, VbQueue>() : new Map(this.k.queues);
    for (const q of list) {
      if (q.tmDelete !== null) continue;
      if (!admitKey(queues, q.id, this.limits.maxQueues, this.warnings, `queue ${q.id}`, "queues")) continue;
      queues.set(q.id, q);
      const prev = this.k.queues.get(q.id);
      if (!prev || prev.name !== q.name || prev.detail !== q.detail) {
        const e: QueueInfoEvent = { ...this.base(), type: "queue-info", queueId: q.id, name: q.name, label: q.detail && q.detail.trim() !== "" ? q.detail : null, number: null, deleted: false, raw: q.raw };
        this.events.push(e);
      }
    }
    for (const [id, prev] of this.k.queues) {
      if (queues.has(id)) continue;
      this.events.push({ ...this.base(), type: "queue-info", queueId: id, name: prev.name, label: null, number: null, deleted: true, raw: prev.raw });
    }
    const queueOfCall = new Map(this.k.queueOfCall);
    for (const q of queues.values()) for (const id of [...q.waitQueuecallIds, ...q.serviceQueuecallIds]) queueOfCall.set(id, q.id);
    // Bounded: keep the newest mappings.
    while (queueOfCall.size > this.limits.maxActiveCalls + this.limits.maxEndedRemembered) queueOfCall.delete(queueOfCall.keys().next().value!);
    this.set("queues", queues);
    this.set("queueOfCall", queueOfCall);
    for (const id of this.k.agents.keys()) this.identity(id);
    // Calls whose queue we now know are sent again with it.
    for (const known of this.k.queuecalls.values()) if (known.call.queue === null && queueOfCall.has(known.qc.id)) this.queuecall(known.qc, false, true);
  }

  // -- queue calls -----------------------------------------------------------------------------

  /**
   * One queue call. In a snapshot, an ended call we never held as active is history: it only
   * tells when its agent's last call ended (for DISPO); it is not sent.
   */
  queuecall(qc: VbQueuecall, deletedEvent: boolean, force = false, mode: "live" | "snapshot" = "live"): void {
    if (this.k.ended.has(qc.id)) return; // its end was already sent
    const prev = this.k.queuecalls.get(qc.id);
    if (!force && prev && qc.tmUpdate !== null && prev.qc.tmUpdate !== null && qc.tmUpdate < prev.qc.tmUpdate) return;
    if (!admitKey(this.k.queuecalls, qc.id, this.limits.maxActiveCalls, this.warnings, `queue call ${qc.id}`, "active calls")) return;
    const effective = deletedEvent && qc.tmDelete === null ? { ...qc, tmDelete: this.ctx.receivedAt } : qc;
    const queueId = effective.queueId ?? this.k.queueOfCall.get(qc.id) ?? prev?.call.queue ?? null;
    const call = neutralCall(effective, queueId, prev?.call, this.k, this.ctx.receivedAt);
    if (queueId === null && call.state !== "ended") this.unknownQueueCalls.push(qc.id);
    if (mode === "snapshot" && !prev && call.state === "ended") {
      if (call.outcome === "answered" && call.agentId && call.endedAt !== null && call.endedAt > (this.k.lastCallEnd.get(call.agentId) ?? -Infinity)) {
        const lastCallEnd = new Map(this.k.lastCallEnd);
        lastCallEnd.set(call.agentId, call.endedAt);
        this.set("lastCallEnd", lastCallEnd);
      }
      return;
    }
    const agents = new Set([prev?.call.agentId, call.agentId].filter((x): x is string => !!x));
    if (call.state === "ended") {
      const active = new Map(this.k.queuecalls);
      active.delete(qc.id);
      this.set("queuecalls", active);
      const ended = new Map(this.k.ended);
      ended.set(qc.id, effective.tmUpdate ?? this.ctx.receivedAt);
      while (ended.size > this.limits.maxEndedRemembered) ended.delete(ended.keys().next().value!);
      this.set("ended", ended);
      if (call.outcome === "answered" && call.agentId) {
        const lastCallEnd = new Map(this.k.lastCallEnd);
        lastCallEnd.set(call.agentId, call.endedAt ?? this.ctx.receivedAt);
        this.set("lastCallEnd", lastCallEnd);
      }
    } else {
      const active = new Map(this.k.queuecalls);
      active.set(qc.id, { qc: effective, call });
      this.set("queuecalls", active);
    }
    if (!prev || !sameCall(prev.call, call)) {
      const e: CallEvent = { ...this.base(), type: "call", call, raw: qc.raw };
      this.events.push(e);
    }
    if (mode === "live") for (const id of agents) this.recomputeAgent(id, "live");
  }

  /** Calls we held as active that a snapshot no longer lists: ended, end time unknown. */
  endUnseen(listed: ReadonlySet<string>): void {
    for (const [id, known] of this.k.queuecalls) {
      if (listed.has(id)) continue;
      const call: NeutralCall = {
        ...known.call,
        state: "ended",
        endedAt: null,
        endKnown: false,
        outcome: known.call.answeredAt !== null ? "answered" : "unknown",
        waitSec: known.call.answeredAt !== null ? known.call.waitSec : null,
        talkSec: null,
      };
      const active = new Map(this.k.queuecalls);
      active.delete(id);
      this.set("queuecalls", active);
      const ended = new Map(this.k.ended);
      ended.set(id, this.ctx.receivedAt);
      this.set("ended", ended);
      this.events.push({ ...this.base(), type: "call", call, raw: known.qc.raw });
    }
  }

  // -- calls in progress -----------------------------------------------------------------------

  call(c: VbCall): void {
    const prev = this.k.calls.get(c.id);
    if (prev && c.tmUpdate !== null && prev.tmUpdate !== null && c.tmUpdate < prev.tmUpdate) return;
    const ended = c.status === "hangup" || c.tmHangup !== null || c.tmDelete !== null;
    const calls = new Map(this.k.calls);
    if (ended) calls.delete(c.id);
    else if (admitKey(calls, c.id, this.limits.maxActiveCalls, this.warnings, `call ${c.id}`, "calls in progress")) calls.set(c.id, c);
    this.set("calls", calls);
    const agents = [partyAgent(c.source), partyAgent(c.destination)].filter((x): x is string => x !== null);
    if (ended && agents.length) {
      const lastCallEnd = new Map(this.k.lastCallEnd);
      for (const a of agents) lastCallEnd.set(a, c.tmHangup ?? this.ctx.receivedAt);
      this.set("lastCallEnd", lastCallEnd);
    }
    // The caller's number for the queue call this call feeds.
    for (const known of this.k.queuecalls.values()) if (known.qc.referenceId === c.id) this.queuecall(known.qc, false, true);
    for (const a of agents) this.recomputeAgent(a, "live");
  }

  resync(): void {
    const e: ResyncEvent = { ...this.base(), type: "resync", agentIds: [...this.k.agents.keys()], queueIds: [...this.k.queues.keys()], activeCallIds: [...this.k.queuecalls.keys()] };
    this.events.push(e);
  }
}

/** The neutral call of a queue call (see the module comment for the rules). */
export function neutralCall(qc: VbQueuecall, queueId: string | null, prev: NeutralCall | undefined, k: Pick<VoipbinKnowledge, "queues" | "calls">, receivedAt: number): NeutralCall {
  const platformEntry = qc.tmCreate ?? null;
  const enteredAt = platformEntry ?? prev?.enteredAt ?? receivedAt;
  const timesFrom = platformEntry !== null ? "platform" : (prev?.timesFrom ?? "server");
  const ref = qc.referenceId ? k.calls.get(qc.referenceId) : undefined;
  const from = ref?.source?.target ?? ref?.source?.name ?? prev?.from ?? "";
  const to = (queueId ? k.queues.get(queueId)?.name : undefined) ?? prev?.to ?? "";
  const base = { id: qc.id, queue: queueId, from, to, enteredAt, timesFrom } as const;
  const answeredAt = qc.tmService ?? prev?.answeredAt ?? null;
  const endAt = qc.tmEnd ?? qc.tmDelete ?? qc.tmUpdate ?? receivedAt;
  const waitFromPlatform = qc.durationWaiting !== null && qc.durationWaiting > 0 ? qc.durationWaiting / 1000 : null;
  const talkFromPlatform = qc.durationService !== null && qc.durationService > 0 ? qc.durationService / 1000 : null;
  const agentId = qc.serviceAgentId ?? prev?.agentId ?? null;
  const active = (state: NeutralCall["state"], answered: number | null, agent: string | null): NeutralCall => ({
    ...base,
    agentId: agent,
    state,
    answeredAt: answered,
    endedAt: null,
    endKnown: true,
    outcome: null,
    waitSec: answered !== null ? (waitFromPlatform ?? callSeconds(enteredAt, answered)) : null,
    talkSec: null,
  });
  const ended = (outcome: "answered" | "abandoned" | "unknown"): NeutralCall => {
    const answered = outcome === "answered" ? (answeredAt ?? prev?.answeredAt ?? null) : null;
    return {
      ...base,
      agentId: outcome === "abandoned" ? null : agentId,
      state: "ended",
      answeredAt: answered,
      endedAt: endAt,
      endKnown: true,
      outcome,
      waitSec: waitFromPlatform ?? (outcome === "unknown" ? null : callSeconds(enteredAt, answered ?? endAt)),
      talkSec: outcome === "answered" ? (talkFromPlatform ?? callSeconds(answered, endAt)) : null,
    };
  };
  switch (qc.status) {
    case "done":
      return ended("answered");
    case "abandoned":
      return ended("abandoned");
    default:
      break;
  }
  if (qc.tmDelete !== null) return ended(answeredAt !== null ? "answered" : "unknown");
  switch (qc.status) {
    case "service":
      return active("connected", answeredAt ?? receivedAt, agentId);
    case "connecting":
      return active("ringing", null, agentId);
    case "initiating":
    case "waiting":
    case "kicking":
      return active("waiting", null, null);
    default:
      return prev ?? active("waiting", null, null);
  }
}

function sameCall(a: NeutralCall, b: NeutralCall): boolean {
  return (
    a.state === b.state &&
    a.queue === b.queue &&
    a.from === b.from &&
    a.to === b.to &&
    a.agentId === b.agentId &&
    a.enteredAt === b.enteredAt &&
    a.answeredAt === b.answeredAt &&
    a.endedAt === b.endedAt &&
    a.outcome === b.outcome &&
    a.endKnown === b.endKnown
  );
}

/** The agent id of a call party whose address type is "agent". */
function partyAgent(addr: VbCall["source"]): string | null {
  return addr && addr.type === "agent" && addr.target ? addr.target : null;
}

/** The agent's phone: the first extension address, else tel / sip, else any target. */
export function phoneOf(a: VbAgent): string | null {
  for (const type of ["extension", "tel", "sip"]) {
    const hit = a.addresses.find((x) => x.type === type && x.target);
    if (hit?.target) return hit.target;
  }
  return a.addresses.find((x) => x.target)?.target ?? null;
}
