/**
 * The platform links' neutral events into the wallboard's vocabulary (issue 15): agent states
 * as platform_* events folded by the same state model, roster identity links, resync, queue
 * figures, calls; and the disagreement of two systems about one person.
 */
import { describe, expect, it, vi } from "vitest";
import type { IncomingAgentEvent, StoredAgentEvent } from "../../lib/events/types";
import type { CallView } from "../../lib/calls/types";
import type { PlatformQueueFigures, QueueConfig, QueueStats } from "../../lib/queues/types";
import type { AgentStateEvent, NeutralEvent } from "../../lib/sources/neutral-events";
import { PlatformRouter } from "../../lib/sources/platform/router";
import { agentStateToEvent } from "../../lib/sources/platform/translate";
import { foldEvents } from "../../lib/agents/state";
import { AgentBook } from "../../lib/agents/agent-book";
import { SOURCE_DISAGREEMENT_GRACE_MS, sourceMismatch } from "../../lib/agents/view";
import { withPlatformFigures } from "../../lib/queues/platform-figures";
import { agentActivity } from "../../lib/history/agent-day";

const T0 = Date.UTC(2026, 10, 30, 9, 0, 0);

function state(agentId: string, s: AgentStateEvent["state"], since: number, extra: Partial<AgentStateEvent> = {}): AgentStateEvent {
  return { type: "agent-state", source: "xuc", platform: "xuc", receivedAt: since + 50, agentId, state: s, since, pauseCode: null, pauseLabel: null, platformState: `Agent${s}`, call: null, raw: {}, ...extra };
}

function harness() {
  const appended: IncomingAgentEvent[] = [];
  const calls: CallView[] = [];
  const figures = new Map<string, PlatformQueueFigures | null>();
  const queues: QueueConfig[] = [];
  const router = new PlatformRouter({
    append: async (e) => {
      appended.push(e);
      return "stored";
    },
    applyCalls: (c) => calls.push(...c),
    storeCalls: () => {},
    storeFrame: () => {},
    figures: (q, f) => figures.set(q, f),
    saveAgents: async () => {},
    ensureQueues: async (c) => void queues.push(...c),
    defaultServiceLevelSec: 20,
    log: { warn: () => {} },
  });
  const sink = router.sinkFor("xuc", "xuc");
  const send = (...events: NeutralEvent[]) => sink.onEvents(events);
  return { router, send, appended, calls, figures, queues };
}

const stored = (events: IncomingAgentEvent[]): StoredAgentEvent[] => events.map((e, i) => ({ ...e, id: i + 1 }));

