/**
 * The calls in progress and the day's finished calls, per PBX connection, in memory; fed with
 * parsed frames, it says which calls changed. Statistics are computed from `recent()`, which
 * is loaded from Postgres at start (so they survive a restart) and kept up to date here.
 */
import type { CallFrame } from "../sources/pbx/frames";
import { applyCallFrame, end, endUnseen } from "./tracker";
import type { CallView } from "./types";

const key = (c: { pbx: string; id: string }) => `${c.pbx}\u0000${c.id}`;

export class CallBook {
  private readonly calls = new Map<string, CallView>();
  /** PBX connections whose next domain-state is the first since (re)connecting. */
  private readonly awaitingSnapshot = new Set<string>();

  constructor(private queueIds: ReadonlySet<string>) {}

  setQueueIds(ids: ReadonlySet<string>): void {
    this.queueIds = ids;
  }

  /** Loads stored calls (active and recent). */
  load(calls: readonly CallView[]): void {
    for (const c of calls) this.calls.set(key(c), c);
  }

  /** Marks that `pbx` (re)connected: calls missing from its next snapshot ended unseen. */
  linkUp(pbx: string): void {
    this.awaitingSnapshot.add(pbx);
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
   * Applies a `domain-state` snapshot: its calls are the calls in progress. Ours that it lacks
   * ended: unseen (end unknown) when this is the first snapshot since the link came up, else
   * now. Returns the calls that changed.
   */
  applySnapshot(pbx: string, frames: readonly CallFrame[], now: number): CallView[] {
    const changed = this.applyDelta(pbx, frames, now);
    const present = new Set(frames.map((f) => key({ pbx, id: f.id })));
    const unseen = this.awaitingSnapshot.delete(pbx);
    for (const [k, call] of this.calls) {
      if (call.pbx !== pbx || call.state === "ended" || present.has(k)) continue;
      const ended = unseen ? endUnseen(call) : end(call, now, call.answeredAt !== null ? "answered" : call.queue ? "abandoned" : "unknown");
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
