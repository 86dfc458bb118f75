import { describe, expect, it } from "vitest";
import { AlertBook } from "../../lib/alerts/alert-book";
import { evaluateAlerts, type AlertInputs } from "../../lib/alerts/evaluate";
import { alertConfigSchema } from "../../lib/alerts/types";
import type { AgentView } from "../../lib/agents/view";
import type { QueueStats, WindowStats } from "../../lib/queues/types";

const win = (w: WindowStats["window"], patch: Partial<WindowStats> = {}): WindowStats => ({
  window: w, from: 0, offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0, serviceLevel: null, asaSec: null, ahtSec: null, abandonRate: null, ...patch,
});
const queue = (patch: Partial<QueueStats> = {}): QueueStats => ({
  queue: "700", name: "Support", serviceLevelSec: 20, shortAbandonSec: 0, timeZone: "UTC", waiting: 0, ringing: 0, longestWaitSec: 0, oldestWaitingSince: null,
  agents: { loggedIn: 0, ready: 0, inCall: 0, paused: 0, wrapUp: 0 }, windows: { "15m": win("15m"), "1h": win("1h"), today: win("today") }, computedAt: 0, ...patch,
});
const agent = (patch: Partial<AgentView>): AgentView => ({
  user: "1001", name: "Ann", campaign: "SUPPORT", team: null, state: "READY", stateSince: 0, pauseCode: null, leadId: null, disposition: null,
  lastEvent: "", lastMessage: null, lastEventAt: 0, notice: null, stale: false, extension: null, registered: null, dnd: null, phoneState: null, phoneMismatch: null, ...patch,
});
const NOW = 1_000_000;
const inputs = (patch: Partial<AlertInputs>): AlertInputs => ({ agents: [], queues: [], campaignsOfQueue: () => ["SUPPORT"], pbx: [], ...patch });

describe("evaluateAlerts", () => {
  const config = alertConfigSchema.parse({ campaigns: { SUPPORT: { pauseLimitsSec: { BREAK: 900 } } } });

  it("raises calls waiting and longest wait above the default thresholds", () => {
    const alerts = evaluateAlerts(inputs({ queues: [queue({ waiting: 6, oldestWaitingSince: NOW - 61_000 })] }), config, NOW);
    expect(alerts.map((a) => [a.id, a.severity, a.campaigns])).toEqual([
      ["calls_waiting:queue:700", "warning", ["SUPPORT"]],
      ["longest_wait:queue:700", "warning", ["SUPPORT"]],
    ]);
    // At the threshold but within the clearing margin: candidates that only keep a raised alert.
    expect(evaluateAlerts(inputs({ queues: [queue({ waiting: 5, oldestWaitingSince: NOW - 60_000 })] }), config, NOW).map((a) => [a.type, a.holdOnly])).toEqual([
      ["calls_waiting", true],
      ["longest_wait", true],
    ]);
    expect(evaluateAlerts(inputs({ queues: [queue({ waiting: 3, oldestWaitingSince: NOW - 50_000 })] }), config, NOW)).toEqual([]);
    expect(evaluateAlerts(inputs({ queues: [queue({ waiting: 11 })] }), config, NOW)[0]!.severity).toBe("critical");
  });

  it("raises service level below target only with enough offered calls in the hour", () => {
    const low = queue({ windows: { "15m": win("15m"), "1h": win("1h", { offered: 5, serviceLevel: 0.6 }), today: win("today") } });
    expect(evaluateAlerts(inputs({ queues: [low] }), config, NOW).map((a) => a.type)).toEqual(["service_level"]);
    const few = queue({ windows: { "15m": win("15m"), "1h": win("1h", { offered: 4, serviceLevel: 0 }), today: win("today") } });
    expect(evaluateAlerts(inputs({ queues: [few] }), config, NOW)).toEqual([]);
  });

  it("raises a pause past its pause code's limit and stale agents", () => {
    const paused = agent({ state: "PAUSED", pauseCode: "BREAK", stateSince: NOW - 901_000 });
    const ok = agent({ user: "1002", state: "PAUSED", pauseCode: "BREAK", stateSince: NOW - 899_000 });
    const uncoded = agent({ user: "1003", state: "PAUSED", pauseCode: "LUNCH", stateSince: NOW - 9_000_000 });
    const stale = agent({ user: "1004", stale: true });
    const out = evaluateAlerts(inputs({ agents: [paused, ok, uncoded, stale] }), config, NOW);
    expect(out.map((a) => a.id)).toEqual(["pause_limit:agent:1001", "agent_stale:agent:1004"]);
    expect(out[0]!.message).toBe("Ann: paused BREAK past the 15:00 min limit");
  });

  it("looks pause codes, campaigns and queues up as data: 'constructor' or '__proto__' is a code like any other (issue 11 item 15)", () => {
    const anyCode = alertConfigSchema.parse({ campaigns: { "*": { pauseLimitsSec: { "*": 60 } } } });
    const codes = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];
    const paused = codes.map((pauseCode, i) => agent({ user: `20${i}`, state: "PAUSED", pauseCode, stateSince: NOW - 61_000 }));
    expect(evaluateAlerts(inputs({ agents: paused }), anyCode, NOW).map((a) => a.id)).toEqual(codes.map((_, i) => `pause_limit:agent:20${i}`));
    // A configured "constructor" code has its own limit; campaigns and queues so named get the defaults.
    const own = alertConfigSchema.parse({ campaigns: { constructor: { pauseLimitsSec: { constructor: 120 } } } });
    const odd = agent({ campaign: "constructor", state: "PAUSED", pauseCode: "constructor", stateSince: NOW - 121_000 });
    expect(evaluateAlerts(inputs({ agents: [odd] }), own, NOW).map((a) => a.threshold)).toEqual([120]);
    const protoQueue = queue({ queue: "__proto__", waiting: 6 });
    expect(evaluateAlerts(inputs({ queues: [protoQueue, queue({ queue: "constructor", waiting: 6 })] }), config, NOW).map((a) => a.id)).toEqual([
      "calls_waiting:queue:__proto__",
      "calls_waiting:queue:constructor",
    ]);
  });

  it("raises a PBX link down once it had been up, for every wall", () => {
    const link = { name: "env", url: "ws://x", since: 0, lastFrameAt: 5, reconnects: 1, lastError: "connection closed", malformedFrames: 0 };
    expect(evaluateAlerts(inputs({ pbx: [{ ...link, state: "down" }] }), config, NOW)).toEqual([expect.objectContaining({ id: "pbx_down:pbx:env", severity: "critical", campaigns: [] })]);
    expect(evaluateAlerts(inputs({ pbx: [{ ...link, state: "up" }] }), config, NOW)).toEqual([]);
  });
});

