/**
 * A small call-centre "world" the platform simulators (sim/xuc, sim/voipbin) render in their
 * own protocols: agents who log in, go ready, take queue calls, pause with a reason and wrap
 * up; callers who enter queues, get offered, answered or give up.
 *
 * Tests step it by hand (every method is one deterministic change and throws on a change that
 * cannot happen, so test mistakes are loud); the demo runs `randomStep` with a seeded PRNG.
 * Every change is told to the listeners synchronously, in order, with the world's clock
 * (`now`, ms). Ended calls are kept (the newest `maxEndedCalls`) so a platform's REST lists and
 * statistics can show them.
 */
import { pick } from "../shared/rng";

export type WorldAgentState = "logged_out" | "ready" | "paused" | "ringing" | "on_call" | "wrapup";

export interface WorldAgent {
  id: string;
  login: string;
  firstName: string;
  lastName: string;
  /** The agent's phone (extension). */
  phone: string;
  /** Queues the agent serves. */
  queues: string[];
  state: WorldAgentState;
  /** Pause code while paused. */
  pauseReason: string | null;
  /** ms, world clock, when `state` began. */
  since: number;
  /** The call the agent is ringing for, talking on or wrapping up. */
  callId: string | null;
}

export interface WorldQueue {
  id: string;
  name: string;
  displayName: string;
  number: string;
}

export interface WorldCall {
  id: string;
  queueId: string;
  callerNumber: string;
  callerName: string | null;
  agentId: string | null;
  state: "waiting" | "ringing" | "connected" | "ended";
  /** ms, world clock. */
  enteredAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: "answered" | "abandoned" | null;
}

export interface PauseReason {
  code: string;
  label: string;
}

export type WorldChange =
  | { kind: "agent"; agent: WorldAgent; previous: WorldAgentState }
  | { kind: "call"; call: WorldCall; previous: WorldCall["state"] | null }
  | { kind: "membership"; agentId: string; queueId: string; member: boolean };

export interface WorldOptions {
  agents: { id: string; login?: string; firstName: string; lastName: string; phone: string; queues: string[] }[];
  queues: WorldQueue[];
  pauseReasons?: PauseReason[];
  /** ms since the epoch; default Date.now. */
  now?: () => number;
  maxEndedCalls?: number;
}

export const DEFAULT_PAUSE_REASONS: PauseReason[] = [
  { code: "lunch", label: "Lunch break" },
  { code: "training", label: "Training" },
  { code: "backoffice", label: "Back-office work" },
];

/** The demo's random floor adds no caller while this many wait (randomStep). */
const MAX_DEMO_WAITING = 6;

export class CallCentreWorld {
  readonly pauseReasons: PauseReason[];
  private readonly agentMap = new Map<string, WorldAgent>();
  private readonly queueMap = new Map<string, WorldQueue>();
  private readonly callMap = new Map<string, WorldCall>();
  private readonly listeners: ((c: WorldChange) => void)[] = [];
  private readonly now: () => number;
  private readonly maxEnded: number;
  private nextCall = 1;

  constructor(opts: WorldOptions) {
    this.now = opts.now ?? Date.now;
    this.maxEnded = opts.maxEndedCalls ?? 5_000;
    this.pauseReasons = opts.pauseReasons ?? DEFAULT_PAUSE_REASONS;
    for (const q of opts.queues) this.queueMap.set(q.id, { ...q });
    const t = this.now();
    for (const a of opts.agents) {
      for (const q of a.queues) if (!this.queueMap.has(q)) throw new Error(`agent ${a.id}: unknown queue ${q}`);
      this.agentMap.set(a.id, { id: a.id, login: a.login ?? a.id, firstName: a.firstName, lastName: a.lastName, phone: a.phone, queues: [...a.queues], state: "logged_out", pauseReason: null, since: t, callId: null });
    }
  }

