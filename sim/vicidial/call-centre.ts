/**
 * A seeded, clock-driven model of a VICIdial call centre for the demo and for tests.
 *
 * Agents log in, pause (with pause codes), go READY/CLOSER, take calls (auto-dialled,
 * inbound from a queue, or manually dialled), park, three-way, hang up, set dispositions and
 * now and then log out and back in. The model emits the Agent Events Push events their agent
 * screens would send (shared/seeds/003, DOMAIN.md §1) and, in a parallel stream, the
 * lifecycle of every customer call (queued, dialling, answered, held, ended, abandoned), so
 * that a PBX simulator can be driven by the same model later.
 *
 * Nothing here does I/O or reads a clock: the caller passes `nowMs` to {@link CallCentre.advance}.
 * With the same seed, options and start time the output is the same whatever the tick size,
 * because every happening is processed in time order with a fixed tie-break.
 *
 * Time: all `...Ms` values are ms since the Unix epoch on the clock the caller passes (the
 * "sim clock"; the demo passes `Date.now()`). Behaviour durations below are in *simulated*
 * seconds and shrink by `speed` on that clock; `epoch` in events is the sim clock in whole
 * Unix seconds, standing in for the agent browser clock.
 */
import { effectOf, type AgentStatus } from "../../lib/agents/status";
import { Rng, type Weighted } from "../shared/rng";

// ---------------------------------------------------------------------------------------------
// Public shapes

/**
 * How a campaign gets calls to its agents (VICIdial's campaign dial method, reduced):
 * RATIO — the auto-dialler connects answered customers to READY agents;
 * MANUAL — agents dial each lead themselves from PAUSED (call_dialed first);
 * INBOUND — customers call in, wait in the campaign's queue (in-group), agents are CLOSER.
 */
export type DialMethod = "RATIO" | "MANUAL" | "INBOUND";

export interface CampaignConfig {
  /** VICIdial campaign id, e.g. "SALES"; sent as the `campaign` field. */
  id: string;
  name: string;
  dialMethod: DialMethod;
  /** Dispositions (VICIdial status codes) set after a call a person answered, weighted. */
  dispositions: readonly Weighted<string>[];
}

/** The three default campaigns: one of each dial method. */
export const DEFAULT_CAMPAIGNS: readonly CampaignConfig[] = [
  {
    id: "SALES",
    name: "Outbound sales",
    dialMethod: "RATIO",
    dispositions: [["SALE", 14], ["NI", 30], ["CALLBK", 12], ["NP", 10], ["A", 8], ["DNC", 4], ["B", 2], ["XFER", 4]],
  },
  {
    id: "SUPPORT",
    name: "Customer support",
    dialMethod: "INBOUND",
    dispositions: [["RESOLV", 45], ["INFO", 20], ["CALLBK", 12], ["ESCAL", 10], ["SALE", 5], ["DNC", 1]],
  },
  {
    id: "COLLECT",
    name: "Collections",
    dialMethod: "MANUAL",
    dispositions: [["PTP", 22], ["RTP", 14], ["CALLBK", 18], ["NI", 12], ["WN", 8], ["DNC", 3]],
  },
];

/** One Agent Events Push event, with the fields VICIdial substitutes into the Agent Push URL. */
export interface SimEvent {
  /** Agent login (`user`), e.g. "1001". */
  user: string;
  /** The agent's campaign id; VICIdial does not send it, an admin may add it to the URL. */
  campaign: string;
  event: string;
  /** Event-specific text, spaces as spaces (the encoder turns them into `+`). */
  message: string;
  /** Lead of the current call, numeric string; "" when the agent has none. */
  leadId: string;
  /** Agent browser clock, whole Unix seconds (here: the sim clock). */
  epoch: number;
  /** vicidial_agent_log id: new at login and after each dispo_set (a new call/pause cycle). */
  agentLogId: string;
  /** Agent screen event counter: 1 for logged_in, +1 per event, restarts with a new screen. */
  counter: number;
  /** When the event happened, ms on the sim clock (epoch is derived from it). */
  atMs: number;
}

/** What happened to a customer call. */
export type CallEventType =
  /** Waiting for an agent: an inbound caller in the queue, or an auto-dialled customer who answered. */
  | "queued"
  /** A manual dial started ringing the customer (an agent is already on it). */
  | "dialing"
  /** Connected to an agent. */
  | "answered"
  /** Parked by the agent (customer on hold) / taken back. */
  | "held"
  | "retrieved"
  /** A third party joined / left (three-way call). */
  | "conference_started"
  | "conference_ended"
  /** Finished after being answered; `endedBy` says who hung up first. */
  | "ended"
  /** Left the queue unanswered: the caller hung up or the dialler dropped it. */
  | "abandoned"
  /** A manual dial nobody answered (no answer or busy). */
  | "unanswered";

