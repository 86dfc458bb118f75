import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { applyEvent, compareEvents, foldEvents, INITIAL_STATE, type AgentEventInput } from "../../lib/agents/state";
import { AgentEventLog, EVENT_LOG_CAPACITY } from "../../lib/agents/event-log";
import { AgentBook } from "../../lib/agents/agent-book";
import type { StoredAgentEvent } from "../../lib/events/types";

let nextId = 1;
/** An event of one screen session: epoch 1_800_000_000 + counter/3 (several events share a second). */
function ev(event: string, counter: number, extra: Partial<AgentEventInput> = {}): AgentEventInput {
  return {
    id: nextId++,
    receivedAt: 1_800_000_000_000 + counter * 400,
    event,
    message: null,
    leadId: null,
    epoch: 1_800_000_000 + Math.floor(counter / 3),
    counter,
    campaign: null,
    ...extra,
  };
}

const stateAfter = (...events: AgentEventInput[]) => foldEvents(events);

describe("event → status mapping (VICIdial Agent Events Push)", () => {
  it.each([
    ["logged_in", "PAUSED"],
    ["state_paused", "PAUSED"],
    ["call_dialed", "DIAL"],
    ["call_answered", "INCALL"],
    ["other_answered", "INCALL"],
    ["call_dead", "DEAD"],
    ["customer_gone", "DEAD"],
    ["agent_hangup", "DISPO"],
    ["dispo_screen_open", "DISPO"],
    ["transfer_blind", "DISPO"],
    ["transfer_local_closer", "DISPO"],
    ["transfer_vmail", "DISPO"],
    ["3way_agent_leave", "DISPO"],
    ["dispo_set", "DISPO"],
    ["park_started", "PARK"],
    ["park_ivr_started", "PARK"],
    ["park_retrieved", "INCALL"],
    ["park_ivr_retrieved", "INCALL"],
    ["3way_start", "3-WAY"],
    ["3way_answered", "3-WAY"],
    ["3way_agent_hangup", "INCALL"],
    ["logged_out", "LOGGED_OUT"],
    ["logged_out_complete", "LOGGED_OUT"],
    ["session_disabled", "LOGGED_OUT"],
    ["login_invalid", "LOGGED_OUT"],
  ])("%s → %s", (event, status) => {
    expect(stateAfter(ev("state_ready", 1, { message: "READY" }), ev(event, 2)).status).toBe(status);
  });

  it("state_ready gives READY, or CLOSER when the message says so", () => {
    expect(stateAfter(ev("logged_in", 1), ev("state_ready", 2, { message: "READY" })).status).toBe("READY");
    expect(stateAfter(ev("logged_in", 1), ev("state_ready", 2, { message: "CLOSER" })).status).toBe("CLOSER");
  });

  it("informational events keep the status but are shown on the agent", () => {
    const s = stateAfter(ev("state_ready", 1, { message: "READY" }), ev("agent_alert", 2, { message: "Dial timed out" }), ev("time_sync", 3));
    expect(s.status).toBe("READY");
    expect(s.lastEvent).toBe("time_sync");
    expect(s.notice).toMatchObject({ event: "time_sync" });
    const unknown = stateAfter(ev("state_paused", 1), ev("brand_new_event", 2, { message: "x" }));
    expect(unknown.status).toBe("PAUSED");
    expect(unknown.notice).toMatchObject({ event: "brand_new_event", message: "x" });
  });

  it("keeps the lead during the call, records the disposition and stays DISPO until the next state event", () => {
    const s = stateAfter(
      ev("state_ready", 1, { message: "READY" }),
      ev("call_answered", 2, { leadId: "4711" }),
      ev("agent_hangup", 3, { leadId: "4711" }),
      ev("dispo_set", 4, { message: "SALE", leadId: "4711" }),
      ev("call_script", 5),
    );
    expect(s).toMatchObject({ status: "DISPO", disposition: "SALE", leadId: "4711" });
    const after = applyEvent(s, ev("state_ready", 6, { message: "READY" }));
    expect(after).toMatchObject({ status: "READY", disposition: null, leadId: null });
  });

  it("takes a pause code other senders write after PAUSED in the state_paused message", () => {
    expect(stateAfter(ev("state_paused", 1, { message: "PAUSED LUNCH" }))).toMatchObject({ pauseCode: "LUNCH", pauseCodeSource: "push-message" });
    expect(stateAfter(ev("state_paused", 1, { message: "PAUSED" }))).toMatchObject({ pauseCode: null, pauseCodeSource: null });
  });

  it("real VICIdial: state_paused says only PAUSED; the code the agent picks comes as the hook's pause_code event", () => {
    const paused = ev("state_paused", 1, { message: "PAUSED" });
    const open = ev("pause_code_open", 2, { message: "" });
    const code = ev("pause_code", 3, { message: "BREAK" });
    const s = stateAfter(paused, open, code);
    expect(s).toMatchObject({ status: "PAUSED", pauseCode: "BREAK", pauseCodeSource: "agent-screen", stateSince: paused.receivedAt, notice: { event: "pause_code_open" } });
    // A later state_paused of the same pause keeps the code; READY clears it.
    expect(stateAfter(paused, code, ev("state_paused", 4, { message: "PAUSED" }))).toMatchObject({ pauseCode: "BREAK" });
    expect(stateAfter(paused, code, ev("state_ready", 4, { message: "READY" }))).toMatchObject({ pauseCode: null, pauseCodeSource: null });
    // Outside a pause it changes nothing and is no notice.
    expect(stateAfter(ev("state_ready", 1, { message: "READY" }), ev("pause_code", 2, { message: "BREAK" }))).toMatchObject({ status: "READY", pauseCode: null, notice: null });
  });

  it("time in state starts at the event that changed the status, not at later events of the same status", () => {
    const a = ev("state_paused", 1);
    const b = ev("state_paused", 2, { message: "PAUSED BREAK" });
    const s = stateAfter(a, b);
    expect(s.stateSince).toBe(a.receivedAt);
    expect(s.lastEventAt).toBe(b.receivedAt);
  });

  it("carries the campaign of the newest event that names one", () => {
    expect(stateAfter(ev("logged_in", 1, { campaign: "SALES" }), ev("state_ready", 2)).campaign).toBe("SALES");
  });
});

