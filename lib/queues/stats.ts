/**
 * Queue statistics from the calls the wallboard tracks (README "Queue statistics"; the
 * definitions are those of DOMAIN.md §7). Pure: the caller supplies the clock and the window
 * starts (see ./windows), so a result is reproducible from its inputs.
 *
 * Sliding windows change as time passes without any PBX event (a call ages out of "15m"),
 * so the server has to recompute on a timer and use {@link statsChanged} to decide whether to
 * emit.
 */
import { countAgents, type AgentView } from "../agents/view";
import type { CallView } from "../calls/types";
import type { QueueAgentCounts, QueueConfig, QueueStats, StatsWindowName, WindowStats } from "./types";
import type { WindowStarts } from "./windows";

export interface QueueStatsOptions {
  /**
   * Abandons whose wait is shorter than this many seconds are "short abandons" (the caller
   * hung up before a fair chance of an answer, e.g. a misdial) and are left out of both
   * abandoned and offered. Default 0: every abandon counts.
   */
  shortAbandonSec?: number;
  /** IANA zone of the "today" window, echoed in the result for display. */
  timeZone?: string;
}

const WINDOW_NAMES: readonly StatsWindowName[] = ["15m", "1h", "today"];

/**
 * Statistics of one queue at `now`.
 *
 * Inputs: `calls` may hold every tracked call (only `queue === config.id` is used); `agents` the
 * whole live board (only agents whose `campaign` is in `config.campaigns` are counted); `now` and
 * `windowStarts` are ms since epoch on the server clock.
 *
 * Definitions (times are the call's server-clock timestamps):
 * - waiting: state "waiting" and not answered (in the queue, not offered to a phone yet);
 *   ringing: state "ringing" and not answered (offered to an agent's phone). Both are
 *   unanswered calls; longestWaitSec = floor((now − oldest enteredAt of either) / 1000), 0
 *   when none (the caller waits until answered, ringing or not); oldestWaitingSince = that
 *   enteredAt.
 * - A call's wait ends at answeredAt when answered, at endedAt when it was abandoned. It belongs
 *   to a window when its wait ended in [from, now], whenever it entered the queue.
 * - answered: answeredAt set (any outcome, so answered-then-transferred counts) and in window.
 * - abandoned: outcome "abandoned", endedAt in window, wait (endedAt − enteredAt) ≥
 *   shortAbandonSec.
 * - Not offered: still waiting, short abandons, outcome "unknown" (ended while the PBX link was
 *   down before we saw an answer), "transferred" before answer (e.g. overflow out of the queue),
 *   and abandons whose end time is unknown.
 * - offered = answered + abandoned; serviceLevel = answeredWithinSl ÷ offered, with
 *   answeredWithinSl = answered with (answeredAt − enteredAt) ≤ serviceLevelSec s;
 *   abandonRate = abandoned ÷ offered; both 0–1, null when offered = 0, full precision.
 * - asaSec: mean (answeredAt − enteredAt) of the window's answered calls, seconds rounded to
 *   0.1 s; null when none.
 * - ahtSec: mean (endedAt − answeredAt) of answered calls whose end is known and in the window,
 *   seconds rounded to 0.1 s; null when none. Talk + hold only: VICIdial's after-call work
 *   (DISPO) is not in the PBX data.
 * - agents: loggedIn = not LOGGED_OUT; ready = READY, CLOSER; inCall = INCALL, DIAL, PARK,
 *   3-WAY, DEAD; paused = PAUSED; wrapUp = DISPO.
 */
