import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AgentStatus } from "../../lib/agents/status";
import type { AgentView } from "../../lib/agents/view";
import type { CallView } from "../../lib/calls/types";
import { computeQueueStats, queueAgentCounts, queueStatsEqual, statsChanged } from "../../lib/queues/stats";
import type { QueueConfig, WindowStats } from "../../lib/queues/types";
import { statsWindows, type WindowStarts } from "../../lib/queues/windows";

// now = 12:00 in Berlin (CEST, UTC+2), so local midnight is 12 h = 43 200 s ago.
const NOW = Date.parse("2026-06-15T10:00:00Z");
const ago = (sec: number): number => NOW - sec * 1000;
const STARTS: WindowStarts = { "15m": ago(900), "1h": ago(3600), today: ago(43_200) };

const Q: QueueConfig = { id: "700", name: "Sales line", serviceLevelSec: 20, campaigns: ["SALES", "SUPPORT"] };

function call(id: string, patch: Partial<CallView>): CallView {
  return {
    id, pbx: "pbx1", from: "5550100", to: "700", queue: "700", agentExtension: null,
    state: "ended", enteredAt: 0, answeredAt: null, endedAt: null, endKnown: true,
    outcome: null, waitSec: null, talkSec: null, ...patch,
  };
}

/** Answered call: entered `wait` s before the answer at `ansAgo`, ended at `endAgo` (null: still talking). */
function answered(id: string, ansAgo: number, wait: number, endAgo: number | null, patch: Partial<CallView> = {}): CallView {
  return call(id, {
    enteredAt: ago(ansAgo + wait), answeredAt: ago(ansAgo),
    endedAt: endAgo === null ? null : ago(endAgo),
    state: endAgo === null ? "connected" : "ended",
    outcome: endAgo === null ? null : "answered",
    waitSec: wait, talkSec: endAgo === null ? null : ansAgo - endAgo, ...patch,
  });
}

/** Abandoned call: caller hung up at `endAgo` after waiting `wait` s. */
function abandoned(id: string, endAgo: number, wait: number, patch: Partial<CallView> = {}): CallView {
  return call(id, { enteredAt: ago(endAgo + wait), endedAt: ago(endAgo), outcome: "abandoned", waitSec: wait, ...patch });
}

// T = 20 s. Columns: answered (s ago) / wait (s) / ended (s ago) / talk (s).
const CALLS: CallView[] = [
  answered("A", 290, 10, 170), //   wait 10 ≤ 20 (in SL), talk 120
  answered("B", 570, 30, 390), //   wait 30 > 20, talk 180
  answered("C", 180, 20, null), //  wait exactly 20 = T (in SL); still talking: no AHT
  answered("X", 135, 5, 40, { outcome: "transferred" }), // answered then transferred: answered; talk 95
  answered("P", 795, 5, null, { state: "ended", outcome: "answered", endKnown: false }), // end unseen: no AHT
  answered("F", 890, 40, 590), //   entered 930 s ago (before 15m), answered inside 15m; talk 300
  answered("G", 901, 59, 841), //   answered 1 s before the 15m start: not in 15m answered, but its end is: 15m AHT; talk 60
  answered("H", 3600, 15, 3300), // answered exactly at the 1h start: in 1h; talk 300
  answered("I", 3601, 19, 3501), // 1 s before the 1h start: today only for answered, but 1h AHT; talk 100
  answered("L", 19_990, 10, 19_700), // today only; talk 290
  answered("N", 43_190, 70, 43_100), // entered before midnight (43 260 s ago), answered after: today; talk 90
  answered("M", 43_300, 100, 43_250), // all before local midnight: nowhere

  abandoned("D", 455, 45),
  abandoned("E", 97, 3), //          short abandon when shortAbandonSec = 5
  abandoned("Y", 60, 5), //          wait exactly 5: not short (≥ threshold counts)
  abandoned("Z", 900, 60), //        ended exactly at the 15m start: in 15m
  abandoned("J", 3590, 110), //      entered before 1h, ended inside: in 1h
  abandoned("K", 3610, 20), //       ended before the 1h start: today only
  abandoned("V", 43_300, 30), //     yesterday: nowhere

  // Still in the queue: waiting/longest wait only.
  call("W1", { state: "waiting", enteredAt: NOW - 75_500 }), // longest: floor(75.5) = 75 s
  call("W2", { state: "ringing", enteredAt: ago(30), agentExtension: "2001" }),

  // Excluded from offered.
  call("U", { enteredAt: ago(400), outcome: "unknown", endKnown: false }), // ended while the link was down, unanswered
  call("T", { enteredAt: ago(300), endedAt: ago(250), outcome: "transferred" }), // left the queue unanswered by transfer

  // Other queues and non-queue calls: ignored.
  call("O1", { queue: "701", state: "waiting", enteredAt: ago(1000) }),
  answered("O2", 100, 1, 50, { queue: "701" }),
  abandoned("O3", 100, 50, { queue: "701" }),
  answered("O4", 100, 1, 50, { queue: null }),
];

