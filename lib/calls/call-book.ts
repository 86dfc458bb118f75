/**
 * The calls in progress and the day's finished calls, per PBX connection, in memory; fed with
 * parsed frames, it says which calls changed. Statistics are computed from `recent()`, which
 * is loaded from Postgres at start (so they survive a restart) and kept up to date here.
 */
import type { CallFrame } from "../sources/vodia/frames";
import { applyCallFrame, endUnseen } from "./tracker";
import type { CallView } from "./types";

const key = (c: { pbx: string; id: string }) => `${c.pbx}\u0000${c.id}`;

export class CallBook {
  private readonly calls = new Map<string, CallView>();

  constructor(private queueIds: ReadonlySet<string>) {}

  setQueueIds(ids: ReadonlySet<string>): void {
    this.queueIds = ids;
  }

  /** Loads stored calls (active and recent). */
  load(calls: readonly CallView[]): void {
    for (const c of calls) this.calls.set(key(c), c);
  }

  /**
   * Takes calls as another instance's PBX link wrote them (lib/replication): each replaces
   * what we had under its id. Returns them (all changed).
   */
  applyRemote(calls: readonly CallView[]): CallView[] {
    for (const c of calls) this.calls.set(key(c), c);
    return [...calls];
  }

  /** Applies a `call-state` delta; returns the calls that changed. */
  applyDelta(pbx: string, frames: readonly CallFrame[], now: number): CallView[] {
    const changed: CallView[] = [];
    for (const f of frames) {
      const k = key({ pbx, id: f.id });
      const prev = this.calls.get(k);
      const next = applyCallFrame(prev, f, pbx, now, this.queueIds);
      if (next !== prev) {
        this.calls.set(k, next);
        changed.push(next);
      }
    }
    return changed;
  }

  /**
   * Applies a `domain-state` snapshot (the first after a (re)connect, or the answer to a
   * periodic `domain-calls` resync): its calls are the calls in progress. Ours that it lacks
   * ended without a final frame we saw, so when is unknown: they end unseen (`endKnown:
   * false`, no end time, outcome `answered` if we saw the answer, else `unknown`), never at an
   * invented time. Returns the calls that changed.
   */
  applySnapshot(pbx: string, frames: readonly CallFrame[], now: number): CallView[] {
    const changed = this.applyDelta(pbx, frames, now);
    const present = new Set(frames.map((f) => key({ pbx, id: f.id })));
    for (const [k, call] of this.calls) {
      if (call.pbx !== pbx || call.state === "ended" || present.has(k)) continue;
      const ended = endUnseen(call);
      this.calls.set(k, ended);
      changed.push(ended);
    }
    return changed;
  }

  /** Calls not ended, oldest first. */
  active(): CallView[] {
    return [...this.calls.values()].filter((c) => c.state !== "ended").sort((a, b) => a.enteredAt - b.enteredAt);
  }

  /** Every call known (active and ended), for statistics. */
  recent(): CallView[] {
    return [...this.calls.values()];
  }

  /** Forgets ended calls that entered before `cutoff` (ms). */
  prune(cutoff: number): void {
    for (const [k, c] of this.calls) if (c.state === "ended" && c.enteredAt < cutoff) this.calls.delete(k);
  }
}
