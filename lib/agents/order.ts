/**
 * The order of one agent's events: the agent screen's own order, not arrival order.
 *
 * What VICIdial gives us (agc/vicidial.php 2.14, `agent_events()` and its callers):
 * - `counter` is the screen's `aec`: 0 when the screen loads, +1 per event. AJAX delivers
 *   pushes out of order, so within one screen session the counter is the order.
 * - `epoch` is the screen's `UnixTime`, refreshed from the VICIdial web server every second
 *   (server clock, whole seconds). A reloaded screen restarts its counter at 0, so the epoch
 *   tells an old session's events from a new one's — except within the same second.
 * - `agent_log_id` is the `vicidial_agent_log` row of the login (AUTO_INCREMENT: a new login
 *   always gets a larger one). It also moves forward within a session (a pause code or a manual
 *   dial's disposition opens a new row), so within one second it separates a reloaded screen's
 *   events from the old screen's (issue 10 item 6) without contradicting the counter.
 *
 * Key, compared left to right: (epoch second, session, counter, anchored, receivedAt, id):
 * - session: a numeric agent_log_id as a number; missing ones sort first, non-numeric ones
 *   (other senders) after numeric ones, as text. A lexicographic tuple keeps the order total.
 * - An event without an epoch (a `?` in a relayed message drops every field after it,
 *   issue 10 item 2) cannot be placed by its own fields. It is *anchored*: it takes the key of
 *   the greatest event of the agent received before it and sorts right after that one, so it
 *   neither goes back before what it followed nor jumps ahead of events sent after it. Without
 *   any earlier event it falls back to its receive second.
 */

/** Where an event without its own epoch sorts: right after this key (see the module note). */
export interface OrderAnchor {
  epoch: number;
  agentLogId: string | null;
  counter: number | null;
}

/** The fields of an event that decide its place. Times are ms, server clock. */
export interface Orderable {
  id: number;
  receivedAt: number;
  epoch: number | null;
  counter: number | null;
  agentLogId?: string | null;
  /** Set for events without an epoch by {@link anchorOf} / {@link withArrivalAnchors}. */
  anchor?: OrderAnchor | null;
}

const NUMERIC = /^\d{1,15}$/;

/** Rank and value of an agent_log_id: missing < numeric (by value) < other text (by text). */
function sessionRank(agentLogId: string | null | undefined): [number, number | string] {
  if (agentLogId === null || agentLogId === undefined || agentLogId === "") return [0, 0];
  if (NUMERIC.test(agentLogId)) return [1, Number(agentLogId)];
  return [2, agentLogId];
}

function keyOf(e: Orderable): [number, number, number | string, number, number] {
  if (e.epoch === null && e.anchor) {
    const [rank, value] = sessionRank(e.anchor.agentLogId);
    return [e.anchor.epoch, rank, value, e.anchor.counter ?? Number.MAX_SAFE_INTEGER, 1];
  }
  const [rank, value] = sessionRank(e.agentLogId);
  return [e.epoch ?? Math.floor(e.receivedAt / 1000), rank, value, e.counter ?? Number.MAX_SAFE_INTEGER, 0];
}

/**
 * Compares two events of the same agent by their place in the agent screen's order (see the
 * module note). Total and deterministic: any arrival order of the same events (with the same
 * anchors) sorts to the same sequence.
 */
export function compareEvents(a: Orderable, b: Orderable): number {
  const ka = keyOf(a);
  const kb = keyOf(b);
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i]!;
    const y = kb[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (a.receivedAt !== b.receivedAt) return a.receivedAt - b.receivedAt;
  return a.id - b.id;
}

/** The anchor an event without an epoch takes after `greatest` (the agent's greatest event so far), or null. */
export function anchorOf(greatest: Orderable | undefined): OrderAnchor | null {
  if (!greatest) return null;
  if (greatest.epoch === null) return greatest.anchor ?? null;
  return { epoch: greatest.epoch, agentLogId: greatest.agentLogId ?? null, counter: greatest.counter };
}

/**
 * Gives every event without an epoch its anchor, from the events of the same agent that
 * arrived before it. `events` must be one agent's events in arrival order (ascending id, as
 * stored). Returns new objects for anchored events; the others are returned as they are.
 */
export function withArrivalAnchors<T extends Orderable>(events: readonly T[]): T[] {
  let greatest: T | undefined;
  return events.map((e) => {
    const placed = e.epoch === null ? { ...e, anchor: anchorOf(greatest) } : e;
    if (!greatest || compareEvents(placed, greatest) > 0) greatest = placed;
    return placed;
  });
}
