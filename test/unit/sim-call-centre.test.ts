import { describe, it, expect } from "vitest";
import { CallCentre, type CallEvent, type SimEvent } from "../../sim/vicidial/call-centre";
import { Rng, seededRandom } from "../../sim/shared/rng";
import { foldEvents, type AgentEventInput } from "../../lib/agents/state";

const START = Date.UTC(2025, 10, 21, 9, 0, 0);
const HOUR = 3_600_000;

/** Runs a call centre on a fake clock from START to START + durationMs in steps of stepMs. */
function run(cc: CallCentre, durationMs: number, stepMs: number): { agentEvents: SimEvent[]; callEvents: CallEvent[] } {
  const agentEvents: SimEvent[] = [];
  const callEvents: CallEvent[] = [];
  for (let t = START; t <= START + durationMs; t += stepMs) {
    const s = cc.advance(t);
    agentEvents.push(...s.agentEvents);
    callEvents.push(...s.callEvents);
  }
  return { agentEvents, callEvents };
}

/** After endShift, runs until every agent has finished its call and logged out. */
function runToClose(cc: CallCentre, fromMs: number, stepMs: number): { agentEvents: SimEvent[]; callEvents: CallEvent[] } {
  cc.endShift();
  const agentEvents: SimEvent[] = [];
  const callEvents: CallEvent[] = [];
  for (let t = fromMs; !cc.finished; t += stepMs) {
    if (t > fromMs + 2 * HOUR) throw new Error("the shift did not end within two simulated hours");
    const s = cc.advance(t);
    agentEvents.push(...s.agentEvents);
    callEvents.push(...s.callEvents);
  }
  return { agentEvents, callEvents };
}

function byUser(events: readonly SimEvent[]): Map<string, SimEvent[]> {
  const m = new Map<string, SimEvent[]>();
  for (const e of events) {
    let list = m.get(e.user);
    if (!list) m.set(e.user, (list = []));
    list.push(e);
  }
  return m;
}

