/**
 * Mirrors the call-centre model (sim/vicidial/call-centre.ts) into the simulated VICIdial database,
 * so the same agents, campaigns, calls and states appear in the Agent Events Push (what
 * sim/vicidial/pusher.ts sends) and in the tables the database source reads.
 *
 * Use: build the dialer with `agentLogIds: "external"`, `await follower.install()`, then for
 * each `step = centre.advance(nowMs)` call `await follower.apply(step, nowMs)` (the same step
 * you push). agent_log_id, lead ids, call ids (callerid) and phone numbers are the model's,
 * so a row and a push about the same thing carry the same ids.
 *
 * Mapping (model → VICIdial program, see dialer.ts):
 * - campaigns: RATIO → dial_method RATIO at `dialLevel` (default "2.0") with a hopper;
 *   MANUAL → MANUAL, level "0"; INBOUND → INBOUND_MAN, level "0", taking the in-group
 *   `<campaign>_IN` (its agents are CLOSER when ready);
 * - agent events: logged_in → login (PAUSED, pause code LOGIN); state_ready → ready;
 *   state_paused → pause, pause_code (or "PAUSED <code>") → pause code (the model puts the code in the
 *   message; VICIdial's database gets it from PauseCodeSubmit); agent_hangup → hang up
 *   (DISPO); dispo_set → disposition; logged_out → logout; a new agent_log_id on the next
 *   event after a disposition → a new vicidial_agent_log row; other events change no row;
 * - call events: queued inbound → a LIVE call in the in-group; queued outbound → the oldest
 *   ringing (SENT) call of the campaign is answered as this call (placed at once if none);
 *   dialing → manual dial (XFER, agent DIAL); answered → connect (or the manual call's
 *   answer); ended → the row goes (customer first: agent DEAD until it hangs up);
 *   abandoned → drop; unanswered → nothing until the agent hangs up (still DIAL).
 * Between events, `apply` paces the dialer (SENT calls ringing for RATIO campaigns), touches
 * the agent screens' heartbeat, refills hoppers and writes statistics at their intervals.
 *
 * Deviation kept on purpose: VICIdial opens extra vicidial_agent_log rows the model does not
 * know (pause from READY, second pause code); the follower keeps the model's numbering so
 * agent_log_id matches the pushes: a pause from READY reuses the open row with its
 * sub_status cleared, and a later pause code overwrites sub_status.
 */
import type { CallCentre, CallEvent, CampaignConfig, SimEvent, SimStep } from "../vicidial/call-centre";
import type { SimDbCampaign, SimDbInGroup, SimDbUser, VicidialDbDialer } from "./dialer";

export interface FollowerOptions {
  /** auto_dial_level of RATIO campaigns; default "2.0". */
  dialLevel?: string;
  /** hopper_level; default 50. */
  hopperLevel?: number;
  /** Initial dialable leads per campaign; default 5000. */
  dialableLeads?: number;
  /** ms between hopper refills (AST_VDhopper.pl runs every minute); default 60000. */
  hopperEveryMs?: number;
  /** ms between statistics passes (AST_VDadapt.pl recounts drops once a minute); default 60000. */
  statsEveryMs?: number;
}

/** The in-group of an INBOUND model campaign. */
export function inGroupOf(campaignId: string): string {
  return `${campaignId}_IN`;
}

const COLORS = ["#99FFCC", "#CCCCFF", "#FFCC99", "#FFFF99", "#CCFFFF"];

/** The VICIdial set-up (campaigns, in-groups, users with full names) matching a call-centre model. */
export function setupFor(centre: CallCentre, opts: FollowerOptions = {}): { campaigns: SimDbCampaign[]; inGroups: SimDbInGroup[]; users: SimDbUser[] } {
  const campaigns: SimDbCampaign[] = centre.campaigns.map((c: CampaignConfig) => ({
    id: c.id,
    name: c.name,
    dialMethod: c.dialMethod === "RATIO" ? "RATIO" : c.dialMethod === "MANUAL" ? "MANUAL" : "INBOUND_MAN",
    dialLevel: c.dialMethod === "RATIO" ? (opts.dialLevel ?? "2.0") : "0",
    hopperLevel: opts.hopperLevel ?? 50,
    dialableLeads: opts.dialableLeads ?? 5000,
    inGroups: c.dialMethod === "INBOUND" ? [inGroupOf(c.id)] : [],
    pauseCodes: "Y",
  }));
  const inGroups: SimDbInGroup[] = centre.campaigns
    .filter((c) => c.dialMethod === "INBOUND")
    .map((c, i) => ({ id: inGroupOf(c.id), name: `${c.name} line`.slice(0, 30), color: COLORS[i % COLORS.length]!, queuePriority: 0 }));
  const users = centre.roster().map((r) => ({ user: r.user, fullName: r.fullName }));
  return { campaigns, inGroups, users };
}

type Item = { kind: "agent"; ev: SimEvent } | { kind: "call"; ev: CallEvent };

/** Applies call-centre steps to the simulated VICIdial database. Not concurrency-safe: await apply(). */
export class CallCentreDbFollower {
  private readonly dialMethod = new Map<string, CampaignConfig["dialMethod"]>();
  private readonly extension = new Map<string, string>();
  /** Model call id → the callerid of the row standing for it (identical once answered). */
  private readonly manualCalls = new Set<string>();
  private nextHopperAt = -Infinity;
  private nextStatsAt = -Infinity;
  private readonly hopperEveryMs: number;
  private readonly statsEveryMs: number;