describe("hysteresis: one threshold crossing is one alert", () => {
  const config = alertConfigSchema.parse({});
  /** Runs evaluation + book once a second over `waiting` values; returns the book's changes. */
  function run(values: number[], cfg = config) {
    const book = new AlertBook();
    const log: string[] = [];
    values.forEach((waiting, i) => {
      const t = NOW + i * 1000;
      const ch = book.update(evaluateAlerts(inputs({ queues: [queue({ waiting })] }), cfg, t), t);
      for (const a of ch.raised) log.push(`raised@${i}`), expect(a).not.toHaveProperty("holdOnly");
      for (const _ of ch.cleared) log.push(`cleared@${i}`);
    });
    return log;
  }

  it("a figure bouncing around its threshold raises one alert (the demo raised five in 150 s)", () => {
    // 6, 5, 6, 5, … for 150 s: above 5 for a second at a time.
    const bounce = Array.from({ length: 150 }, (_, i) => (i % 2 === 0 ? 6 : 5));
    expect(run(bounce)).toEqual([]); // never 10 s in a row above: nothing raised
    const rising = [...Array.from({ length: 12 }, () => 6), ...bounce];
    expect(run(rising)).toEqual(["raised@10"]); // raised once; 5 is within the margin, kept
  });

  it("clears only once the figure is past the margin, and a later crossing is a new alert", () => {
    const seq = [...Array(11).fill(7), 4, 5, 4, 3, ...Array(11).fill(8)];
    expect(run(seq)).toEqual(["raised@10", "cleared@14", "raised@25"]);
  });

  it("a margin never keeps an alert past zero: above 0 calls clears at 0 (an empty queue is never an alert)", () => {
    const zero = alertConfigSchema.parse({ queues: { "*": { callsWaitingAbove: 0, raiseAfterSec: 0 } } });
    expect(run([1, 0, 2, 0], zero)).toEqual(["raised@0", "cleared@1", "raised@2", "cleared@3"]);
  });

  it("raiseAfterSec 0 and margin 0 behave like plain thresholds", () => {
    const plain = alertConfigSchema.parse({ queues: { "*": { raiseAfterSec: 0, callsWaitingClearMargin: 0 } } });
    expect(run([6, 5, 6], plain)).toEqual(["raised@0", "cleared@1", "raised@2"]);
  });

  it("the alert's start is when the condition began, not when it was raised", () => {
    const book = new AlertBook();
    const c = evaluateAlerts(inputs({ queues: [queue({ waiting: 9 })] }), config, NOW);
    expect(book.update(c, NOW).raised).toEqual([]);
    expect(book.update(c, NOW + 10_000).raised[0]!.since).toBe(NOW);
  });
});

describe("AlertBook", () => {
  it("keeps an alert's start time while it holds and reports raise, update and clear", () => {
    const book = new AlertBook();
    const c = { id: "x", type: "calls_waiting" as const, severity: "warning" as const, queue: "700", user: null, pbx: null, campaigns: ["S"], message: "m", value: 6, threshold: 5 };
    expect(book.update([c], 100).raised).toEqual([{ ...c, since: 100 }]);
    expect(book.update([{ ...c, value: 7 }], 200)).toEqual({ raised: [], updated: [], cleared: [] });
    expect(book.update([{ ...c, severity: "critical" }], 300).updated[0]!.since).toBe(100);
    expect(book.update([], 400).cleared.map((a) => a.id)).toEqual(["x"]);
    expect(book.list()).toEqual([]);
  });
});
