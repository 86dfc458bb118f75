/**
 * Per-minute history of the dialer and the in-group queues (issue 13): what the wall showed,
 * one row per campaign and per in-group and minute (table dialer_sample). Pure: the sampler is
 * fed every poll's state and hands back the rows of each minute once it is over.
 *
 * A minute's row holds the figures of the last poll in that minute (today's counters, drop %,
 * calls waiting now, hopper, dial level) and the most calls waiting and the longest wait seen
 * during it, so a burst between two minutes is not lost. Minutes are on the wallboard's server
 * clock (ms, start of the minute).
 */
import { waitSeconds } from "./figures";
import type { DialerSlice } from "./types";

export const MINUTE_MS = 60_000;

export interface DialerSampleRow {
  kind: "campaign" | "in-group";
  groupId: string;
  /** ms, server clock: start of the minute. */
  minute: number;
  calls: number;
  answers: number;
  drops: number;
  /** VICIdial's drops ÷ answers × 100 as stored. */
  dropPct: number | null;
  dropPctOfCalls: number | null;
  waiting: number;
  waitingMax: number;
  longestWaitSec: number;
  placed: number | null;
  ringing: number | null;
  hopper: number | null;
  dialableLeads: number | null;
  dialLevel: number | null;
}

export class DialerSampler {
  private minute: number | null = null;
  private readonly rows = new Map<string, DialerSampleRow>();

  /**
   * Takes one poll's state at `now` (ms, server clock). Returns the rows of the previous minute
   * when `now` is in a new one (empty otherwise).
   */
  observe(state: DialerSlice, now: number): DialerSampleRow[] {
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const done = this.minute !== null && minute !== this.minute ? this.flush() : [];
    this.minute = minute;
    for (const c of state.campaigns) {
      this.put({
        kind: "campaign",
        groupId: c.campaign,
        minute,
        calls: c.today.calls,
        answers: c.today.answers,
        drops: c.today.drops,
        dropPct: c.today.dropRates.vicidial,
        dropPctOfCalls: c.today.dropRates.ofCalls,
        waiting: c.calls.waiting,
        waitingMax: c.calls.waiting,
        longestWaitSec: waitSeconds(c.calls.oldestWaitingSince, now),
        placed: c.calls.placed,
        ringing: c.calls.ringing,
        hopper: c.hopper.leads,
        dialableLeads: c.dialableLeads,
        dialLevel: c.dialLevel,
      });
    }
    for (const g of state.inGroups) {
      this.put({
        kind: "in-group",
        groupId: g.inGroup,
        minute,
        calls: g.today.calls,
        answers: g.today.answers,
        drops: g.today.drops,
        dropPct: g.today.dropRates.vicidial,
        dropPctOfCalls: g.today.dropRates.ofCalls,
        waiting: g.waiting,
        waitingMax: g.waiting,
        longestWaitSec: waitSeconds(g.oldestWaitingSince, now),
        placed: null,
        ringing: null,
        hopper: null,
        dialableLeads: null,
        dialLevel: null,
      });
    }
    return done;
  }

  /** The rows of the minute in progress (e.g. at stop), and forgets them. */
  flush(): DialerSampleRow[] {
    const out = [...this.rows.values()];
    this.rows.clear();
    this.minute = null;
    return out;
  }

  private put(row: DialerSampleRow): void {
    const key = `${row.kind} ${row.groupId}`;
    const held = this.rows.get(key);
    this.rows.set(key, held ? { ...row, waitingMax: Math.max(held.waitingMax, row.waiting), longestWaitSec: Math.max(held.longestWaitSec, row.longestWaitSec) } : row);
  }
}