  constructor(
    private readonly dialer: VicidialDbDialer,
    private readonly centre: CallCentre,
    private readonly opts: FollowerOptions = {},
  ) {
    for (const c of centre.campaigns) this.dialMethod.set(c.id, c.dialMethod);
    for (const r of centre.roster()) this.extension.set(r.user, `SIP/${r.extension}`);
    this.hopperEveryMs = opts.hopperEveryMs ?? 60_000;
    this.statsEveryMs = opts.statsEveryMs ?? 60_000;
  }

  /** Installs the set-up of {@link setupFor} through the dialer. */
  async install(): Promise<void> {
    await this.dialer.install(setupFor(this.centre, this.opts));
  }

  /**
   * Applies one step (both streams merged in time order; at the same ms the agent event
   * first), then paces the dialer, the heartbeat and, when due, hopper and statistics, at
   * `nowMs` (sim clock).
   */
  async apply(step: SimStep, nowMs: number): Promise<void> {
    // At the same ms the model emits the agent's event before the call's (answer: call_answered
    // then answered; hang-up: agent_hangup then ended), and a call is handed to an agent in the
    // ms it went READY: agent events first (a stable sort keeps that).
    const items: Item[] = [...step.agentEvents.map((ev) => ({ kind: "agent" as const, ev })), ...step.callEvents.map((ev) => ({ kind: "call" as const, ev }))];
    items.sort((a, b) => a.ev.atMs - b.ev.atMs);
    for (const item of items) {
      if (item.kind === "agent") await this.agentEvent(item.ev);
      else await this.callEvent(item.ev);
    }
    await this.maintain(nowMs);
  }

  /** Pacing, heartbeat, hopper and statistics at `nowMs` (also called by apply). */
  async maintain(nowMs: number): Promise<void> {
    await this.dialer.pace(nowMs);
    await this.dialer.heartbeat(nowMs);
    if (nowMs >= this.nextHopperAt) {
      for (const c of this.centre.campaigns) await this.dialer.refillHopper(c.id);
      this.nextHopperAt = nowMs + this.hopperEveryMs;
    }
    if (nowMs >= this.nextStatsAt) {
      await this.dialer.writeStats();
      this.nextStatsAt = nowMs + this.statsEveryMs;
    }
  }

  private async agentEvent(ev: SimEvent): Promise<void> {
    const logId = Number(ev.agentLogId);
    if (ev.event === "logged_in") {
      await this.dialer.login(ev.user, ev.campaign, ev.atMs, { agentLogId: logId, extension: this.extension.get(ev.user) });
      return;
    }
    // The model opens the next agent-log row after a disposition; the event shows it.
    const current = this.dialer.agentLogIdOf(ev.user);
    if (current !== 0 && Number.isFinite(logId) && logId !== current && ev.event !== "logged_out" && ev.event !== "logged_out_complete") {
      await this.dialer.startAgentLog(ev.user, ev.atMs, { agentLogId: logId });
    }
    switch (ev.event) {
      case "state_ready":
        await this.dialer.ready(ev.user, ev.atMs, /\bCLOSER\b/.test(ev.message));
        return;
      case "state_paused": {
        // Real VICIdial says only PAUSED; other senders may write the code after it.
        const code = /^PAUSED\s+(\S+)/.exec(ev.message)?.[1];
        await this.dialer.pause(ev.user, ev.atMs);
        if (code) await this.dialer.pauseCode(ev.user, code, ev.atMs);
        return;
      }
      case "pause_code":
        // The code the agent picked (the wallboard's hook reports it; VICIdial writes it to
        // vicidial_live_agents.pause_code and vicidial_agent_log.sub_status).
        await this.dialer.pauseCode(ev.user, ev.message, ev.atMs);
        return;
      case "agent_hangup":
        await this.dialer.agentHangup(ev.user, ev.atMs);
        return;
      case "dispo_set":
        await this.dialer.dispo(ev.user, ev.message, ev.atMs);
        return;
      case "logged_out":
        await this.dialer.logout(ev.user);
        return;
      default:
        return;
    }
  }

  private async callEvent(ev: CallEvent): Promise<void> {
    switch (ev.type) {
      case "queued":
        if (ev.direction === "inbound") {
          await this.dialer.inboundCall(inGroupOf(ev.campaign), ev.atMs, { callerId: ev.callId, leadId: Number(ev.leadId), phone: ev.phoneNumber });
        } else {
          let ringing = this.dialer.pendingCalls(ev.campaign, "SENT")[0] ?? null;
          ringing ??= await this.dialer.placeCall(ev.campaign, ev.atMs);
          if (ringing !== null) await this.dialer.answerCall(ringing, ev.atMs, { callerId: ev.callId, leadId: Number(ev.leadId), phone: ev.phoneNumber });
        }
        return;
      case "dialing":
        if (ev.user !== null) {
          this.manualCalls.add(ev.callId);
          await this.dialer.manualDial(ev.user, ev.atMs, { callerId: ev.callId, leadId: Number(ev.leadId), phone: ev.phoneNumber });
        }
        return;
      case "answered":
        if (this.manualCalls.has(ev.callId)) await this.dialer.manualAnswered(ev.callId, ev.atMs);
        else if (ev.user !== null) await this.dialer.connect(ev.callId, ev.user, ev.atMs);
        return;
      case "ended":
        this.manualCalls.delete(ev.callId);
        if (ev.endedBy === "customer") await this.dialer.customerHangup(ev.callId);
        else await this.dialer.endCall(ev.callId);
        return;
      case "abandoned":
        await this.dialer.drop(ev.callId, ev.atMs);
        return;
      case "unanswered":
        // The row stays until the agent hangs up (agent_hangup removes it): the agent is
        // still dialling as far as its screen and the pushes are concerned.
        this.manualCalls.delete(ev.callId);
        return;
      default:
        return;
    }
  }
}
