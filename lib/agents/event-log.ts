/**
 * One agent's recent events kept in screen order (./order.ts), so that an event arriving late
 * (AJAX and relays reorder pushes) is slotted into place and the state re-derived, instead of
 * being applied on top of newer ones.
 *
 * Events must be added in arrival order (commit order; at a rebuild, ascending id): an event
 * without an epoch is anchored to the greatest event added before it.
 *
 * Memory is bounded: only the newest `capacity` events are kept; older ones are folded into a
 * base state. An event that sorts before everything kept (more than `capacity` events late)
 * can no longer be placed: it stays in Postgres but does not change the live state, and
 * `add` reports it as not applied.
 */
import { anchorOf, compareEvents } from "./order";
import { applyEvent, inScreenOrder, INITIAL_STATE, type AgentEventInput, type AgentState } from "./state";

/**
 * Events kept per agent ({@link AgentEventLog}'s default capacity): how late an event may
 * arrive and still be slotted into place. Pushes are reordered by a few seconds at most (the
 * agent screen's AJAX calls, a relay, another instance's commits read ~100 ms later), and an
 * agent's busiest seconds (hang-up, disposition, ready, next call) are under 10 events; 32 is
 * several times that.
 * An event later than that (replication after an outage: two instances spool the same agent's
 * pushes, and each reads the other's once the database is back) is not lost: the board
 * re-derives that agent from its stored events (AgentBook.takeLate / reload, LiveEngine).
 * It is also the board's largest memory cost: kept events are old-generation heap for as long
 * as the agent is on the board, ~300 bytes each. At 256 (before issue 14) a 1,000-agent centre
 * held ~70 MB of them by the end of a shift, all marked at every major GC; at 32, ~10 MB
 * (`npm run bench`, scenario 3, "live board heap").
 */
export const EVENT_LOG_CAPACITY = 32;

/**
 * Stored events replayed per agent when the board is rebuilt: at start (lib/server/wallboard.ts)
 * and for an agent with an event too late for its log. More than a log keeps: the older ones
 * fold into its base state, so a state that needs an event from earlier in the shift (the
 * campaign, a login) is still right.
 */
export const REPLAY_EVENTS_PER_AGENT = 256;

export class AgentEventLog {
  private base: AgentState = INITIAL_STATE;
  private truncated = false;
  private readonly events: AgentEventInput[] = [];
  /** Ids of the events kept: the same event delivered twice (rebuild, replication) is applied once. */
  private readonly ids = new Set<number>();
  private current: AgentState = INITIAL_STATE;
  /** ms, server clock: newest receive time of any event, whatever its place in the order. */
  lastSeenAt = 0;

  constructor(private readonly capacity = EVENT_LOG_CAPACITY) {}

  get state(): AgentState {
    return this.current;
  }

  /**
   * Fills this empty log from an agent's stored events, in any order (ids give their arrival
   * order, for events without an epoch): they are put in screen order first, so an event
   * committed late (a spool replayed after an outage) takes its place however far back it
   * belongs; the newest `capacity` are kept, the rest folded into the base state. What a
   * rebuild (at start, or of one agent) uses instead of {@link add}. Throws on a used log.
   */
  load(events: readonly AgentEventInput[]): void {
    if (this.events.length > 0 || this.truncated) throw new Error("AgentEventLog.load needs an empty log");
    const ordered = inScreenOrder(events);
    const cut = Math.max(0, ordered.length - this.capacity);
    for (let i = 0; i < cut; i++) this.base = applyEvent(this.base, ordered[i]!);
    this.truncated = cut > 0;
    for (let i = cut; i < ordered.length; i++) {
      this.events.push(ordered[i]!);
      this.ids.add(ordered[i]!.id);
    }
    for (const e of events) this.lastSeenAt = Math.max(this.lastSeenAt, e.receivedAt);
    this.current = this.refold();
  }

  /** True when the event with this id is kept. */
  has(id: number): boolean {
    return this.ids.has(id);
  }

  /** The events kept, in screen order (read-only view). */
  kept(): readonly AgentEventInput[] {
    return this.events;
  }

  /**
   * Adds one event. An event whose id is already kept replaces it (a second delivery, or a
   * better copy). Returns false when it was too late to place (see the module note).
   */
  add(event: AgentEventInput): boolean {
    if (this.ids.has(event.id)) return this.replace(event);
    const n = this.events.length;
    const e = event.epoch === null ? { ...event, anchor: anchorOf(this.events[n - 1]) } : event;
    if (n > 0 && compareEvents(e, this.events[n - 1]!) < 0) {
      if (this.truncated && compareEvents(e, this.events[0]!) < 0) return false;
      this.events.splice(this.insertionPoint(e), 0, e);
      this.current = this.refold();
    } else {
      this.events.push(e);
      this.current = applyEvent(this.current, e);
    }
    this.ids.add(e.id);
    this.lastSeenAt = Math.max(this.lastSeenAt, e.receivedAt);
    if (this.events.length > this.capacity) {
      const oldest = this.events.shift()!;
      this.ids.delete(oldest.id);
      this.base = applyEvent(this.base, oldest);
      this.truncated = true;
    }
    return true;
  }

  /**
   * Replaces a kept event by a better copy of it (same id: a duplicate filled in a campaign,
   * a lead or the exact text, issue 10 items 3–4) and re-derives the state. Returns false when
   * the event is no longer kept.
   */
  replace(event: AgentEventInput): boolean {
    if (!this.ids.has(event.id)) return false;
    const i = this.events.findIndex((e) => e.id === event.id);
    const kept = this.events[i]!;
    // A second delivery of the same copy changes nothing (only these fields can improve).
    if (kept.message === event.message && kept.campaign === event.campaign && kept.leadId === event.leadId) return true;
    // The place is the stored one (same ordering fields); only the content changes.
    this.events[i] = { ...event, anchor: this.events[i]!.anchor };
    this.current = this.refold();
    return true;
  }

  private refold(): AgentState {
    return this.events.reduce(applyEvent, this.base);
  }

  private insertionPoint(e: AgentEventInput): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEvents(this.events[mid]!, e) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