/** One step of a customer call's lifecycle: the parallel stream for a PBX simulator. */
export interface CallEvent {
  type: CallEventType;
  /** ms, sim clock. */
  atMs: number;
  /** VICIdial call id (the message of call_answered), e.g. "V1121093012000012345". */
  callId: string;
  campaign: string;
  direction: "inbound" | "outbound";
  leadId: string;
  /** Customer's phone number (10 digits, fictional 555 exchange). */
  phoneNumber: string;
  /** Agent on the call, null while queued or after an abandon. */
  user: string | null;
  /** ms, sim clock, when the call entered the queue; null for manual dials. */
  queuedAtMs: number | null;
  /** ms, sim clock, when an agent got it; null before and if never. */
  answeredAtMs: number | null;
  /** "ended": who hung up first. */
  endedBy?: "customer" | "agent";
  /** "abandoned": CALLER_HANGUP or DROP; "unanswered": NO_ANSWER or BUSY. */
  reason?: string;
}

/** What one {@link CallCentre.advance} produced, each list in time order. */
export interface SimStep {
  agentEvents: SimEvent[];
  callEvents: CallEvent[];
}

/** A roster line (same shape as the server's RosterEntry). */
export interface SimRosterEntry {
  user: string;
  fullName: string;
  campaign: string;
  team: string;
  /** PBX extension of the agent's phone: 2001, 2002, ... by agent order ("2" + the last three
   * digits of the user with the default users 1001..). Unique, never a 3-digit queue id. */
  extension: string;
}

/** The model's view of one agent right now (what the wallboard should converge to). */
export interface SimAgentSnapshot {
  user: string;
  campaign: string;
  /** Status per lib/agents/status.ts applied to the events this agent sent. */
  status: AgentStatus;
  leadId: string;
  callId: string | null;
}

export interface CallCentreSnapshot {
  atMs: number;
  agents: SimAgentSnapshot[];
  /** Calls waiting in a queue now, oldest first per campaign. */
  waiting: { callId: string; campaign: string; queuedAtMs: number }[];
  /** Calls with an agent (dialling, talking, parked, ...). */
  activeCalls: number;
}