function win(stats: ReturnType<typeof computeQueueStats>, name: "15m" | "1h" | "today"): WindowStats {
  return stats.windows[name];
}

describe("computeQueueStats: scripted scenario, T = 20 s", () => {
  const stats = computeQueueStats(Q, CALLS, [], NOW, STARTS);
  const short = computeQueueStats(Q, CALLS, [], NOW, STARTS, { shortAbandonSec: 5 });

  it("uses Berlin midnight as the today start in this scenario", () => {
    expect(statsWindows(NOW, "Europe/Berlin")).toEqual(STARTS);
  });

  it("header fields", () => {
    expect(stats.queue).toBe("700");
    expect(stats.name).toBe("Sales line");
    expect(stats.serviceLevelSec).toBe(20);
    expect(stats.computedAt).toBe(NOW);
  });

  it("waiting and longest wait come from the calls still in the queue (W1, W2)", () => {
    // W2 rings an agent's phone: its own number, not a call waiting; still unanswered.
    expect(stats.waiting).toBe(1);
    expect(stats.ringing).toBe(1);
    expect(stats.oldestWaitingSince).toBe(NOW - 75_500);
    expect(stats.longestWaitSec).toBe(75); // floor(75 500 ms / 1000)
  });

  it("every window names itself and its start", () => {
    for (const name of ["15m", "1h", "today"] as const) {
      expect(win(stats, name).window).toBe(name);
      expect(win(stats, name).from).toBe(STARTS[name]);
    }
  });

  it("15m window", () => {
    // answered ≤ 900 s ago: A, B, C, X, P, F = 6 (G at 901 s is out)
    // within T: A 10, C 20, X 5, P 5 = 4 (B 30, F 40 are not)
    // abandoned ≤ 900 s ago: D, E, Y, Z = 4; offered 6 + 4 = 10
    // ASA (10 + 30 + 20 + 5 + 5 + 40) / 6 = 110 / 6 = 18.33 → 18.3
    // AHT ended ≤ 900 s ago with known end: A 120, B 180, X 95, F 300, G 60 = 755 / 5 = 151
    expect(win(stats, "15m")).toEqual({
      window: "15m", from: STARTS["15m"],
      offered: 10, answered: 6, abandoned: 4, answeredWithinSl: 4,
      serviceLevel: 4 / 10, asaSec: 18.3, ahtSec: 151, abandonRate: 4 / 10,
    });
  });

  it("1h window", () => {
    // answered: the 15m six + G (901 s), H (exactly 3600 s) = 8; I (3601 s) is out
    // within T: 4 + H 15 = 5 (G 59 is not)
    // abandoned: D, E, Y, Z + J (3590 s) = 5 (K at 3610 s is out); offered 13
    // ASA (110 + 59 + 15) / 8 = 184 / 8 = 23
    // AHT 755 + H 300 + I 100 = 1155 / 7 = 165
    expect(win(stats, "1h")).toEqual({
      window: "1h", from: STARTS["1h"],
      offered: 13, answered: 8, abandoned: 5, answeredWithinSl: 5,
      serviceLevel: 5 / 13, asaSec: 23, ahtSec: 165, abandonRate: 5 / 13,
    });
  });

  it("today window", () => {
    // answered: 8 + I, L, N = 11 (M answered before midnight)
    // within T: 5 + I 19, L 10 = 7 (N 70 is not)
    // abandoned: 5 + K = 6 (V is yesterday); offered 17
    // ASA (184 + 19 + 10 + 70) / 11 = 283 / 11 = 25.727 → 25.7
    // AHT 1155 + L 290 + N 90 = 1535 / 9 = 170.56 → 170.6
    expect(win(stats, "today")).toEqual({
      window: "today", from: STARTS.today,
      offered: 17, answered: 11, abandoned: 6, answeredWithinSl: 7,
      serviceLevel: 7 / 17, asaSec: 25.7, ahtSec: 170.6, abandonRate: 6 / 17,
    });
  });

  it("shortAbandonSec = 5 drops E (3 s) from abandoned and offered but keeps Y (exactly 5 s)", () => {
    // 15m: abandoned 4 − 1 = 3, offered 9, SL 4/9, abandon rate 3/9
    expect(win(short, "15m")).toMatchObject({ offered: 9, answered: 6, abandoned: 3, answeredWithinSl: 4 });
    expect(win(short, "15m").serviceLevel).toBe(4 / 9);
    expect(win(short, "15m").abandonRate).toBe(3 / 9);
    // 1h: abandoned 4, offered 12, SL 5/12, abandon rate 4/12
    expect(win(short, "1h")).toMatchObject({ offered: 12, abandoned: 4, serviceLevel: 5 / 12, abandonRate: 4 / 12 });
    // today: abandoned 5, offered 16, SL 7/16, abandon rate 5/16
    expect(win(short, "today")).toMatchObject({ offered: 16, abandoned: 5, serviceLevel: 7 / 16, abandonRate: 5 / 16 });
    // answered-call metrics do not move
    expect(win(short, "today").asaSec).toBe(25.7);
    expect(win(short, "today").ahtSec).toBe(170.6);
  });

  it("excluded calls change nothing: removing them gives the same stats", () => {
    const kept = CALLS.filter((c) => !["U", "T", "O1", "O2", "O3", "O4", "M", "V"].includes(c.id));
    expect(computeQueueStats(Q, kept, [], NOW, STARTS)).toEqual(stats);
  });

  it("a queue with no calls has zero counts and null rates", () => {
    const empty = computeQueueStats({ ...Q, id: "999" }, CALLS, [], NOW, STARTS);
    expect(empty.waiting).toBe(0);
    expect(empty.longestWaitSec).toBe(0);
    expect(empty.oldestWaitingSince).toBeNull();
    for (const name of ["15m", "1h", "today"] as const) {
      expect(win(empty, name)).toEqual({
        window: name, from: STARTS[name],
        offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0,
        serviceLevel: null, asaSec: null, ahtSec: null, abandonRate: null,
      });
    }
  });

  it("only abandons: service level 0, abandon rate 1, ASA null", () => {
    const s = computeQueueStats(Q, [abandoned("a", 10, 30)], [], NOW, STARTS);
    expect(win(s, "15m")).toMatchObject({ offered: 1, serviceLevel: 0, abandonRate: 1, asaSec: null, ahtSec: null });
  });
});