describe("agent states from a platform", () => {
  it("become platform_* events whose fold gives the state, its start and the pause code", () => {
    const { send, appended } = harness();
    send(state("12", "READY", T0), state("12", "PAUSED", T0 + 60_000, { pauseCode: "lunch", pauseLabel: "Lunch break" }));
    expect(appended.map((e) => [e.user, e.event, e.message, e.campaign, e.source])).toEqual([
      ["xuc:12", "platform_ready", "AgentREADY", "xuc", "xuc"],
      ["xuc:12", "platform_paused", "lunch", "xuc", "xuc"],
    ]);
    const s = foldEvents(stored(appended));
    expect(s.status).toBe("PAUSED");
    expect(s.pauseCode).toBe("lunch");
    expect(s.pauseCodeSource).toBe("platform");
    expect(s.stateSince).toBe(T0 + 60_000);
  });

  it("order by when each state began, whatever order they are stored in", () => {
    const a = agentStateToEvent(state("12", "INCALL", T0 + 1_500), "xuc:12", false);
    const b = agentStateToEvent(state("12", "DISPO", T0 + 1_900), "xuc:12", false);
    const s = foldEvents(stored([b, a]));
    expect(s.status).toBe("DISPO");
    expect(s.stateSince).toBe(T0 + 1_900);
  });

  it("a ringing agent stays READY, wrap-up is DISPO, a new call clears the last wrap-up", () => {
    const events = [state("1", "READY", T0), state("1", "RINGING", T0 + 1000), state("1", "INCALL", T0 + 2000), state("1", "DISPO", T0 + 3000), state("1", "INCALL", T0 + 4000)];
    const folded = events.map((_, i) => foldEvents(stored(events.slice(0, i + 1).map((e) => agentStateToEvent(e, "u", false)))).status);
    expect(folded).toEqual(["READY", "READY", "INCALL", "DISPO", "INCALL"]);
  });

  it("a roster link makes the platform agent the roster user, without the connection as campaign", () => {
    const { router, send, appended } = harness();
    router.setIdentityLinks([
      { user: "7001", xucAgentId: "12", voipbinAgentId: null },
      { user: "7002", xucAgentId: "xuc:13", voipbinAgentId: null },
      { user: "7003", xucAgentId: "other:14", voipbinAgentId: null },
    ]);
    send(state("12", "READY", T0), state("13", "READY", T0), state("14", "READY", T0));
    expect(appended.map((e) => [e.user, e.campaign])).toEqual([
      ["7001", null],
      ["7002", null],
      ["xuc:14", "xuc"],
    ]);
  });

  it("agents missing from a resync are logged out from then; the others keep their state", () => {
    const { send, appended } = harness();
    send(state("1", "READY", T0), state("2", "PAUSED", T0), state("3", "LOGGED_OUT", T0));
    appended.length = 0;
    send({ type: "resync", source: "xuc", platform: "xuc", receivedAt: T0 + 5000, agentIds: ["2"], queueIds: [], activeCallIds: [] });
    expect(appended.map((e) => [e.user, e.event, e.receivedAt])).toEqual([["xuc:1", "platform_logged_out", T0 + 5000]]);
  });

  it("a failed append is counted and does not stop the router", async () => {
    const router = new PlatformRouter({
      append: async () => {
        throw new Error("database unavailable");
      },
      applyCalls: () => {},
      storeCalls: () => {},
      storeFrame: () => {},
      figures: () => {},
      saveAgents: async () => {},
      ensureQueues: async () => {},
      defaultServiceLevelSec: 20,
      log: { warn: () => {} },
    });
    router.sinkFor("xuc", "xuc").onEvents([state("1", "READY", T0), state("2", "READY", T0)]);
    await new Promise((r) => setTimeout(r, 0));
    expect(router.failedAppends).toBe(2);
  });
});