export interface CallCentreOptions {
  /** Number of agents; default 60. */
  agents?: number;
  /** A number of campaigns (default 3: the defaults, then generated ones) or explicit configs. */
  campaigns?: number | readonly CampaignConfig[];
  /** PRNG seed; default 1. */
  seed?: number;
  /** Simulated seconds per second of the sim clock; default 1 (real time). */
  speed?: number;
  /** First agent login number; default 1001. */
  firstUser?: number;
  /** Sim clock origin, ms; default the `nowMs` of the first advance(). */
  startMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Behaviour (simulated seconds and probabilities). Tuned so a 60-agent floor has some queue,
// some pauses and a call or two on hold at any time, not for statistical fidelity.

const B = {
  firstLoginSpreadSec: 30,
  lateLoginShare: 0.1,
  lateLoginSec: [60, 600] as const,
  loginPauseSec: [3, 20] as const,
  autoConnectMeanSec: 10,
  overdialShare: 0.04,
  dropTimerSec: [2, 5] as const,
  inboundOccupancy: 0.75,
  inboundHandleSec: 90,
  inboundWaveSec: 900,
  inboundWaveDepth: 0.45,
  callerPatienceMeanSec: 90,
  readyPauseMeanSec: 1200,
  talkSec: [20, 120] as const,
  longTalkShare: 0.15,
  longTalkSec: [120, 300] as const,
  machineTalkSec: [3, 9] as const,
  ringSec: [4, 25] as const,
  manualOutcomes: [["human", 52], ["machine", 12], ["no_answer", 26], ["busy", 10]] as const,
  scriptShare: 0.55,
  parkShare: 0.1,
  parkSec: [10, 60] as const,
  threeWayShare: 0.06,
  panelOnlyShare: 0.04,
  customerHangupShare: 0.35,
  deadSec: [2, 12] as const,
  wrapSec: [3, 25] as const,
  longWrapShare: 0.1,
  longWrapSec: [25, 90] as const,
  /** Nobody to talk to (no answer, busy, answering machine): the agent dispositions at once. */
  quickWrapSec: [1, 5] as const,
  logoutShare: 0.008,
  reloadShare: 0.003,
  codedPauseShare: 0.035,
  briefPauseShare: 0.07,
  briefPauseSec: [5, 45] as const,
  manualNextDialSec: [2, 12] as const,
  offlineSec: [60, 900] as const,
  timeSyncShare: 0.05,
  alertShare: 0.01,
};

/** Pause codes with weights and durations (simulated seconds). */
const PAUSE_CODES: readonly Weighted<{ code: string; sec: readonly [number, number] }>[] = [
  [{ code: "BREAK", sec: [300, 900] }, 40],
  [{ code: "BIO", sec: [120, 420] }, 20],
  [{ code: "ADMIN", sec: [60, 300] }, 14],
  [{ code: "MEET", sec: [300, 1200] }, 9],
  [{ code: "TRAIN", sec: [600, 1200] }, 7],
  [{ code: "LUNCH", sec: [1800, 2700] }, 6],
];

const FIRST_NAMES = [
  "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sophia", "Lucas", "Mia", "Ethan", "Amara", "Ravi",
  "Chloe", "Diego", "Hannah", "Kenji", "Fatima", "Jonah", "Priya", "Samuel", "Lena", "Omar", "Grace",
  "Tomás", "Zoe", "Elijah", "Nadia", "Marcus", "Isla", "Andre", "Yara", "Felix", "Rosa", "Caleb",
  "Ingrid", "Malik", "Leah", "Hugo", "Aisha", "Victor",
];
const LAST_NAMES = [
  "Johnson", "Garcia", "Nguyen", "Smith", "Okafor", "Müller", "Patel", "Brown", "Rossi", "Kowalski",
  "Silva", "Murphy", "Cohen", "Tanaka", "Hernandez", "Dubois", "Andersen", "Khan", "Walker", "Lopez",
  "O'Brien", "Ivanova", "Mensah", "Fischer", "Reyes", "Campbell", "Haddad", "Larsen", "Moreau", "Ortiz",
];
const AREA_CODES = ["212", "305", "312", "415", "512", "617", "702", "713", "804", "919"];
const ALERT_MESSAGES = ["Dial timed out...", "You have 1 scheduled callback", "Lead is not in the hopper"];

// ---------------------------------------------------------------------------------------------
// Internals

/**
 * offline: not logged in; leaving: logout under way; paused: logged in, not taking calls;
 * ready: waiting for a call (only then can the queue hand it one); call: dialling, talking,
 * parked, three-way, dead or in wrap-up.
 */
type Phase = "offline" | "leaving" | "paused" | "ready" | "call";

interface Step {
  at: number;
  run: (at: number) => void;
}

/** A customer call in progress: what its CallEvents carry, plus when the caller gives up. */
interface LiveCall extends Pick<CallEvent, "callId" | "campaign" | "direction" | "leadId" | "phoneNumber" | "user" | "queuedAtMs" | "answeredAtMs"> {
  /** ms; the caller hangs up (or the dialler drops it) if still queued then. */
  abandonAt: number;
}

interface AgentModel {
  index: number;
  user: string;
  fullName: string;
  team: string;
  /** PBX extension of the agent's phone (see SimRosterEntry.extension). */
  extension: string;
  campaign: CampaignConfig;
  phase: Phase;
  status: AgentStatus;
  /** ms, when the agent last became ready: the queue goes to the longest-idle agent. */
  readySince: number;
  /** Pending happenings of this agent, in time order. */
  steps: Step[];
  sessionId: number;
  counter: number;
  agentLogId: number;
  leadId: string;
  call: LiveCall | null;
  /** ms of the last event sent by the current screen session. */
  lastEventAt: number;
}

interface CampaignModel {
  config: CampaignConfig;
  agentCount: number;
  queue: LiveCall[];
  /** ms of the next inbound call; Infinity when the campaign takes no inbound calls. */
  nextArrivalAt: number;
}

/** A new screen session must start in a later epoch second than the old one ended. */
const MIN_RELOGIN_GAP_MS = 2000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function generatedCampaign(i: number): CampaignConfig {
  const base = DEFAULT_CAMPAIGNS[i % DEFAULT_CAMPAIGNS.length]!;
  return { ...base, id: `CAMP${pad(i + 1, 2)}`, name: `${base.name} ${i + 1}` };
}

// ---------------------------------------------------------------------------------------------

/**
 * The call-centre model. Drive it with {@link advance} (or {@link step}) and a clock that never
 * goes back; it processes every happening up to that time and returns what was emitted.
 */
export class CallCentre {
  readonly speed: number;
  readonly campaigns: readonly CampaignConfig[];
  private readonly rng: Rng;
  private readonly agentList: AgentModel[];
  private readonly campaignModels: CampaignModel[];
  private startMs: number | null = null;
  private clock = 0;
  private shiftOver = false;
  private nextLead: number;
  private nextAgentLog: number;
  private agentOut: SimEvent[] = [];
  private callOut: CallEvent[] = [];

  constructor(opts: CallCentreOptions = {}) {
    const agentCount = opts.agents ?? 60;
    const speed = opts.speed ?? 1;
    if (!Number.isInteger(agentCount) || agentCount < 1) throw new Error(`agents must be a positive integer, got ${agentCount}`);
    if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`speed must be a positive number, got ${speed}`);
    this.speed = speed;
    this.rng = new Rng(opts.seed ?? 1);
    const c = opts.campaigns ?? 3;
    this.campaigns =
      typeof c === "number" ? Array.from({ length: Math.max(1, c) }, (_, i) => DEFAULT_CAMPAIGNS[i] ?? generatedCampaign(i)) : [...c];
    if (this.campaigns.length === 0) throw new Error("at least one campaign is needed");

