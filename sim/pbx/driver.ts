/**
 * Drives the simulated PBX's world ({@link PbxWorld}; a PbxSimulator serves it) from the
 * {@link CallCentre}'s customer-call stream, so what the PBX reports agrees with what the
 * VICIdial agent screens push: the PBX call id is the VICIdial call id, the answering agent's
 * phone is the roster extension, and inbound campaigns' callers wait in the campaign's PBX
 * queue.
 *
 * Mapping (CallEvent → PBX):
 * - INBOUND campaign (has a queue): queued → waiting in the queue; answered → ringing at the
 *   agent's extension, then connected; held/retrieved → hold/connected; ended or abandoned →
 *   disconnected.
 * - Auto-dialled (RATIO) calls: the dialler's own waiting line is not on the PBX, so nothing
 *   shows until an agent gets the customer; then a connected call from the agent's extension
 *   to the customer. Dropped (abandoned) ones never appear.
 * - Manual dials: dialing → ringing from the agent's extension; answered → connected;
 *   unanswered or ended → disconnected.
 * - conference_started/ended → the call frame gets `conference: true/false` (an extra field).
 *
 * Party strings alternate between plain E.164 numbers and SIP style (`"Caller" <sip:+1…@dom>`,
 * `"Agent Name" <sip:2001@dom>`) by lead id parity, so the client's SIP parsing is exercised.
 */
import type { CallCentre, CallEvent } from "../vicidial/call-centre";
import { Rng } from "../shared/rng";
import type { PbxWorld } from "./world";

export interface PbxDriverOptions {
  /** VICIdial user → PBX extension of the agent's phone. */
  extensions: ReadonlyMap<string, string>;
  /** Campaign id → PBX queue id, for campaigns whose callers wait in a PBX queue. */
  queues: Readonly<Record<string, string>>;
  /** VICIdial user → display name for SIP-style `from` of dial-outs (optional). */
  names?: ReadonlyMap<string, string>;
}

/** Feeds CallEvents into a simulator. Tolerates events for calls it never saw (skips them). */
export class PbxDriver {
  /** CallEvents that changed the PBX. */
  applied = 0;
  /** CallEvents with no PBX effect (dialler-only waits, unknown calls, unmapped users). */
  skipped = 0;

  constructor(
    private readonly sim: PbxWorld,
    private readonly opts: PbxDriverOptions,
  ) {}

  /** Options from a CallCentre: its roster's extensions and names and its campaign queues. */
  static fromCentre(sim: PbxWorld, centre: CallCentre): PbxDriver {
    const roster = centre.roster();
    return new PbxDriver(sim, {
      extensions: new Map(roster.map((r) => [r.user, r.extension])),
      names: new Map(roster.map((r) => [r.user, r.fullName])),
      queues: centre.campaignQueues(),
    });
  }

  /** Applies events in order (as returned by CallCentre.advance). */
  handleAll(events: readonly CallEvent[]): void {
    for (const ev of events) this.handle(ev);
  }

  handle(ev: CallEvent): void {
    if (this.apply(ev)) this.applied++;
    else this.skipped++;
  }

  /** True when the event changed the PBX. */
  private apply(ev: CallEvent): boolean {
    const sim = this.sim;
    const id = ev.callId;
    const known = sim.hasCall(id);
    const queue = this.opts.queues[ev.campaign];
    const ext = ev.user === null ? null : (this.opts.extensions.get(ev.user) ?? null);
    const sipStyle = Number(ev.leadId) % 2 === 1;
    switch (ev.type) {
      case "queued":
        if (queue === undefined || known) return false;
        sim.queueCall({ id, queue, from: this.customerParty(ev.phoneNumber, sipStyle) });
        return true;
      case "dialing":
        if (ext === null || known) return false;
        sim.dialOut({ id, ext, to: e164(ev.phoneNumber), name: sipStyle ? this.nameOf(ev.user) : undefined });
        return true;
      case "answered":
        if (ext === null) return false;
        if (!known) {
          // An auto-dialled customer reaches the agent: the PBX sees the agent's call.
          sim.dialOut({ id, ext, to: e164(ev.phoneNumber), name: sipStyle ? this.nameOf(ev.user) : undefined, connected: true });
          return true;
        }
        if (sim.getCall(id)?.queue !== undefined) sim.ringAgent(id, ext);
        sim.answer(id, ext);
        return true;
      case "held":
        if (!known) return false;
        sim.hold(id);
        return true;
      case "retrieved":
        if (!known) return false;
        sim.retrieve(id);
        return true;
      case "conference_started":
      case "conference_ended":
        if (!known) return false;
        sim.updateCall(id, { conference: ev.type === "conference_started" });
        return true;
      case "ended":
      case "abandoned":
      case "unanswered":
        if (!known) return false;
        sim.hangup(id);
        return true;
    }
  }

  private nameOf(user: string | null): string | undefined {
    return user === null ? undefined : this.opts.names?.get(user);
  }

  private customerParty(phone: string, sipStyle: boolean): string {
    return sipStyle ? `"Caller" <sip:${e164(phone)}@${this.sim.domain}>` : e164(phone);
  }
}

/** "3055551234" → "+13055551234" (the sim's numbers are 10-digit NANP). */
function e164(phone: string): string {
  return /^\d{10}$/.test(phone) ? `+1${phone}` : phone;
}

/**
 * Keeps a few agents' phones in trouble for the demo — unregistered or on DND — and rotates
 * which ones, so the wallboard's "phone does not match agent state" flags show and clear.
 * Deterministic per seed; call {@link tick} with the clock (ms) as often as you like.
 */
export class PhoneTrouble {
  private readonly rng: Rng;
  private readonly troubled: string[] = [];
  private nextAt: number | null = null;

  /**
   * @param extensions the phones to pick from (they must exist as accounts in `sim`).
   * @param opts.share  fraction of phones in trouble at a time (default 0.06, at least 1).
   * @param opts.everyMs ms between rotations (default 20000) on the `tick` clock.
   */
  constructor(
    private readonly sim: PbxWorld,
    private readonly extensions: readonly string[],
    private readonly opts: { seed?: number; share?: number; everyMs?: number } = {},
  ) {
    this.rng = new Rng(opts.seed ?? 1);
  }

  tick(nowMs: number): void {
    if (this.extensions.length === 0) return;
    if (this.nextAt !== null && nowMs < this.nextAt) return;
    this.nextAt = nowMs + (this.opts.everyMs ?? 20_000);
    const target = Math.min(this.extensions.length, Math.max(1, Math.round(this.extensions.length * (this.opts.share ?? 0.06))));
    let healed: string | null = null;
    if (this.troubled.length >= target) {
      healed = this.troubled.shift()!;
      this.sim.setAccount(healed, { registered: true, dnd: false });
    }
    while (this.troubled.length < target) {
      // Not the phone just healed (when there is a choice): its flag should be seen to clear.
      const rest = this.extensions.filter((e) => !this.troubled.includes(e));
      const candidates = rest.length > 1 ? rest.filter((e) => e !== healed) : rest;
      const ext = this.rng.pick(candidates);
      this.troubled.push(ext);
      this.sim.setAccount(ext, this.rng.chance(0.5) ? { dnd: true } : { registered: false });
    }
  }

  /** Phones currently in trouble. */
  current(): string[] {
    return [...this.troubled];
  }
}
