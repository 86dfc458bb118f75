/**
 * A sink that records every neutral event a link emits, with helpers to wait for one.
 */
import type { AgentIdentityEvent, AgentStateEvent, CallEvent, NeutralEvent, NeutralEventSink } from "../../lib/sources/neutral-events";

export class RecordingSink implements NeutralEventSink {
  readonly events: NeutralEvent[] = [];
  rawFrames = 0;
  private waiters: (() => void)[] = [];

  onEvents(events: NeutralEvent[]): void {
    this.events.push(...events);
    for (const w of this.waiters.splice(0)) w();
  }

  onRawFrame(): void {
    this.rawFrames++;
  }

  /** Resolves with the first event (from index `from`) matching `pred`; rejects after `timeoutMs`. */
  waitFor<T extends NeutralEvent>(pred: (e: NeutralEvent) => e is T, timeoutMs?: number, from?: number): Promise<T>;
  waitFor(pred: (e: NeutralEvent) => boolean, timeoutMs?: number, from?: number): Promise<NeutralEvent>;
  waitFor(pred: (e: NeutralEvent) => boolean, timeoutMs = 5000, from = 0): Promise<NeutralEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`no matching event within ${timeoutMs} ms; last events: ${JSON.stringify(this.events.slice(-5).map(brief))}`));
      }, timeoutMs);
      const check = () => {
        const hit = this.events.slice(from).find(pred);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Index to pass as `from` to wait only for events after now. */
  mark(): number {
    return this.events.length;
  }

  states(agentId?: string): AgentStateEvent[] {
    return this.events.filter((e): e is AgentStateEvent => e.type === "agent-state" && (agentId === undefined || e.agentId === agentId));
  }

  /** The latest state of each agent. */
  lastState(agentId: string): AgentStateEvent | undefined {
    return this.states(agentId).at(-1);
  }

  lastIdentity(agentId: string): AgentIdentityEvent | undefined {
    return this.events.filter((e): e is AgentIdentityEvent => e.type === "agent-identity" && e.agentId === agentId).at(-1);
  }

  calls(id?: string): CallEvent[] {
    return this.events.filter((e): e is CallEvent => e.type === "call" && (id === undefined || e.call.id === id));
  }
}

export const isState =
  (agentId: string, state: AgentStateEvent["state"]) =>
  (e: NeutralEvent): e is AgentStateEvent =>
    e.type === "agent-state" && e.agentId === agentId && e.state === state;

export const isCall =
  (id: string, pred: (c: CallEvent["call"]) => boolean = () => true) =>
  (e: NeutralEvent): e is CallEvent =>
    e.type === "call" && e.call.id === id && pred(e.call);

/** A link's resync: the full picture after a (re)connect. */
export const isResync = (e: NeutralEvent) => e.type === "resync";

function brief(e: NeutralEvent): unknown {
  switch (e.type) {
    case "agent-state":
      return [e.type, e.agentId, e.state];
    case "call":
      return [e.type, e.call.id, e.call.state];
    case "link-status":
      return [e.type, e.status.state, e.status.lastError];
    default:
      return [e.type];
  }
}