    // Realistic-looking database ids: agent_log and lead ids are table-wide autoincrements.
    this.nextLead = this.rng.int(1_000_000, 4_000_000);
    this.nextAgentLog = this.rng.int(5_000_000, 9_000_000);

    const firstUser = opts.firstUser ?? 1001;
    const names = new Set<string>();
    this.agentList = Array.from({ length: agentCount }, (_, index) => {
      let fullName = "";
      for (let tries = 0; tries < 20 && (fullName === "" || names.has(fullName)); tries++) {
        fullName = `${this.rng.pick(FIRST_NAMES)} ${this.rng.pick(LAST_NAMES)}`;
      }
      names.add(fullName);
      const campaign = this.campaigns[index % this.campaigns.length]!;
      return {
        index,
        user: String(firstUser + index),
        fullName,
        // Not drawn from the PRNG: adding it must not change any seeded run.
        extension: String(2001 + index),
        team: `${campaign.id}-${String.fromCharCode(65 + (Math.floor(index / this.campaigns.length) % 3))}`,
        campaign,
        phase: "offline",
        status: "LOGGED_OUT",
        readySince: 0,
        steps: [],
        sessionId: 8600051 + index,
        counter: 0,
        agentLogId: 0,
        leadId: "",
        call: null,
        lastEventAt: -Infinity,
      } satisfies AgentModel;
    });
    this.campaignModels = this.campaigns.map((config) => ({
      config,
      agentCount: this.agentList.filter((a) => a.campaign === config).length,
      queue: [],
      nextArrivalAt: Infinity,
    }));
    if (opts.startMs !== undefined) this.begin(opts.startMs);
  }

  /** Agents with full names, campaigns, teams and phone extensions, for seeding a roster. */
  roster(): SimRosterEntry[] {
    return this.agentList.map((a) => ({ user: a.user, fullName: a.fullName, campaign: a.campaign.id, team: a.team, extension: a.extension }));
  }

  /**
   * PBX queue id per INBOUND campaign: "700", "701", ... in campaign order (SUPPORT → "700" with
   * the defaults). Campaigns of other dial methods have none: their calls reach the PBX as the
   * agents' own calls.
   */
  campaignQueues(): Record<string, string> {
    const out: Record<string, string> = {};
    let n = 0;
    for (const c of this.campaigns) if (c.dialMethod === "INBOUND") out[c.id] = String(700 + n++);
    return out;
  }

  /**
   * Runs the model up to `nowMs` (ms, sim clock) and returns the agent events and call events
   * that happened since the previous call, each in time order. A `nowMs` earlier than the last
   * one is treated as the last one.
   */
  advance(nowMs: number): SimStep {
    if (this.startMs === null) this.begin(nowMs);
    const until = Math.max(nowMs, this.clock);
    for (;;) {
      const next = this.nextHappening();
      if (next === null || next.at > until) break;
      this.clock = next.at;
      next.run(next.at);
      this.matchQueues(next.at);
    }
    this.clock = until;
    const out = { agentEvents: this.agentOut, callEvents: this.callOut };
    this.agentOut = [];
    this.callOut = [];
    return out;
  }

  /** {@link advance} returning only the agent events (the call stream of this step is dropped). */
  step(nowMs: number): SimEvent[] {
    return this.advance(nowMs).agentEvents;
  }

  /**
   * Closing time: no new calls or logins; agents finish their calls and log out. Queued calls
   * are still answered while agents remain. {@link finished} turns true once all are out.
   */
  endShift(): void {
    if (this.shiftOver) return;
    this.shiftOver = true;
    for (const c of this.campaignModels) c.nextArrivalAt = Infinity;
    for (const a of this.agentList) {
      if (a.phase === "offline") a.steps = [];
      if (a.phase === "ready" || a.phase === "paused") {
        a.steps = [];
        this.plan(a, this.clock + this.simMs(this.rng.between(0, 30)), (t) => this.logOut(a, t));
      }
    }
  }

  /** True after {@link endShift} once every agent is logged out and no call is left. */
  get finished(): boolean {
    return (
      this.shiftOver &&
      this.agentList.every((a) => a.phase === "offline" && a.steps.length === 0) &&
      this.campaignModels.every((c) => c.queue.length === 0)
    );
  }

  /** The model's current state (sim clock = the last advance). */
  snapshot(): CallCentreSnapshot {
    const waiting = this.campaignModels.flatMap((c) =>
      c.queue.map((call) => ({ callId: call.callId, campaign: c.config.id, queuedAtMs: call.queuedAtMs ?? this.clock })),
    );
    return {
      atMs: this.clock,
      agents: this.agentList.map((a) => ({
        user: a.user,
        campaign: a.campaign.id,
        status: a.status,
        leadId: a.leadId,
        callId: a.call?.callId ?? null,
      })),
      waiting,
      activeCalls: this.agentList.filter((a) => a.call !== null).length,
    };
  }

