/**
 * Pure functions that turn the PBX's call frames into call records (README "Calls and
 * queues"). Times are ms, server clock (the receive time of the frame that showed a change).
 *
 * A call is in a queue when its frame names one (`queue`/`acd`) or when it is addressed to a
 * configured queue id. A queue call counts as answered only once it is connected to an agent
 * phone (`agent`, or a `to` other than the queue): a PBX "connects" a caller to its ACD while
 * the caller waits, which is not an answer.
 *
 * The agent phone of a call (`agentExtension`) is the frame's `agent` when it names one, else
 * the side of the call that is an extension (see {@link isExtension}): for a queue call the
 * `to` once it is not the queue; for a call placed from an agent's phone (an outbound dial)
 * the `from`; for a direct call to an extension the `to`. Never a public number: the dialled
 * customer of an outbound call is not an agent's phone.
 */
import { extensionOf, type CallFrame } from "../sources/vodia/frames";
import type { CallOutcome, CallView } from "./types";

const seconds = (ms: number) => Math.round(ms) / 1000;

/**
 * The call after one frame; `prev` is what we knew (undefined for a new call). Returns the
 * same object when nothing a viewer can see changed.
 */
export function applyCallFrame(prev: CallView | undefined, f: CallFrame, pbx: string, now: number, queueIds: ReadonlySet<string>): CallView {
  const toExt = extensionOf(f.to);
  const queue = f.queue ?? prev?.queue ?? (toExt && queueIds.has(toExt) ? toExt : null);
  const base: CallView = prev ?? {
    id: f.id,
    pbx,
    from: f.from,
    to: f.to,
    queue,
    agentExtension: null,
    state: queue ? "waiting" : "ringing",
    enteredAt: now,
    answeredAt: null,
    endedAt: null,
    endKnown: true,
    outcome: null,
    waitSec: null,
    talkSec: null,
  };
  if (base.state === "ended") return base;
  const agent = f.agent ?? agentPhoneOf(extensionOf(f.from), toExt, queue);
  let next: CallView = { ...base, from: f.from || base.from, to: f.to || base.to, queue };

  switch (f.phase) {
    case "waiting":
      if (next.answeredAt === null) next = { ...next, state: queue ? "waiting" : "ringing" };
      break;
    case "ringing":
      // A queue call offered to an agent phone rings; without one it is still just waiting.
      if (next.answeredAt === null) next = { ...next, state: queue && !agent ? "waiting" : "ringing", agentExtension: agent ?? next.agentExtension };
      break;
    case "connected":
    case "held":
      if (queue && !agent && next.answeredAt === null) {
        next = { ...next, state: "waiting" };
      } else {
        const answeredAt = next.answeredAt ?? now;
        next = { ...next, state: "connected", answeredAt, agentExtension: agent ?? next.agentExtension, waitSec: seconds(answeredAt - next.enteredAt) };
      }
      break;
    case "ended":
      next = end(next, now, next.answeredAt !== null ? "answered" : queue ? "abandoned" : "unknown");
      break;
    case "transferred":
      next = end(next, now, next.answeredAt !== null ? "answered" : "transferred");
      break;
    case "unknown":
      break;
  }
  return sameCall(base, next) && prev ? prev : next;
}

/**
 * Whether a party (its SIP user part, see extensionOf) is a PBX extension rather than a public
 * number: 1–6 characters of digits, letters and `* # . _ -`, not starting with "+". Public
 * numbers are E.164 ("+1512…") or national numbers of 7 digits and more.
 */
export function isExtension(party: string | null): party is string {
  return party !== null && !party.startsWith("+") && /^[0-9A-Za-z*#._-]{1,6}$/.test(party);
}

/** The agent phone of a call whose frame names none; null when neither side is an extension. */
function agentPhoneOf(fromExt: string | null, toExt: string | null, queue: string | null): string | null {
  if (queue) return toExt !== queue && isExtension(toExt) ? toExt : null;
  if (isExtension(fromExt)) return fromExt;
  return isExtension(toExt) ? toExt : null;
}

/** Ends a call at `now` (ms) with `outcome`. */
export function end(call: CallView, now: number, outcome: CallOutcome): CallView {
  return {
    ...call,
    state: "ended",
    endedAt: now,
    endKnown: true,
    outcome,
    waitSec: call.answeredAt !== null ? seconds(call.answeredAt - call.enteredAt) : seconds(now - call.enteredAt),
    talkSec: call.answeredAt !== null ? seconds(now - call.answeredAt) : null,
  };
}

/**
 * Ends a call that disappeared while the PBX link was down: when it ended is unknown, so no
 * end time is invented. An answered call stays answered (talk time unknown); a call that was
 * still waiting may have been answered or abandoned: unknown.
 */
export function endUnseen(call: CallView): CallView {
  return {
    ...call,
    state: "ended",
    endedAt: null,
    endKnown: false,
    outcome: call.answeredAt !== null ? "answered" : "unknown",
    waitSec: call.answeredAt !== null ? seconds(call.answeredAt - call.enteredAt) : null,
    talkSec: null,
  };
}

function sameCall(a: CallView, b: CallView): boolean {
  return (
    a.state === b.state &&
    a.from === b.from &&
    a.to === b.to &&
    a.queue === b.queue &&
    a.agentExtension === b.agentExtension &&
    a.answeredAt === b.answeredAt &&
    a.endedAt === b.endedAt &&
    a.outcome === b.outcome
  );
}