export function computeQueueStats(
  config: QueueConfig,
  calls: readonly CallView[],
  agents: readonly AgentView[],
  now: number,
  windowStarts: WindowStarts,
  options?: QueueStatsOptions,
): QueueStats {
  const shortAbandonMs = Math.max(0, options?.shortAbandonSec ?? 0) * 1000;
  const slMs = config.serviceLevelSec * 1000;

  let waiting = 0;
  let ringing = 0;
  let oldestWaitingSince: number | null = null;
  const acc = {} as Record<StatsWindowName, Accumulator>;
  for (const name of WINDOW_NAMES) acc[name] = newAccumulator();

  for (const call of calls) {
    if (call.queue !== config.id) continue;

    if ((call.state === "waiting" || call.state === "ringing") && call.answeredAt === null) {
      if (call.state === "waiting") waiting++;
      else ringing++;
      if (oldestWaitingSince === null || call.enteredAt < oldestWaitingSince) oldestWaitingSince = call.enteredAt;
      continue;
    }

    if (call.answeredAt !== null) {
      const waitMs = Math.max(0, call.answeredAt - call.enteredAt);
      const talkEnd = call.endKnown ? call.endedAt : null;
      for (const name of WINDOW_NAMES) {
        const a = acc[name];
        const from = windowStarts[name];
        if (inWindow(call.answeredAt, from, now)) {
          a.answered++;
          a.waitMsSum += waitMs;
          if (waitMs <= slMs) a.answeredWithinSl++;
        }
        // AHT follows when the call ended, not when it was answered: a handled call is
        // complete only at its end, and one still in talk has no handle time yet.
        if (talkEnd !== null && inWindow(talkEnd, from, now)) {
          a.handled++;
          a.talkMsSum += Math.max(0, talkEnd - call.answeredAt);
        }
      }
      continue;
    }

    if (call.outcome === "abandoned" && call.endedAt !== null) {
      if (call.endedAt - call.enteredAt < shortAbandonMs) continue;
      for (const name of WINDOW_NAMES) {
        if (inWindow(call.endedAt, windowStarts[name], now)) acc[name].abandoned++;
      }
    }
  }

  const windows = {} as Record<StatsWindowName, WindowStats>;
  for (const name of WINDOW_NAMES) windows[name] = finish(name, windowStarts[name], acc[name]);

  return {
    queue: config.id,
    name: config.name,
    serviceLevelSec: config.serviceLevelSec,
    shortAbandonSec: Math.max(0, options?.shortAbandonSec ?? 0),
    timeZone: options?.timeZone ?? "UTC",
    waiting,
    ringing,
    longestWaitSec: oldestWaitingSince === null ? 0 : Math.max(0, Math.floor((now - oldestWaitingSince) / 1000)),
    oldestWaitingSince,
    agents: queueAgentCounts(config, agents),
    windows,
    computedAt: now,
  };
}

/**
 * Agent counts for a queue: agents whose `campaign` is one of `config.campaigns`, LOGGED_OUT
 * excluded. DEAD (customer hung up, agent still on the call screen) counts as in call because
 * the agent is not available; DISPO is wrap-up.
 */
export function queueAgentCounts(config: QueueConfig, agents: readonly AgentView[]): QueueAgentCounts {
  const campaigns = new Set(config.campaigns);
  const c = countAgents(agents.filter((a) => campaigns.has(a.campaign)));
  return { loggedIn: c.loggedIn, ready: c.ready, inCall: c.inCall + c.dead, paused: c.paused, wrapUp: c.dispo };
}

/**
 * True when `next` differs from `prev` in something a client cannot derive by itself, so the
 * server should emit a `queue` event. Ignored: `computedAt`, `longestWaitSec` (clients tick it
 * from `oldestWaitingSince`, which is compared) and the `from` of the sliding "15m" and "1h"
 * windows (computedAt − 15 min / 1 h). `today.from` is compared: it moves at local midnight.
 * Everything else, including fields added to the types later, is compared by value.
 * `prev` null (nothing sent yet) is a change.
 */
export function statsChanged(prev: QueueStats | null | undefined, next: QueueStats): boolean {
  if (!prev) return true;
  return !deepEqual(comparable(prev), comparable(next));
}

/** Negation of {@link statsChanged}: equal as far as a client can tell. */
export function queueStatsEqual(a: QueueStats, b: QueueStats): boolean {
  return !statsChanged(a, b);
}

interface Accumulator {
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  waitMsSum: number;
  handled: number;
  talkMsSum: number;
}

function newAccumulator(): Accumulator {
  return { answered: 0, answeredWithinSl: 0, abandoned: 0, waitMsSum: 0, handled: 0, talkMsSum: 0 };
}

// Closed at both ends: an event stamped exactly `now` has happened, one exactly at `from`
// is the first of the window.
function inWindow(t: number, from: number, now: number): boolean {
  return t >= from && t <= now;
}

function finish(window: StatsWindowName, from: number, a: Accumulator): WindowStats {
  const offered = a.answered + a.abandoned;
  return {
    window,
    from,
    offered,
    answered: a.answered,
    abandoned: a.abandoned,
    answeredWithinSl: a.answeredWithinSl,
    serviceLevel: offered === 0 ? null : a.answeredWithinSl / offered,
    asaSec: a.answered === 0 ? null : tenths(a.waitMsSum / a.answered / 1000),
    ahtSec: a.handled === 0 ? null : tenths(a.talkMsSum / a.handled / 1000),
    abandonRate: offered === 0 ? null : a.abandoned / offered,
  };
}

// Tenths are what a wall shows, and rounding keeps a mean from flickering statsChanged with
// float noise when the same calls are summed in a different order.
function tenths(sec: number): number {
  return Math.round(sec * 10) / 10;
}

function comparable(s: QueueStats): unknown {
  return {
    ...s,
    computedAt: 0,
    longestWaitSec: 0,
    windows: {
      ...s.windows,
      "15m": { ...s.windows["15m"], from: 0 },
      "1h": { ...s.windows["1h"], from: 0 },
    },
  };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