function agent(user: string, campaign: string, state: AgentStatus): AgentView {
  return {
    user, name: user, campaign, team: null, state, stateSince: 0,
    pauseCode: null, leadId: null, disposition: null, lastEvent: "x", lastMessage: null,
    lastEventAt: 0, notice: null, stale: false,
    extension: null, registered: null, dnd: null, phoneState: null, phoneMismatch: null,
  };
}

describe("queue agent counts", () => {
  const agents: AgentView[] = [
    agent("1", "SALES", "READY"),
    agent("2", "SUPPORT", "CLOSER"),
    agent("3", "SALES", "INCALL"),
    agent("4", "SALES", "DIAL"),
    agent("5", "SUPPORT", "PARK"),
    agent("6", "SALES", "3-WAY"),
    agent("7", "SALES", "DEAD"),
    agent("8", "SALES", "PAUSED"),
    agent("9", "SUPPORT", "DISPO"),
    agent("10", "SALES", "LOGGED_OUT"), // not logged in
    agent("11", "COLLECTIONS", "READY"), // another campaign
    agent("12", "UNASSIGNED", "INCALL"),
  ];

  it("counts the queue's campaigns only; DEAD is in call, DISPO is wrap-up", () => {
    // loggedIn: agents 1–9 = 9; ready 1, 2; inCall 3, 4, 5, 6, 7; paused 8; wrapUp 9
    const expected = { loggedIn: 9, ready: 2, inCall: 5, paused: 1, wrapUp: 1 };
    expect(queueAgentCounts(Q, agents)).toEqual(expected);
    expect(computeQueueStats(Q, [], agents, NOW, STARTS).agents).toEqual(expected);
  });

  it("a queue with no campaigns has no agents", () => {
    expect(queueAgentCounts({ ...Q, campaigns: [] }, agents)).toEqual({ loggedIn: 0, ready: 0, inCall: 0, paused: 0, wrapUp: 0 });
  });
});

