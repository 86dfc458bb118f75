/**
 * Applies the realtime `call` feed (lib/realtime/contract.ts) to the wall's calls in progress,
 * and orders them for the calls panel. Pure, so the rules are tested without a socket.
 * Every time here is ms since epoch on the server clock.
 */
import type { QueueStats } from "../queues/types";
import { withEntry } from "./immutable-map";
import type { CallView } from "../calls/types";

/** Calls in progress by {@link callKey}. Treated as immutable: every change returns a new map. */
export type CallMap = ReadonlyMap<string, CallView>;

/** A call's identity: PBX call ids are unique per PBX connection only, so the key is both. */
export function callKey(call: Pick<CallView, "pbx" | "id">): string {
  return `${call.pbx}\u0000${call.id}`;
}

/** A `snapshot` replaces every call; an `ended` call in it (should not happen) is left out. */
export function applyCallsSnapshot(calls: readonly CallView[]): CallMap {
  const next = new Map<string, CallView>();
  for (const c of calls) if (c.state !== "ended") next.set(callKey(c), c);
  return next;
}

/**
 * A `call` delta upserts the call by `pbx` + `id`; `state: "ended"` removes it. Returns
 * `current` itself when nothing changes (an unknown call that ended), so React skips a render.
 */
export function applyCallDelta(current: CallMap, call: CallView): CallMap {
  return withEntry(current, callKey(call), call.state === "ended" ? undefined : call);
}

/**
 * When a call's panel timer starts (ms, server clock): a waiting or ringing call counts from
 * entry (its wait); a connected call from its answer, else from entry when the answer time
 * is unknown (seen after a PBX link outage).
 */
export function callTimerStart(call: CallView): number {
  return call.state === "connected" ? (call.answeredAt ?? call.enteredAt) : call.enteredAt;
}

const byKeyThenId = (a: CallView, b: CallView) => {
  const ka = callKey(a);
  const kb = callKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

/**
 * Splits calls for the panel: `waiting` (in a queue) oldest first; `active` (ringing, then
 * connected) longest first. Orders use server timestamps only, so they never flicker as
 * timers tick; ties go by pbx + id.
 */
export function splitCalls(calls: Iterable<CallView>): { waiting: CallView[]; active: CallView[] } {
  const waiting: CallView[] = [];
  const active: CallView[] = [];
  for (const c of calls) {
    if (c.state === "waiting") waiting.push(c);
    else if (c.state === "ringing" || c.state === "connected") active.push(c);
  }
  waiting.sort((a, b) => a.enteredAt - b.enteredAt || byKeyThenId(a, b));
  const rank = (c: CallView) => (c.state === "ringing" ? 0 : 1);
  active.sort((a, b) => rank(a) - rank(b) || callTimerStart(a) - callTimerStart(b) || byKeyThenId(a, b));
  return { waiting, active };
}

/** Calls in progress by state, for the panel header (VICIdial: calls active, ringing, waiting). */
export function countCalls(calls: Iterable<CallView>): { waiting: number; ringing: number; connected: number } {
  const n = { waiting: 0, ringing: 0, connected: 0 };
  for (const c of calls) if (c.state !== "ended") n[c.state]++;
  return n;
}

/**
 * The calls panel's header figures. Calls waiting and calls ringing an agent are the queue
 * statistics' (computed once on the server, lib/queues/stats.ts), summed over the wall's
 * queues, plus the calls waiting in the wall's VICIdial in-groups (`inGroups`, from the
 * dialer state), so the panel shows the same number as the queue and in-group cards and the
 * alerts; connected calls are counted from the calls in progress.
 */
export function panelCounts(
  queues: Iterable<{ waiting: number; ringing?: number }>,
  calls: Iterable<CallView>,
  inGroups: Iterable<{ waiting: number }> = [],
): { waiting: number; ringing: number; connected: number } {
  const n = { waiting: 0, ringing: 0, connected: 0 };
  for (const q of queues) {
    n.waiting += q.waiting;
    n.ringing += q.ringing ?? 0;
  }
  // VICIdial's in-groups (its database source) wait beside the PBX queues: the same count
  // as their cards' "Calls waiting".
  for (const g of inGroups) n.waiting += g.waiting;
  for (const c of calls) if (c.state === "connected") n.connected++;
  return n;
}

/**
 * The callers a platform lists as waiting (XuC `QueueCalls`, in a queue's platform figures) as
 * waiting calls for the calls panel: the platform names no call ids, so each is keyed by its
 * queue and position (`<queue>#<position>`). Entry time: the platform's, else when the queue's
 * figures were computed. Oldest first.
 */
export function platformWaitingCalls(queues: Iterable<Pick<QueueStats, "queue" | "platformFigures" | "computedAt">>): CallView[] {
  const out: CallView[] = [];
  for (const q of queues) {
    const f = q.platformFigures;
    for (const w of f?.waitingCalls ?? []) {
      const from = w.callerName && w.callerNumber ? `${w.callerName} <${w.callerNumber}>` : (w.callerNumber ?? w.callerName ?? "");
      out.push({ id: `${q.queue}#${w.position}`, pbx: f!.source, from, to: q.queue, queue: q.queue, agentExtension: null, state: "waiting", enteredAt: w.waitingSince ?? q.computedAt, answeredAt: null, endedAt: null, endKnown: true, outcome: null, waitSec: null, talkSec: null });
    }
  }
  return out.sort((a, b) => a.enteredAt - b.enteredAt);
}
