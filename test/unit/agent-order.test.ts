import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareEvents, withArrivalAnchors, type Orderable } from "../../lib/agents/order";
import { foldEvents, type AgentEventInput } from "../../lib/agents/state";
import { AgentEventLog } from "../../lib/agents/event-log";

const T0 = 1_795_000_000;
let nextId = 1;
function ev(event: string, epoch: number | null, counter: number | null, agentLogId: string | null, extra: Partial<AgentEventInput> = {}): AgentEventInput {
  const id = nextId++;
  return { id, receivedAt: (epoch ?? T0) * 1000 + id, event, message: null, leadId: null, epoch, counter, agentLogId, campaign: null, ...extra };
}

describe("screen sessions (issue 10 item 6)", () => {
  it("a screen reloaded within the same second sorts after the old session: the new login's agent_log_id separates them", () => {
    const old = [ev("state_ready", T0, 2, "500", { message: "READY" }), ev("call_answered", T0, 3, "500"), ev("agent_hangup", T0, 4, "500")];
    const reload = [ev("logged_in", T0, 0, "501"), ev("state_ready", T0, 1, "501", { message: "READY" })];
    for (const order of [[...old, ...reload], [...reload, ...old], [old[0]!, reload[0]!, old[2]!, reload[1]!, old[1]!]]) {
      expect(foldEvents(order).status).toBe("READY");
    }
    expect(compareEvents(old[2]!, reload[0]!)).toBeLessThan(0);
  });

  it("a new agent_log_id within a session (a pause code opened a new vicidial_agent_log row) keeps the counter's order", () => {
    const events = [ev("state_paused", T0, 5, "600", { message: "PAUSED" }), ev("pause_code", T0, 6, "600", { message: "BREAK" }), ev("state_ready", T0, 7, "601", { message: "READY" })];
    expect(foldEvents([...events].reverse()).status).toBe("READY");
  });

  it("is a total order (antisymmetric and transitive) over mixed events, whatever their fields", () => {
    const arb = fc.record({
      id: fc.integer({ min: 1, max: 50 }),
      receivedAt: fc.integer({ min: 0, max: 5 }),
      epoch: fc.option(fc.integer({ min: 0, max: 3 })),
      counter: fc.option(fc.integer({ min: 0, max: 3 })),
      agentLogId: fc.option(fc.constantFrom("1", "2", "10", "x", "")),
    });
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        const [x, y, z] = withArrivalAnchors([a as Orderable, b as Orderable, c as Orderable]);
        // `+ 0`: two equal events compare as 0 both ways, and toBe tells -0 from 0.
        expect(Math.sign(compareEvents(x!, y!))).toBe(-Math.sign(compareEvents(y!, x!)) + 0);
        if (compareEvents(x!, y!) <= 0 && compareEvents(y!, z!) <= 0) expect(compareEvents(x!, z!)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("events without an epoch (issue 10 item 2: a `?` in a relayed message drops the fields after it)", () => {
  it("sort right after what arrived before them, never after events sent later", () => {
    // The VICIdial server's clock is 3 s behind ours: by receive time the alert would jump ahead.
    const ready = { ...ev("state_ready", T0, 1, "7", { message: "READY" }), receivedAt: (T0 + 3) * 1000 };
    const alert = { ...ev("agent_alert", null, null, null, { message: "Are you" }), receivedAt: (T0 + 4) * 1000 };
    const answered = { ...ev("call_answered", T0 + 1, 2, "7"), receivedAt: (T0 + 4) * 1000 + 500 };
    const t = new AgentEventLog();
    for (const e of [ready, alert, answered]) t.add(e);
    expect(t.state.status).toBe("INCALL");
    expect(t.state.lastEvent).toBe("call_answered");
    // The same from the stored rows (rebuild, history).
    expect(foldEvents([answered, alert, ready])).toEqual(t.state);
  });

  it("a late event sent before them still goes before them", () => {
    const a = ev("state_ready", T0, 1, "7", { message: "READY" });
    const c = ev("call_answered", T0 + 1, 3, "7");
    const x = ev("agent_alert", null, null, null, { message: "?" });
    const b = ev("call_dialed", T0, 2, "7");
    const t = new AgentEventLog();
    for (const e of [a, c, x, b]) t.add(e);
    expect(t.state.lastEvent).toBe("agent_alert");
    expect(t.state.status).toBe("INCALL");
  });
});