describe("statsChanged", () => {
  const calls = [call("W", { state: "waiting", enteredAt: ago(40) }), answered("A", 600, 10, 300)];
  const at = (now: number, cs: CallView[] = calls, tz = "Europe/Berlin") =>
    computeQueueStats(Q, cs, [], now, statsWindows(now, tz));
  const prev = at(NOW);

  it("nothing sent yet is a change", () => {
    expect(statsChanged(null, prev)).toBe(true);
  });

  it("ignores the clock ticking: computedAt, longestWaitSec and the sliding window starts", () => {
    const next = at(NOW + 1000);
    expect(next.longestWaitSec).toBe(prev.longestWaitSec + 1);
    expect(statsChanged(prev, next)).toBe(false);
    expect(queueStatsEqual(prev, next)).toBe(true);
  });

  it("a waiting call answered is a change", () => {
    const answeredNow = [answered("W", 0, 40, null), calls[1]!];
    expect(statsChanged(prev, at(NOW, answeredNow))).toBe(true);
  });

  it("a call ageing out of the 15m window is a change even with no new event", () => {
    // A was answered 600 s ago: it leaves the 15m window 300 s later.
    expect(statsChanged(prev, at(NOW + 299_000))).toBe(false);
    expect(statsChanged(prev, at(NOW + 301_000))).toBe(true);
  });

  it("a new today start is a change", () => {
    const next = at(NOW, calls, "Asia/Tokyo");
    expect(next.windows.today.from).not.toBe(prev.windows.today.from);
    expect(statsChanged(prev, next)).toBe(true);
  });

  it("agent counts changing is a change", () => {
    const next = computeQueueStats(Q, calls, [agent("1", "SALES", "READY")], NOW, statsWindows(NOW, "Europe/Berlin"));
    expect(statsChanged(prev, next)).toBe(true);
  });
});

describe("computeQueueStats invariants", () => {
  const callArb = fc.record({
    queue: fc.constantFrom("700", "701"),
    enteredAgo: fc.integer({ min: 0, max: 50_000 }),
    wait: fc.integer({ min: 0, max: 300 }),
    talk: fc.option(fc.integer({ min: 0, max: 1000 })),
    kind: fc.constantFrom("waiting", "answered", "abandoned", "unknown", "transferred"),
  });

  it("offered = answered + abandoned; SL and rates in 0–1; windows nest", () => {
    fc.assert(
      fc.property(fc.array(callArb, { maxLength: 40 }), fc.integer({ min: 0, max: 30 }), (specs, shortAbandonSec) => {
        const calls = specs.map((s, i): CallView => {
          const enteredAt = ago(s.enteredAgo);
          const end = Math.min(NOW, enteredAt + s.wait * 1000);
          switch (s.kind) {
            case "waiting":
              return call(String(i), { queue: s.queue, state: "waiting", enteredAt });
            case "answered":
              return call(String(i), {
                queue: s.queue, enteredAt, answeredAt: end, outcome: s.talk === null ? null : "answered",
                state: s.talk === null ? "connected" : "ended",
                endedAt: s.talk === null ? null : Math.min(NOW, end + s.talk * 1000),
              });
            case "abandoned":
              return call(String(i), { queue: s.queue, enteredAt, endedAt: end, outcome: "abandoned" });
            default:
              return call(String(i), { queue: s.queue, enteredAt, endedAt: end, outcome: s.kind });
          }
        });
        const s = computeQueueStats(Q, calls, [], NOW, STARTS, { shortAbandonSec });
        const order = ["15m", "1h", "today"] as const;
        for (const name of order) {
          const w = s.windows[name];
          expect(w.offered).toBe(w.answered + w.abandoned);
          expect(w.answeredWithinSl).toBeLessThanOrEqual(w.answered);
          if (w.offered === 0) expect(w.serviceLevel).toBeNull();
          else expect(w.serviceLevel! + w.abandonRate!).toBeLessThanOrEqual(1 + 1e-12);
        }
        for (let i = 1; i < order.length; i++) {
          expect(s.windows[order[i]!].offered).toBeGreaterThanOrEqual(s.windows[order[i - 1]!].offered);
        }
        expect(s.waiting).toBe(specs.filter((c) => c.queue === "700" && c.kind === "waiting").length);
      }),
    );
  });
});