  /** Listens to every change; returns an unsubscribe function. */
  onChange(fn: (c: WorldChange) => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  clock(): number {
    return this.now();
  }

  agents(): WorldAgent[] {
    return [...this.agentMap.values()].map((a) => ({ ...a, queues: [...a.queues] }));
  }

  agent(id: string): WorldAgent {
    const a = this.agentMap.get(id);
    if (!a) throw new Error(`no agent ${id}`);
    return { ...a, queues: [...a.queues] };
  }

  queues(): WorldQueue[] {
    return [...this.queueMap.values()].map((q) => ({ ...q }));
  }

  /** Every call kept, oldest first. */
  calls(): WorldCall[] {
    return [...this.callMap.values()].map((c) => ({ ...c }));
  }

  call(id: string): WorldCall {
    const c = this.callMap.get(id);
    if (!c) throw new Error(`no call ${id}`);
    return { ...c };
  }

  /** Calls in `queueId` not answered yet (waiting or ringing), oldest first. */
  waitingCalls(queueId: string): WorldCall[] {
    return this.calls().filter((c) => c.queueId === queueId && (c.state === "waiting" || c.state === "ringing"));
  }

  pauseLabel(code: string): string | null {
    return this.pauseReasons.find((p) => p.code === code)?.label ?? null;
  }

  // -- agents ----------------------------------------------------------------------------------

  /** Logs the agent in, ready. */
  login(agentId: string): void {
    this.moveAgent(agentId, ["logged_out"], "ready");
  }

  logout(agentId: string): void {
    this.moveAgent(agentId, ["ready", "paused", "wrapup"], "logged_out", { callId: null, pauseReason: null });
  }

  ready(agentId: string): void {
    this.moveAgent(agentId, ["paused", "wrapup"], "ready", { callId: null, pauseReason: null });
  }

  pause(agentId: string, reason: string): void {
    if (!this.pauseReasons.some((p) => p.code === reason)) throw new Error(`unknown pause reason ${reason}`);
    this.moveAgent(agentId, ["ready", "wrapup"], "paused", { callId: null, pauseReason: reason });
  }

  /** Ends the agent's wrap-up: ready again. */
  endWrapup(agentId: string): void {
    this.moveAgent(agentId, ["wrapup"], "ready", { callId: null });
  }

  /** Adds the agent to a queue or removes it. */
  setMembership(agentId: string, queueId: string, member: boolean): void {
    const a = this.requireAgent(agentId);
    if (!this.queueMap.has(queueId)) throw new Error(`no queue ${queueId}`);
    const has = a.queues.includes(queueId);
    if (has === member) return;
    a.queues = member ? [...a.queues, queueId] : a.queues.filter((q) => q !== queueId);
    this.tell({ kind: "membership", agentId, queueId, member });
  }

  // -- calls -----------------------------------------------------------------------------------

  /** A caller enters a queue; returns the call id. */
  callArrives(queueId: string, callerNumber: string, callerName: string | null = null, id?: string): string {
    if (!this.queueMap.has(queueId)) throw new Error(`no queue ${queueId}`);
    const callId = id ?? `c${this.nextCall++}`;
    if (this.callMap.has(callId)) throw new Error(`call ${callId} exists`);
    const call: WorldCall = { id: callId, queueId, callerNumber, callerName, agentId: null, state: "waiting", enteredAt: this.now(), answeredAt: null, endedAt: null, outcome: null };
    this.callMap.set(callId, call);
    this.tell({ kind: "call", call: { ...call }, previous: null });
    return callId;
  }

  /** Offers a waiting call to a ready agent of its queue: both ring. */
  offer(callId: string, agentId: string): void {
    const c = this.requireCall(callId, ["waiting"]);
    const a = this.requireAgent(agentId);
    if (a.state !== "ready") throw new Error(`agent ${agentId} is ${a.state}, cannot ring`);
    if (!a.queues.includes(c.queueId)) throw new Error(`agent ${agentId} does not serve ${c.queueId}`);
    this.setCall(c, { state: "ringing", agentId });
    this.moveAgent(agentId, ["ready"], "ringing", { callId });
  }

  /** The ringing agent answers. */
  answer(callId: string): void {
    const c = this.requireCall(callId, ["ringing"]);
    this.setCall(c, { state: "connected", answeredAt: this.now() });
    this.moveAgent(c.agentId!, ["ringing"], "on_call", { callId });
  }

  /** The ringing agent does not answer: the call waits again, the agent is ready again. */
  noAnswer(callId: string): void {
    const c = this.requireCall(callId, ["ringing"]);
    const agentId = c.agentId!;
    this.setCall(c, { state: "waiting", agentId: null });
    this.moveAgent(agentId, ["ringing"], "ready", { callId: null });
  }

  /** The connected call ends; the agent wraps up. */
  hangup(callId: string): void {
    const c = this.requireCall(callId, ["connected"]);
    this.setCall(c, { state: "ended", endedAt: this.now(), outcome: "answered" });
    this.moveAgent(c.agentId!, ["on_call"], "wrapup", { callId });
    this.trimEnded();
  }

  /** The caller hangs up before an answer. */
  abandon(callId: string): void {
    const c = this.requireCall(callId, ["waiting", "ringing"]);
    const ringing = c.state === "ringing" ? c.agentId : null;
    this.setCall(c, { state: "ended", endedAt: this.now(), outcome: "abandoned", agentId: null });
    if (ringing) this.moveAgent(ringing, ["ringing"], "ready", { callId: null });
    this.trimEnded();
  }

  // -- demo ------------------------------------------------------------------------------------

  /**
   * One plausible random change (for the demo): logins, pauses with reasons, calls arriving,
   * offered to ready agents, answered, hung up, abandoned, wrap-ups ending. Returns what it did.
   */
  randomStep(rng: () => number): string {
    const agents = [...this.agentMap.values()];
    const r = rng();
    const of = (s: WorldAgentState) => agents.filter((a) => a.state === s);
    const waiting = [...this.callMap.values()].filter((c) => c.state === "waiting");
    // Arrivals stop while MAX_DEMO_WAITING calls wait, and pauses end more often than they
    // start, so a demo floor stays busy without ever filling every queue or pausing everyone.
    if (r < 0.06 && of("logged_out").length) return this.did(`login`, () => this.login(pick(rng, of("logged_out")).id));
    if (r < 0.2 && waiting.length < MAX_DEMO_WAITING) return this.did("call arrives", () => this.callArrives(pick(rng, [...this.queueMap.keys()]), `+3361${Math.floor(rng() * 1e7).toString().padStart(7, "0")}`));
    if (r < 0.42 && waiting.length) {
      const c = pick(rng, waiting);
      const ready = of("ready").filter((a) => a.queues.includes(c.queueId));
      if (ready.length) return this.did("offer", () => this.offer(c.id, pick(rng, ready).id));
      if (rng() < 0.2) return this.did("abandon", () => this.abandon(c.id));
    }
    if (r < 0.52 && of("ringing").length) return this.did("answer", () => this.answer(pick(rng, of("ringing")).callId!));
    if (r < 0.64 && of("on_call").length) return this.did("hangup", () => this.hangup(pick(rng, of("on_call")).callId!));
    if (r < 0.76 && of("wrapup").length) return this.did("end wrap-up", () => this.endWrapup(pick(rng, of("wrapup")).id));
    if (r < 0.8 && of("ready").length) return this.did("pause", () => this.pause(pick(rng, of("ready")).id, pick(rng, this.pauseReasons).code));
    if (r < 0.93 && of("paused").length) return this.did("ready", () => this.ready(pick(rng, of("paused")).id));
    if (r < 0.95 && of("paused").length) return this.did("logout", () => this.logout(pick(rng, of("paused")).id));
    return "nothing";
  }

  // -- internals -------------------------------------------------------------------------------

  private did(what: string, fn: () => unknown): string {
    fn();
    return what;
  }

  private requireAgent(id: string): WorldAgent {
    const a = this.agentMap.get(id);
    if (!a) throw new Error(`no agent ${id}`);
    return a;
  }

  private requireCall(id: string, states: WorldCall["state"][]): WorldCall {
    const c = this.callMap.get(id);
    if (!c) throw new Error(`no call ${id}`);
    if (!states.includes(c.state)) throw new Error(`call ${id} is ${c.state}, expected ${states.join(" or ")}`);
    return c;
  }

  private moveAgent(id: string, from: WorldAgentState[], to: WorldAgentState, patch: Partial<Pick<WorldAgent, "callId" | "pauseReason">> = {}): void {
    const a = this.requireAgent(id);
    if (!from.includes(a.state)) throw new Error(`agent ${id} is ${a.state}, cannot go ${to}`);
    const previous = a.state;
    Object.assign(a, patch, { state: to, since: this.now() });
    if (to !== "paused") a.pauseReason = null;
    this.tell({ kind: "agent", agent: { ...a, queues: [...a.queues] }, previous });
  }

  private setCall(c: WorldCall, patch: Partial<WorldCall>): void {
    const previous = c.state;
    Object.assign(c, patch);
    this.tell({ kind: "call", call: { ...c }, previous });
  }

  private trimEnded(): void {
    const ended = [...this.callMap.values()].filter((c) => c.state === "ended");
    for (const c of ended.slice(0, Math.max(0, ended.length - this.maxEnded))) this.callMap.delete(c.id);
  }

  private tell(change: WorldChange): void {
    for (const l of [...this.listeners]) l(change);
  }
}