describe("queues and calls from a platform", () => {
  it("creates a queue once per connection, keyed by connection, with the platform's label", () => {
    const { send, queues } = harness();
    const info = (id: string) => ({ type: "queue-info" as const, source: "xuc", platform: "xuc" as const, receivedAt: T0, queueId: id, name: `q${id}`, label: `Queue ${id}`, number: null, deleted: false, raw: {} });
    send(info("3"), info("3"), info("4"));
    expect(queues).toEqual([
      { id: "xuc:3", name: "Queue 3", serviceLevelSec: 20, campaigns: ["xuc"] },
      { id: "xuc:4", name: "Queue 4", serviceLevelSec: 20, campaigns: ["xuc"] },
    ]);
  });

  it("tries a queue's config again when storing it failed (the links' backoff), until it is stored, and stops once the link is forgotten", async () => {
    vi.useFakeTimers();
    try {
      let failuresLeft = 2;
      const attempts: string[][] = [];
      const warnings: object[] = [];
      const router = new PlatformRouter({
        append: async () => "stored",
        applyCalls: () => {},
        storeCalls: () => {},
        storeFrame: () => {},
        figures: () => {},
        saveAgents: async () => {},
        ensureQueues: async (c) => {
          attempts.push(c.map((q) => q.id));
          if (failuresLeft-- > 0) throw new Error("connection terminated");
        },
        defaultServiceLevelSec: 20,
        log: { warn: (o) => void warnings.push(o) },
        // The top of the jitter: retries 999 ms, then 1,998 ms, after each failure.
        random: () => 0.999,
      });
      const info = { type: "queue-info" as const, source: "xuc", platform: "xuc" as const, receivedAt: T0, queueId: "3", name: "sales", label: null, number: null, deleted: false, raw: {} };
      router.sinkFor("xuc", "xuc").onEvents([info]);
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts).toEqual([["xuc:3"]]);
      // The links' backoff from 1 s: the first retry within 1 s, the second within 2 s more.
      await vi.advanceTimersByTimeAsync(998);
      expect(attempts).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(2);
      expect(attempts).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(attempts).toEqual([["xuc:3"], ["xuc:3"], ["xuc:3"]]);
      expect(warnings).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(attempts).toHaveLength(3); // stored: no more tries

      // A link forgotten while its queues could not be stored is not tried again.
      failuresLeft = 1;
      router.sinkFor("voip", "voipbin").onEvents([{ ...info, source: "voip", platform: "voipbin" }]);
      await vi.advanceTimersByTimeAsync(0);
      router.forget("voip");
      await vi.advanceTimersByTimeAsync(60_000);
      expect(attempts).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it("keeps counters and the waiting list together, and clears them when the queue leaves a resync", () => {
    const { send, figures } = harness();
    send({ type: "queue-info", source: "xuc", platform: "xuc", receivedAt: T0, queueId: "3", name: "sales", label: null, number: null, deleted: false, raw: {} });
    send({ type: "queue-stats", source: "xuc", platform: "xuc", receivedAt: T0, queueId: "3", counters: { WaitingCalls: 2 }, changed: ["WaitingCalls"], definitions: {}, raw: {} });
    send({ type: "queue-waiting", source: "xuc", platform: "xuc", receivedAt: T0 + 10, queueId: "3", calls: [{ position: 1, callerName: null, callerNumber: "+331", waitingSince: T0 - 5000 }], raw: {} });
    const f = figures.get("xuc:3")!;
    expect(f.counters).toEqual({ WaitingCalls: 2 });
    expect(f.waitingCalls).toHaveLength(1);
    expect(f.updatedAt).toBe(T0);
    send({ type: "resync", source: "xuc", platform: "xuc", receivedAt: T0 + 20, agentIds: [], queueIds: [], activeCallIds: [] });
    expect(figures.get("xuc:3")).toBeNull();
  });

  it("gives calls the queue key and the agent's phone from the agent's identity", () => {
    const { send, calls } = harness();
    send({ type: "agent-identity", source: "xuc", platform: "xuc", receivedAt: T0, agentId: "12", login: "2001", name: "Ann Lee", phone: "1001", queues: ["3"], deleted: false, raw: {} });
    send({
      type: "call",
      source: "xuc",
      platform: "xuc",
      receivedAt: T0,
      raw: {},
      call: { id: "c1", queue: "3", from: "+331", to: "sales", agentId: "12", state: "connected", enteredAt: T0 - 9000, answeredAt: T0, endedAt: null, endKnown: true, outcome: null, waitSec: 9, talkSec: null, timesFrom: "platform" },
    });
    expect(calls[0]).toMatchObject({ id: "c1", pbx: "xuc", queue: "xuc:3", agentExtension: "1001", state: "connected" });
  });
});

describe("platform queue figures in a queue's statistics", () => {
  const base = { queue: "xuc:3", name: "Sales", waiting: 0, ringing: 0, longestWaitSec: 0, oldestWaitingSince: null, computedAt: T0 + 30_000 } as unknown as QueueStats;
  const figures = (counters: Record<string, number>, waitingCalls: PlatformQueueFigures["waitingCalls"] = null): PlatformQueueFigures => ({ platform: "xuc", source: "xuc", counters, definitions: {}, waitingCalls, updatedAt: T0 });

  it("take waiting from WaitingCalls and count the longest wait up from its update", () => {
    const s = withPlatformFigures(base, figures({ WaitingCalls: 2, LongestWaitTime: 40 }));
    expect(s.waiting).toBe(2);
    expect(s.longestWaitSec).toBe(70);
    expect(s.oldestWaitingSince).toBe(T0 - 40_000);
  });

  it("accept the documentation's LongestWaitingTime, prefer the listed calls' start, and show 0 when none waits", () => {
    expect(withPlatformFigures(base, figures({ WaitingCalls: 1, LongestWaitingTime: 10 })).longestWaitSec).toBe(40);
    expect(withPlatformFigures(base, figures({ WaitingCalls: 1, LongestWaitTime: 10 }, [{ position: 1, callerName: null, callerNumber: null, waitingSince: T0 + 25_000 }])).longestWaitSec).toBe(5);
    const none = withPlatformFigures(base, figures({ WaitingCalls: 0, LongestWaitTime: 10 }));
    expect([none.waiting, none.longestWaitSec, none.oldestWaitingSince]).toEqual([0, 0, null]);
  });

  it("leave a queue without platform figures as our formulas computed it", () => {
    expect(withPlatformFigures(base, undefined)).toBe(base);
  });
});

describe("one person on two systems", () => {
  const vici = (id: number, event: string, at: number, message: string | null = null): StoredAgentEvent => ({
    id,
    source: "vicidial-push",
    receivedAt: at,
    user: "7001",
    event,
    message,
    leadId: null,
    epoch: Math.floor(at / 1000),
    agentLogId: "500",
    counter: id,
    campaign: "SALES",
    raw: {},
  });
  const xuc = (id: number, s: AgentStateEvent["state"], at: number): StoredAgentEvent => ({ ...agentStateToEvent(state("12", s, at), "7001", true), id });

  it("remembers what each system said last", () => {
    const board = new AgentBook({ staleAfterMs: 600_000 });
    board.apply([vici(1, "state_ready", T0, "READY"), xuc(2, "PAUSED", T0 + 1000)], T0 + 2000);
    const view = board.get("7001")!;
    expect(view.state).toBe("PAUSED");
    expect(view.sourceMismatch).toBeNull(); // within the grace period
    const later = board.refreshStale(T0 + 1000 + SOURCE_DISAGREEMENT_GRACE_MS);
    expect(later.map((c) => c.agent.sourceMismatch)).toEqual(["VICIdial READY · XuC PAUSED"]);
  });

  it("agree when both report the same group of states (CLOSER is READY, PARK is in call)", () => {
    const t = T0 + 60_000;
    expect(sourceMismatch({ vicidial: { status: "CLOSER", since: T0 }, xuc: { status: "READY", since: T0 } }, t)).toBeNull();
    expect(sourceMismatch({ vicidial: { status: "PARK", since: T0 }, xuc: { status: "INCALL", since: T0 } }, t)).toBeNull();
    expect(sourceMismatch({ vicidial: { status: "READY", since: T0 } }, t)).toBeNull();
    expect(sourceMismatch({ voipbin: { status: "LOGGED_OUT", since: T0 }, vicidial: { status: "READY", since: T0 } }, t)).toBe("VICIdial READY · VoIPBin LOGGED_OUT");
  });
});

describe("platform agents are reported only on change", () => {
  it("are not stale while their link is up, and become stale after the timeout once it is down", () => {
    const board = new AgentBook({ staleAfterMs: 60_000 });
    board.apply([{ ...agentStateToEvent(state("12", "PAUSED", T0), "xuc:12", false), id: 1 }], T0);
    board.setLiveOrigins(new Set(["xuc"]), T0);
    expect(board.refreshStale(T0 + 3_600_000)).toEqual([]);
    expect(board.get("xuc:12")!.stale).toBe(false);
    const down = board.setLiveOrigins(new Set(), T0 + 3_600_000);
    expect(down.map((c) => [c.agent.user, c.agent.stale])).toEqual([["xuc:12", true]]);
  });

  it("count a platform state in history until the next event, not only for the stale timeout", () => {
    const events = [agentStateToEvent(state("12", "PAUSED", T0, { pauseCode: "lunch" }), "u", false), agentStateToEvent(state("12", "READY", T0 + 3_600_000), "u", false)].map((e, i) => ({ ...e, id: i + 1 }));
    const activity = agentActivity(events, { staleAfterMs: 600_000, until: T0 + 4_000_000 });
    expect(activity.segments.map((s) => [s.status, s.pauseCode, (s.end - s.start) / 1000])).toEqual([
      ["PAUSED", "lunch", 3600],
      ["READY", null, 400],
    ]);
  });
});