describe("ordering", () => {
  it("orders by counter within a screen session whatever the arrival order", () => {
    const events = [ev("logged_in", 1), ev("state_ready", 2, { message: "READY" }), ev("call_answered", 3, { leadId: "9" }), ev("agent_hangup", 4)];
    expect(foldEvents([...events].reverse()).status).toBe("DISPO");
  });

  it("a reloaded screen (counter restarts, later epoch) comes after the old session", () => {
    const old = [ev("logged_in", 1), ev("call_answered", 40), ev("logged_out", 41)];
    const reload = { ...ev("logged_in", 1), epoch: old[2]!.epoch! + 5, receivedAt: old[2]!.receivedAt + 5000 };
    const ready = { ...ev("state_ready", 2, { message: "READY" }), epoch: reload.epoch, receivedAt: reload.receivedAt + 100 };
    expect(foldEvents([ready, reload, ...old]).status).toBe("READY");
    expect(compareEvents(old[2]!, reload)).toBeLessThan(0);
  });

  it("any permutation of a realistic day gives the same state (property)", () => {
    const day = [
      ev("logged_in", 1, { campaign: "SALES" }),
      ev("state_paused", 2, { message: "PAUSED LOGIN" }),
      ev("state_ready", 3, { message: "READY" }),
      ev("call_answered", 4, { leadId: "100" }),
      ev("park_started", 5, { leadId: "100" }),
      ev("park_retrieved", 6, { leadId: "100" }),
      ev("3way_start", 7, { message: "5551234" }),
      ev("3way_agent_hangup", 8),
      ev("customer_gone", 9),
      ev("agent_hangup", 10),
      ev("dispo_screen_open", 11),
      ev("dispo_set", 12, { message: "CALLBK" }),
      ev("agent_alert", 13, { message: "Dial timed out..." }),
      ev("state_paused", 14, { message: "PAUSED BREAK" }),
    ];
    const expected = foldEvents(day);
    expect(expected).toMatchObject({ status: "PAUSED", pauseCode: "BREAK", campaign: "SALES" });
    fc.assert(
      fc.property(fc.shuffledSubarray(day, { minLength: day.length, maxLength: day.length }), (order) => {
        const timeline = new AgentEventLog();
        for (const e of order) expect(timeline.add(e)).toBe(true);
        expect(timeline.state).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("AgentEventLog", () => {
  it("keeps memory bounded and still places late events within its window", () => {
    const t = new AgentEventLog(8);
    const events = Array.from({ length: 20 }, (_, i) => ev(i % 2 ? "state_ready" : "state_paused", i + 1, { message: i % 2 ? "READY" : "PAUSED" }));
    for (const e of events.slice(0, 18)) t.add(e);
    // The 20th arrives before the 19th: still in the window.
    expect(t.add(events[19]!)).toBe(true);
    expect(t.add(events[18]!)).toBe(true);
    expect(t.state).toEqual(foldEvents(events));
    // Far too late to place: reported, state unchanged.
    const before = t.state;
    expect(t.add(ev("call_answered", 0))).toBe(false);
    expect(t.state).toBe(before);
  });

  it("keeps 32 events per agent on the board: a shift's late pushes are placed, older ones only stored", () => {
    expect(EVENT_LOG_CAPACITY).toBe(32);
    // The board as the server builds it (no capacity passed): a shift of 300 events for one agent.
    const book = new AgentBook({ staleAfterMs: 3_600_000 });
    const shift = Array.from({ length: 300 }, (_, i) => ev(i % 2 ? "state_ready" : "state_paused", i + 1, { message: i % 2 ? "READY" : "PAUSED" }));
    const stored = (e: AgentEventInput): StoredAgentEvent => ({ ...e, source: "vicidial-push", user: "1001", agentLogId: "9001", raw: {} });
    // Sent in order except the newest 20, which arrive newest first (a second's reordering, many times over).
    const late = shift.slice(280).reverse();
    book.apply([...shift.slice(0, 280), ...late].map(stored), 1_800_000_200_000);
    expect(book.lateEventsIgnored).toBe(0);
    expect(book.get("1001")?.state).toBe(foldEvents(shift).status);
    // 40 events late: behind everything kept, so stored but not applied (reported).
    book.apply([stored(ev("call_answered", 300 - 40, { epoch: 1_800_000_000 + Math.floor((300 - 40) / 3) }))], 1_800_000_200_000);
    expect(book.lateEventsIgnored).toBe(1);
  });

  it("re-derives an agent from its stored events when one came too late for the board's log", () => {
    const book = new AgentBook({ staleAfterMs: 3_600_000 });
    const stored = (e: AgentEventInput, extra: Partial<StoredAgentEvent> = {}): StoredAgentEvent => ({ ...e, source: "vicidial-push", user: "1002", agentLogId: "9002", raw: {}, ...extra });
    const shift = Array.from({ length: 100 }, (_, i) => ev(i % 2 ? "state_ready" : "state_paused", i + 1, { message: i % 2 ? "READY" : "PAUSED" }));
    book.apply(shift.map((e) => stored(e)), 1_800_000_200_000);
    // Replicated after an outage: 60 events late, and the only one naming the campaign.
    const late = ev("state_paused", 40, { message: "PAUSED", campaign: "LATECAMP" });
    book.apply([stored(late)], 1_800_000_200_000);
    expect(book.lateEventsIgnored).toBe(1);
    expect(book.get("1002")?.campaign).not.toBe("LATECAMP");
    expect(book.takeLate()).toEqual(["1002"]);
    expect(book.takeLate()).toEqual([]);
    // A push applied while the stored events were being read: kept by the reload.
    const meanwhile = ev("call_answered", 101, { message: "ANSWERED" });
    book.apply([stored(meanwhile)], 1_800_000_200_000);
    const change = book.reload("1002", [...shift, late].map((e) => stored(e)).sort((a, b) => a.id - b.id), 1_800_000_200_000);
    expect(change?.agent.campaign).toBe("LATECAMP");
    expect(change?.agent.state).toBe(foldEvents([...shift, late, meanwhile]).status);
    expect(change?.agent.state).toBe("INCALL");
    expect(book.get("1002")).toEqual(change?.agent);

    // A better copy of an event the log no longer keeps is not added as a new event (it would
    // be applied again on top): the agent is listed for a reload instead.
    const before = book.get("1002");
    book.apply([stored({ ...shift[0]!, epoch: null, message: "PAUSED BREAK" }, { merged: true })], 1_800_000_200_000);
    expect(book.get("1002")?.state).toBe(before?.state);
    expect(book.get("1002")?.pauseCode).toBe(before?.pauseCode);
    expect(book.takeLate()).toEqual(["1002"]);
    expect(book.reload("nobody", [], 1_800_000_200_000)).toBeNull();
  });

  it("rebuilds an agent in screen order however late an event was committed", () => {
    const stored = (e: AgentEventInput): StoredAgentEvent => ({ ...e, source: "vicidial-push", user: "1003", agentLogId: "9003", raw: {} });
    const shift = Array.from({ length: 100 }, (_, i) => ev(i % 2 ? "state_ready" : "state_paused", i + 1, { message: i % 2 ? "READY" : "PAUSED" }));
    // Committed last (a spool replayed after an outage), placed 60 events back.
    const late = ev("state_paused", 40, { message: "PAUSED", campaign: "LATECAMP" });
    const history = [...shift, late].map(stored);
    const rebuilt = new AgentBook({ staleAfterMs: 3_600_000 });
    rebuilt.load(history, 1_800_000_200_000);
    expect(rebuilt.get("1003")).toMatchObject({ campaign: "LATECAMP", state: foldEvents([...shift, late]).status });
    expect(rebuilt.lateEventsIgnored).toBe(0);
    // Applied one by one in commit order instead, the window would have dropped it.
    const applied = new AgentBook({ staleAfterMs: 3_600_000 });
    applied.apply(history, 1_800_000_200_000);
    expect(applied.get("1003")?.campaign).not.toBe("LATECAMP");
  });

  it("starts from the logged-out initial state", () => {
    expect(new AgentEventLog().state).toEqual(INITIAL_STATE);
  });
});
