/**
 * Agent events for the load generators, in VICIdial's Agent Events Push wire format (the
 * form-encoded body get2post.php relays; encoding from sim/vicidial/pusher.ts).
 *
 * Each simulated agent cycles through a realistic sequence of agent-screen events (ready →
 * dial → answer → hang up → dispo → ready … pause), with its own session epoch and an
 * increasing counter, so every event is distinct (no duplicates) and in order per agent.
 *
 * End-to-end runs stamp the send time into the message: `<text> bt<ms since epoch>` where
 * ms is {@link hrNow} in the sending process; a subscriber subtracts it from its own
 * {@link hrNow} at receipt (same machine, same clock).
 */
import { encodeVicidialPush } from "../../sim/vicidial/pusher";

/** Wall-clock ms with sub-ms resolution (performance.timeOrigin + performance.now()). */
export function hrNow(): number {
  return performance.timeOrigin + performance.now();
}

const CYCLE: readonly (readonly [event: string, message: string])[] = [
  ["state_ready", "READY"],
  ["call_dialed", "DIAL"],
  ["call_answered", ""],
  ["agent_hangup", ""],
  ["dispo_screen_open", ""],
  ["dispo_set", "SALE"],
  ["state_ready", "READY"],
  ["call_answered", ""],
  ["agent_hangup", ""],
  ["dispo_set", "NI"],
  ["state_paused", "PAUSED BREAK"],
  ["agent_alert", "supervisor message"],
];

/** Prefix of the send-time marker in messages. */
export const MARKER = " bt";
const MARKER_RE = / bt(\d+(?:\.\d+)?)$/;

/** The send time (ms) stamped in a message, or null. */
export function sentAtOf(message: string | null | undefined): number | null {
  if (!message) return null;
  const m = MARKER_RE.exec(message);
  return m ? Number(m[1]) : null;
}

export interface EventSourceOptions {
  token: string;
  /** Number of distinct agents, users `<userPrefix><i>`. */
  agents: number;
  userPrefix: string;
  /** Campaign ids the agents are spread over (agent i → campaigns[i % n]). Empty: no campaign field. */
  campaigns: readonly string[];
  /** First agent index this source sends for, and the stride (to split agents over workers). */
  first?: number;
  stride?: number;
  /** Agents whose very first event is `logged_in` (default true). */
  login?: boolean;
  /** Session epoch (Unix s) of agent 0 (agent i: epoch − i % 3600); default now. */
  epoch?: number;
  /** Counter of the first event minus one (continue a session: pass a value above the last sent). */
  counterStart?: number;
  /** Position in the event cycle to start at (default 0). */
  stepStart?: number;
  /**
   * Part of each agent's session id (`agent_log_id`), 0–999; default this process's pid % 1000.
   * A phase that continues the agents' sessions from another process must pass the same value
   * as the phase that logged them in: with the default, a lower pid made every event of the
   * second phase belong to an older session, which the server ignores (lib/agents/order.ts).
   */
  session?: number;
}

interface AgentCursor {
  user: string;
  campaign: string | null;
  epoch: number;
  agentLogId: string;
  counter: number;
  step: number;
  lead: number;
}

/** Round-robin over its agents; `next()` gives the next event's form body. */
export class AgentEventSource {
  private readonly cursors: AgentCursor[] = [];
  private at = 0;

  constructor(private readonly options: EventSourceOptions) {
    const first = options.first ?? 0;
    const stride = options.stride ?? 1;
    const epoch = options.epoch ?? Math.floor(Date.now() / 1000);
    for (let i = first; i < options.agents; i += stride) {
      this.cursors.push({
        user: `${options.userPrefix}${i}`,
        campaign: options.campaigns.length ? options.campaigns[i % options.campaigns.length]! : null,
        epoch: epoch - (i % 3600),
        agentLogId: String(900_000_000 + i * 1000 + (options.session ?? process.pid % 1000)),
        counter: options.counterStart ?? 0,
        step: options.login === false ? (options.stepStart ?? 0) : -1,
        lead: 1_000_000 + i * 10_000,
      });
    }
    if (this.cursors.length === 0) throw new Error("no agents for this event source");
  }

  get agentCount(): number {
    return this.cursors.length;
  }

  /** The next event's body; `sentAt` (ms) is stamped into the message when given. */
  next(sentAt?: number): Buffer {
    const a = this.cursors[this.at]!;
    this.at = (this.at + 1) % this.cursors.length;
    let event: string;
    let message: string;
    if (a.step < 0) {
      event = "logged_in";
      message = "LOGIN";
    } else {
      [event, message] = CYCLE[a.step % CYCLE.length]!;
      if (event === "call_dialed") a.lead++;
    }
    a.step++;
    a.counter++;
    if (sentAt !== undefined) message = `${message}${MARKER}${sentAt.toFixed(3)}`;
    const fields: Record<string, string | number> = {
      token: this.options.token,
      user: a.user,
      event,
      message,
      lead_id: a.lead,
      epoch: a.epoch,
      agent_log_id: a.agentLogId,
      counter: a.counter,
    };
    if (a.campaign) fields.campaign = a.campaign;
    return Buffer.from(encodeVicidialPush(fields), "utf8");
  }
}