  // -- scheduling ------------------------------------------------------------------------------

  private begin(startMs: number): void {
    this.startMs = startMs;
    this.clock = startMs;
    for (const a of this.agentList) {
      const late = this.rng.chance(B.lateLoginShare);
      const sec = late ? this.rng.between(...B.lateLoginSec) : this.rng.between(0, B.firstLoginSpreadSec);
      this.plan(a, startMs + this.simMs(sec), (t) => this.logIn(a, t));
    }
    for (const c of this.campaignModels) {
      if (c.config.dialMethod === "INBOUND") c.nextArrivalAt = startMs + this.inboundGapMs(c, startMs);
    }
  }

  /** Simulated seconds → ms on the sim clock. */
  private simMs(sec: number): number {
    return Math.round((sec * 1000) / this.speed);
  }

  private plan(a: AgentModel, at: number, run: (at: number) => void): void {
    // Stable insertion: steps planned for the same ms run in the order they were planned.
    let i = a.steps.length;
    while (i > 0 && a.steps[i - 1]!.at > at) i--;
    a.steps.splice(i, 0, { at, run });
  }

  /** The earliest pending happening; ties: abandons, then agents, then arrivals, by index. */
  private nextHappening(): Step | null {
    let best: Step | null = null;
    for (const c of this.campaignModels) {
      for (const call of c.queue) {
        if (best === null || call.abandonAt < best.at) best = { at: call.abandonAt, run: (t) => this.abandon(c, call, t) };
      }
    }
    for (const a of this.agentList) {
      const s = a.steps[0];
      if (s && (best === null || s.at < best.at)) {
        best = {
          at: s.at,
          run: (t) => {
            a.steps.shift();
            s.run(t);
          },
        };
      }
    }
    for (const c of this.campaignModels) {
      if (Number.isFinite(c.nextArrivalAt) && (best === null || c.nextArrivalAt < best.at)) {
        best = { at: c.nextArrivalAt, run: (t) => this.inboundArrival(c, t) };
      }
    }
    return best;
  }

  // -- emitting --------------------------------------------------------------------------------

  private emit(a: AgentModel, at: number, event: string, message = ""): void {
    a.counter += 1;
    a.lastEventAt = at;
    this.agentOut.push({
      user: a.user,
      campaign: a.campaign.id,
      event,
      message,
      leadId: a.leadId,
      epoch: Math.floor(at / 1000),
      agentLogId: String(a.agentLogId),
      counter: a.counter,
      atMs: at,
    });
    const effect = effectOf(event);
    if (effect.kind === "status") a.status = effect.status;
    else if (effect.kind === "ready") a.status = /\bCLOSER\b/.test(message) ? "CLOSER" : "READY";
    else if (effect.kind === "disposition") a.status = "DISPO";
  }

  private callEvent(call: LiveCall, at: number, type: CallEventType, extra: Pick<CallEvent, "endedBy" | "reason"> = {}): void {
    this.callOut.push({
      type,
      atMs: at,
      callId: call.callId,
      campaign: call.campaign,
      direction: call.direction,
      leadId: call.leadId,
      phoneNumber: call.phoneNumber,
      user: call.user,
      queuedAtMs: call.queuedAtMs,
      answeredAtMs: call.answeredAtMs,
      ...extra,
    });
  }

  // -- calls -----------------------------------------------------------------------------------

  private newLeadId(): string {
    this.nextLead += this.rng.int(1, 40);
    return String(this.nextLead);
  }