describe("seeded randomness", () => {
  it("seededRandom (mulberry32) repeats for a seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });

  it("Rng.int covers both bounds and weighted honours zero weights", () => {
    const rng = new Rng(3);
    const ints = new Set(Array.from({ length: 500 }, () => rng.int(1, 4)));
    expect([...ints].sort()).toEqual([1, 2, 3, 4]);
    for (let i = 0; i < 200; i++) expect(rng.weighted([["never", 0], ["always", 1]] as const)).toBe("always");
  });
});

describe("CallCentre agent screens", () => {
  const cc = new CallCentre({ agents: 60, campaigns: 3, seed: 11, speed: 1, startMs: START });
  const day = run(cc, 4 * HOUR, 5000);
  const close = runToClose(cc, START + 4 * HOUR + 5000, 5000);
  const events = [...day.agentEvents, ...close.agentEvents];
  const calls = [...day.callEvents, ...close.callEvents];

  it("builds the roster: users 1001.., full names, three campaigns", () => {
    const roster = cc.roster();
    expect(roster).toHaveLength(60);
    expect(roster[0]!.user).toBe("1001");
    expect(roster[59]!.user).toBe("1060");
    expect(new Set(roster.map((r) => r.campaign))).toEqual(new Set(["SALES", "SUPPORT", "COLLECT"]));
    for (const r of roster) expect(r.fullName).toMatch(/^\S+ \S+$/);
  });

  it("numbers each screen session's events 1, 2, 3, ... from logged_in, with a non-decreasing epoch", () => {
    let sessions = 0;
    for (const [user, list] of byUser(events)) {
      let previous: SimEvent | null = null;
      for (const e of list) {
        if (e.event === "logged_in") {
          sessions++;
          expect(e.counter, `${user} logged_in`).toBe(1);
          // A new screen must sort after the old one by (epoch, counter), as the server orders.
          if (previous) expect(e.epoch, `${user} relogin epoch`).toBeGreaterThan(previous.epoch);
        } else {
          expect(previous, `${user} event before logged_in`).not.toBeNull();
          expect(e.counter, `${user} ${e.event}`).toBe(previous!.counter + 1);
          expect(e.epoch).toBeGreaterThanOrEqual(previous!.epoch);
          expect(e.atMs).toBeGreaterThanOrEqual(previous!.atMs);
        }
        expect(e.epoch).toBe(Math.floor(e.atMs / 1000));
        previous = e;
      }
    }
    // Some agents logged out (or reloaded the page) and came back during the four hours.
    expect(sessions).toBeGreaterThan(60);
  });

  it("keeps the agent_log_id within a call and changes it after each disposition", () => {
    for (const [, list] of byUser(events)) {
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]!;
        const e = list[i]!;
        if (e.event === "logged_in") continue;
        if (prev.event === "dispo_set") expect(e.agentLogId).not.toBe(prev.agentLogId);
        else expect(e.agentLogId).toBe(prev.agentLogId);
      }
    }
  });

  it("follows every call_answered and call_dialed with a dispo_set for the same lead", () => {
    let answered = 0;
    for (const [user, list] of byUser(events)) {
      let open: SimEvent | null = null;
      for (const e of list) {
        if (e.event === "call_answered" || e.event === "call_dialed") {
          if (e.event === "call_answered") answered++;
          // A manual dial is answered on the same lead; otherwise a new call needs the old one closed.
          if (open && !(open.event === "call_dialed" && e.event === "call_answered" && open.leadId === e.leadId)) {
            throw new Error(`${user}: ${e.event} at counter ${e.counter} before dispo_set of lead ${open.leadId}`);
          }
          expect(e.leadId).toMatch(/^\d+$/);
          open = e;
        } else if (e.event === "dispo_set") {
          expect(open, `${user} dispo_set without a call`).not.toBeNull();
          expect(e.leadId).toBe(open!.leadId);
          expect(e.message).toMatch(/^[A-Z]+$/);
          open = null;
        } else if (e.event === "logged_in" || e.event === "logged_out") {
          expect(open, `${user} ${e.event} during a call`).toBeNull();
        }
      }
      expect(open, `${user} call left without a disposition`).toBeNull();
    }
    expect(answered).toBeGreaterThan(1000);
  });

  it("emits the messages the server reads: READY/CLOSER, PAUSED then the pause code, call ids", () => {
    const readyMessages = new Set(events.filter((e) => e.event === "state_ready").map((e) => e.message));
    expect(readyMessages).toEqual(new Set(["READY", "CLOSER"]));
    // As real VICIdial: state_paused always says PAUSED; the code comes as the hook's pause_code.
    expect(new Set(events.filter((e) => e.event === "state_paused").map((e) => e.message))).toEqual(new Set(["PAUSED"]));
    const pauseCodes = events.filter((e) => e.event === "pause_code").map((e) => e.message);
    expect(pauseCodes.length).toBeGreaterThan(0);
    for (const code of pauseCodes) expect(code).toMatch(/^[A-Z]{2,6}$/);
    for (const e of events.filter((x) => x.event === "call_answered")) expect(e.message).toMatch(/^[VMY]\d{10}\d{9,}$/);
    const names = new Set(events.map((e) => e.event));
    for (const n of ["logged_out", "logged_out_complete", "park_started", "park_retrieved", "3way_start", "3way_answered", "3way_agent_hangup", "call_dead", "customer_gone", "agent_alert", "transfer_panel_open", "transfer_panel_closed"]) {
      expect(names, n).toContain(n);
    }
  });

  it("ends the shift with every agent logged out per the server's state model", () => {
    for (const [user, list] of byUser(events)) {
      const inputs: AgentEventInput[] = list.map((e, i) => ({
        id: i + 1,
        receivedAt: e.atMs,
        event: e.event,
        message: e.message,
        leadId: e.leadId || null,
        epoch: e.epoch,
        counter: e.counter,
        campaign: e.campaign,
      }));
      expect(foldEvents(inputs).status, user).toBe("LOGGED_OUT");
    }
    expect(cc.snapshot().agents.every((a) => a.status === "LOGGED_OUT")).toBe(true);
  });

  it("gives every queued call exactly one outcome and every answered call one end", () => {
    const outcomes = new Map<string, string[]>();
    for (const c of calls) {
      const list = outcomes.get(c.callId) ?? [];
      list.push(c.type);
      outcomes.set(c.callId, list);
    }
    let abandoned = 0;
    for (const [callId, types] of outcomes) {
      const ends = types.filter((t) => t === "ended" || t === "abandoned" || t === "unanswered");
      expect(ends, callId).toHaveLength(1);
      if (types.includes("answered")) expect(types, callId).toContain("ended");
      if (types.includes("abandoned")) abandoned++;
    }
    expect(abandoned).toBeGreaterThan(0);
    const answeredCallIds = new Set(events.filter((e) => e.event === "call_answered").map((e) => e.message));
    for (const c of calls.filter((x) => x.type === "answered")) {
      expect(answeredCallIds.has(c.callId)).toBe(true);
      if (c.queuedAtMs !== null) expect(c.answeredAtMs!).toBeGreaterThanOrEqual(c.queuedAtMs);
    }
  });
});

describe("CallCentre determinism and speed", () => {
  it("gives the same events for the same seed whatever the tick size", () => {
    const a = run(new CallCentre({ agents: 20, seed: 5, speed: 3, startMs: START }), HOUR / 2, 200);
    const b = run(new CallCentre({ agents: 20, seed: 5, speed: 3, startMs: START }), HOUR / 2, 7300);
    const c = run(new CallCentre({ agents: 20, seed: 6, speed: 3, startMs: START }), HOUR / 2, 200);
    // b's last tick may stop short of a's; compare up to b's clock.
    const until = Math.max(...b.agentEvents.map((e) => e.atMs));
    expect(a.agentEvents.filter((e) => e.atMs <= until)).toEqual(b.agentEvents);
    expect(a.callEvents.filter((e) => e.atMs <= until)).toEqual(b.callEvents.filter((e) => e.atMs <= until));
    expect(c.agentEvents).not.toEqual(a.agentEvents);
  });

  it("compresses durations by the speed factor", () => {
    const count = (speed: number) =>
      run(new CallCentre({ agents: 30, seed: 9, speed, startMs: START }), HOUR / 4, 1000).agentEvents.filter((e) => e.event === "dispo_set").length;
    const slow = count(1);
    const fast = count(8);
    expect(fast / slow).toBeGreaterThan(5);
    expect(fast / slow).toBeLessThan(12);
  });

  it("starts its clock at the first advance when no start time is given", () => {
    const cc = new CallCentre({ agents: 5, seed: 1, speed: 10 });
    expect(cc.advance(START).agentEvents).toEqual([]);
    const later = cc.advance(START + 60_000).agentEvents;
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((e) => e.atMs >= START && e.atMs <= START + 60_000)).toBe(true);
  });
});