  /**
   * VICIdial-style call id: a type letter (V auto-dial, M manual, Y inbound), MMDDhhmmss of the
   * call start (UTC here) and the lead id zero-padded to 9 digits.
   */
  private callIdFor(prefix: "V" | "M" | "Y", at: number, leadId: string): string {
    const d = new Date(at);
    const stamp = pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2);
    return `${prefix}${stamp}${leadId.padStart(9, "0")}`;
  }

  private newCall(campaign: CampaignConfig, direction: "inbound" | "outbound", prefix: "V" | "M" | "Y", at: number): LiveCall {
    const leadId = this.newLeadId();
    return {
      callId: this.callIdFor(prefix, at, leadId),
      campaign: campaign.id,
      direction,
      leadId,
      phoneNumber: `${this.rng.pick(AREA_CODES)}555${pad(this.rng.int(0, 9999), 4)}`,
      user: null,
      queuedAtMs: null,
      answeredAtMs: null,
      abandonAt: Infinity,
    };
  }

  private enqueue(c: CampaignModel, call: LiveCall, at: number, patienceSec: number): void {
    call.queuedAtMs = at;
    call.abandonAt = at + this.simMs(patienceSec);
    c.queue.push(call);
    this.callEvent(call, at, "queued");
  }

  private inboundGapMs(c: CampaignModel, at: number): number {
    // Offered load follows a slow wave so the queue builds up and drains during a demo.
    const phase = (2 * Math.PI * ((at - (this.startMs ?? at)) * this.speed)) / 1000 / B.inboundWaveSec;
    const perSec = ((c.agentCount * B.inboundOccupancy) / B.inboundHandleSec) * (1 + B.inboundWaveDepth * Math.sin(phase));
    return Math.max(1, this.simMs(this.rng.exponential(1 / Math.max(perSec, 1e-6))));
  }

  private inboundArrival(c: CampaignModel, t: number): void {
    if (this.shiftOver) {
      c.nextArrivalAt = Infinity;
      return;
    }
    this.enqueue(c, this.newCall(c.config, "inbound", "Y", t), t, Math.max(5, this.rng.exponential(B.callerPatienceMeanSec)));
    c.nextArrivalAt = t + this.inboundGapMs(c, t);
  }

  private abandon(c: CampaignModel, call: LiveCall, t: number): void {
    c.queue.splice(c.queue.indexOf(call), 1);
    this.callEvent(call, t, "abandoned", { reason: call.direction === "outbound" ? "DROP" : "CALLER_HANGUP" });
  }

  /** Hands queued calls to the longest-idle ready agents of their campaign. */
  private matchQueues(t: number): void {
    for (const c of this.campaignModels) {
      while (c.queue.length > 0) {
        let agent: AgentModel | null = null;
        for (const a of this.agentList) {
          if (a.campaign !== c.config || a.phase !== "ready") continue;
          if (agent === null || a.readySince < agent.readySince) agent = a;
        }
        if (agent === null) break;
        const call = c.queue.shift()!;
        agent.steps = [];
        this.answer(agent, call, t, "person");
      }
    }
  }

  // -- agent behaviour -------------------------------------------------------------------------

  private logIn(a: AgentModel, t: number): void {
    if (this.shiftOver) return;
    // A new agent screen: its counter restarts and VICIdial opens a new agent_log row.
    a.counter = 0;
    a.agentLogId = this.nextAgentLog++;
    a.leadId = "";
    a.call = null;
    a.phase = "paused";
    this.emit(a, t, "logged_in", `session ${a.sessionId} server 10.10.10.${11 + (a.index % 4)} version 2.14-917a build 240110-1513`);
    if (this.rng.chance(B.timeSyncShare)) this.plan(a, t + this.simMs(1), (t2) => this.emit(a, t2, "time_sync"));
    this.plan(a, t + this.simMs(this.rng.between(...B.loginPauseSec)), (t2) => this.startWorking(a, t2));
  }

  /** Leaves a pause: READY/CLOSER, or (manual dial campaigns) dial the next lead. */
  private startWorking(a: AgentModel, t: number): void {
    if (this.shiftOver) return this.logOut(a, t);
    if (a.campaign.dialMethod === "MANUAL") return this.manualDial(a, t);
    this.goReady(a, t);
  }

  private goReady(a: AgentModel, t: number): void {
    a.phase = "ready";
    a.readySince = t;
    a.steps = [];
    this.emit(a, t, "state_ready", a.campaign.dialMethod === "INBOUND" ? "CLOSER" : "READY");
    if (a.campaign.dialMethod === "RATIO") this.planAutoConnect(a, t);
    this.plan(a, t + this.simMs(this.rng.exponential(B.readyPauseMeanSec)), (t2) => this.pauseWithCode(a, t2));
  }

  /**
   * The auto-dialler finds an answering customer about every autoConnectMeanSec per READY
   * agent; the call goes through the queue, so the longest-idle agent gets it (maybe not this
   * one, which then keeps waiting), and the occasional over-dial is dropped after the drop timer.
   */
  private planAutoConnect(a: AgentModel, t: number): void {
    const at = t + this.simMs(Math.max(1, this.rng.exponential(B.autoConnectMeanSec)));
    this.plan(a, at, (t2) => {
      if (this.shiftOver || a.phase !== "ready") return;
      const c = this.campaignModels.find((m) => m.config === a.campaign)!;
      const calls = this.rng.chance(B.overdialShare) ? 2 : 1;
      for (let i = 0; i < calls; i++) this.enqueue(c, this.newCall(a.campaign, "outbound", "V", t2), t2, this.rng.between(...B.dropTimerSec));
      this.planAutoConnect(a, t2);
    });
  }

  private pauseWithCode(a: AgentModel, t: number): void {
    const { code, sec } = this.rng.weighted(PAUSE_CODES);
    a.phase = "paused";
    a.steps = [];
    // The agent clicks PAUSE first, then picks the reason in the pause code screen. VICIdial
    // itself sends nothing for the pick (agc/vicidial.php PauseCodeSelect_submit); the
    // wallboard's agent-screen hook reports it as a pause_code event, simulated here.
    this.emit(a, t, "state_paused", "PAUSED");
    this.emit(a, t, "pause_code_open");
    const picked = t + this.simMs(this.rng.between(2, 6));
    this.plan(a, picked, (t2) => this.emit(a, t2, "pause_code", code));
    this.plan(a, picked + this.simMs(this.rng.between(...sec)), (t2) => this.startWorking(a, t2));
  }

  private briefPause(a: AgentModel, t: number): void {
    a.phase = "paused";
    this.emit(a, t, "state_paused", "PAUSED");
    this.plan(a, t + this.simMs(this.rng.between(...B.briefPauseSec)), (t2) => this.startWorking(a, t2));
  }

  private manualDial(a: AgentModel, t: number): void {
    const call = this.newCall(a.campaign, "outbound", "M", t);
    call.user = a.user;
    a.phase = "call";
    a.call = call;
    a.leadId = call.leadId;
    if (this.rng.chance(0.1)) this.emit(a, t, "manual_dial_open");
    this.emit(a, t, "call_dialed", `${call.phoneNumber} MAIN`);
    this.callEvent(call, t, "dialing");
    const outcome = this.rng.weighted(B.manualOutcomes);
    this.plan(a, t + this.simMs(this.rng.between(...B.ringSec)), (t2) => {
      if (outcome === "human" || outcome === "machine") return this.answer(a, call, t2, outcome === "human" ? "person" : "machine");
      if (outcome === "no_answer") this.emit(a, t2, "agent_alert", "Dial timed out...");
      this.callEvent(call, t2, "unanswered", { reason: outcome === "busy" ? "BUSY" : "NO_ANSWER" });
      const hangup = t2 + this.simMs(this.rng.between(1, 4));
      this.plan(a, hangup, (t3) => {
        a.call = null;
        this.emit(a, t3, "agent_hangup");
        this.emit(a, t3, "dispo_screen_open");
        this.wrapUp(a, t3, outcome === "busy" ? "B" : "N", B.quickWrapSec);
      });
    });
  }

  /** The agent is connected to `call`: plan the conversation through to the disposition. */
  private answer(a: AgentModel, call: LiveCall, t: number, answeredBy: "person" | "machine"): void {
    call.user = a.user;
    call.answeredAtMs = t;
    a.phase = "call";
    a.call = call;
    a.leadId = call.leadId;
    this.emit(a, t, "call_answered", call.callId);
    this.callEvent(call, t, "answered");

    if (answeredBy === "machine") {
      const end = t + this.simMs(this.rng.between(...B.machineTalkSec));
      this.plan(a, end, (t2) => this.agentHangsUp(a, call, t2));
      this.wrapUp(a, end, "A", B.quickWrapSec);
      return;
    }

    const talkSec = this.rng.chance(B.longTalkShare) ? this.rng.between(...B.longTalkSec) : this.rng.between(...B.talkSec);
    if (this.rng.chance(B.scriptShare)) this.plan(a, t + this.simMs(this.rng.between(0.5, 3)), (t2) => this.emit(a, t2, "call_script"));
    if (this.rng.chance(B.alertShare)) this.plan(a, t + this.simMs(this.rng.between(1, 5)), (t2) => this.emit(a, t2, "agent_alert", this.rng.pick(ALERT_MESSAGES)));

    const first = talkSec * this.rng.between(0.3, 0.7);
    let c = t + this.simMs(first);
    const aside = this.rng.float();
    if (aside < B.parkShare) {
      this.plan(a, c, (t2) => {
        this.emit(a, t2, "park_started");
        this.callEvent(call, t2, "held");
      });
      c += this.simMs(this.rng.between(...B.parkSec));
      this.plan(a, c, (t2) => {
        this.emit(a, t2, "park_retrieved");
        this.callEvent(call, t2, "retrieved");
      });
    } else if (aside < B.parkShare + B.threeWayShare) {
      const destination = this.rng.chance(0.5) ? "8300" : `${this.rng.pick(AREA_CODES)}555${pad(this.rng.int(0, 9999), 4)}`;
      this.plan(a, c, (t2) => this.emit(a, t2, "transfer_panel_open"));
      c += this.simMs(this.rng.between(2, 6));
      this.plan(a, c, (t2) => this.emit(a, t2, "3way_start", destination));
      c += this.simMs(this.rng.between(5, 20));
      this.plan(a, c, (t2) => {
        this.emit(a, t2, "3way_answered", call.callId);
        this.callEvent(call, t2, "conference_started");
      });
      c += this.simMs(this.rng.between(15, 90));
      this.plan(a, c, (t2) => {
        this.emit(a, t2, "3way_agent_hangup");
        this.callEvent(call, t2, "conference_ended");
      });
      c += this.simMs(this.rng.between(0.5, 2));
      this.plan(a, c, (t2) => this.emit(a, t2, "transfer_panel_closed"));
    } else if (aside < B.parkShare + B.threeWayShare + B.panelOnlyShare) {
      this.plan(a, c, (t2) => this.emit(a, t2, "transfer_panel_open"));
      c += this.simMs(this.rng.between(3, 10));
      this.plan(a, c, (t2) => this.emit(a, t2, "transfer_panel_closed"));
    }
    c += this.simMs(talkSec - first);

    if (this.rng.chance(B.customerHangupShare)) {
      // The customer hangs up first: the agent sits on a dead line until they click hang up.
      this.plan(a, c, (t2) => {
        this.emit(a, t2, "call_dead", call.callId);
        this.endCall(a, call, t2, "customer");
      });
      c += this.simMs(this.rng.between(0.5, 2));
      this.plan(a, c, (t2) => this.emit(a, t2, "customer_gone"));
      c += this.simMs(this.rng.between(...B.deadSec));
      this.plan(a, c, (t2) => {
        this.emit(a, t2, "agent_hangup");
        this.emit(a, t2, "dispo_screen_open");
      });
    } else {
      this.plan(a, c, (t2) => this.agentHangsUp(a, call, t2));
    }
    this.wrapUp(a, c, this.rng.weighted(a.campaign.dispositions));
  }

  private agentHangsUp(a: AgentModel, call: LiveCall, t: number): void {
    this.emit(a, t, "agent_hangup");
    this.endCall(a, call, t, "agent");
    this.emit(a, t, "dispo_screen_open");
  }

  private endCall(a: AgentModel, call: LiveCall, t: number, endedBy: "customer" | "agent"): void {
    a.call = null;
    this.callEvent(call, t, "ended", { endedBy });
  }

  /** Wrap-up after the hang-up at `t`: dispo_set, then the next cycle. */
  private wrapUp(a: AgentModel, t: number, disposition: string, range?: readonly [number, number]): void {
    const wrapSec = range
      ? this.rng.between(...range)
      : this.rng.chance(B.longWrapShare)
        ? this.rng.between(...B.longWrapSec)
        : this.rng.between(...B.wrapSec);
    const at = t + this.simMs(wrapSec);
    if (disposition === "CALLBK") this.plan(a, at - this.simMs(this.rng.between(2, Math.min(8, wrapSec))), (t2) => this.emit(a, t2, "callback_select_open"));
    this.plan(a, at, (t2) => {
      this.emit(a, t2, "dispo_set", disposition);
      // The call's vicidial_agent_log row closes with the disposition; the next cycle gets a new one.
      a.leadId = "";
      a.agentLogId = this.nextAgentLog++;
      this.plan(a, t2 + this.simMs(this.rng.between(0.3, 2)), (t3) => this.afterCall(a, t3));
    });
  }

  private afterCall(a: AgentModel, t: number): void {
    if (this.shiftOver) return this.logOut(a, t);
    const r = this.rng.float();
    let edge = B.logoutShare;
    if (r < edge) return this.logOut(a, t);
    if (r < (edge += B.reloadShare)) return this.reloadScreen(a, t);
    if (r < (edge += B.codedPauseShare)) return this.pauseWithCode(a, t);
    if (r < (edge += B.briefPauseShare)) return this.briefPause(a, t);
    if (a.campaign.dialMethod === "MANUAL") {
      // Manual-dial agents sit PAUSED between calls until they dial the next lead.
      a.phase = "paused";
      this.emit(a, t, "state_paused", "PAUSED");
      this.plan(a, t + this.simMs(this.rng.between(...B.manualNextDialSec)), (t2) => this.startWorking(a, t2));
      return;
    }
    this.goReady(a, t);
  }

  private logOut(a: AgentModel, t: number): void {
    a.phase = "leaving";
    a.steps = [];
    // VICIdial only lets a paused agent log out.
    if (a.status !== "PAUSED") this.emit(a, t, "state_paused", "PAUSED");
    const out = t + this.simMs(this.rng.between(2, 10));
    this.plan(a, out, (t2) => this.emit(a, t2, "logged_out", "NORMAL"));
    // logged_out_complete "may not trigger reliably" (AGENT_EVENTS_PUSH.txt): sometimes skip it.
    const complete = this.rng.chance(0.92);
    const done = out + this.simMs(this.rng.between(1, 2));
    this.plan(a, done, (t2) => {
      if (complete) this.emit(a, t2, "logged_out_complete");
      a.phase = "offline";
      if (!this.shiftOver) this.planLogin(a, t2, this.rng.between(...B.offlineSec));
    });
  }

  /** The agent reloads the page: the old screen stops without logging out, a new one logs in. */
  private reloadScreen(a: AgentModel, t: number): void {
    a.phase = "offline";
    a.steps = [];
    this.planLogin(a, t, this.rng.between(3, 10));
  }

  private planLogin(a: AgentModel, t: number, afterSec: number): void {
    const at = Math.max(t + this.simMs(afterSec), a.lastEventAt + MIN_RELOGIN_GAP_MS);
    this.plan(a, at, (t2) => this.logIn(a, t2));
  }
}
