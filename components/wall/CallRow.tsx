/**
 * One call in the calls panel: state in words, its timer (wait, or duration since answer)
 * ticking on the server clock, caller → called, queue and agent extension. A waiting call
 * past its queue's service-level threshold says so in words.
 */
import type { CallView } from "@/lib/calls/types";
import { callTimerStart } from "@/lib/wall/calls";
import { secondsSince } from "@/lib/wall/clock";
import { formatDuration } from "@/lib/format/duration";
import { partyText } from "@/lib/wall/party";
import type { QueueStats } from "@/lib/queues/types";
import { queueTitle } from "./QueueStatsBlock";

export interface CallRowProps {
  call: CallView;
  /** The call's queue, when known: its name and service-level threshold. */
  queue: QueueStats | undefined;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** An agent's name by phone extension, when known. */
  agentName?: (extension: string) => string | null;
}

const STATE_WORD: Record<CallView["state"], string> = {
  waiting: "WAITING",
  ringing: "RINGING",
  connected: "CONNECTED",
  ended: "ENDED",
};

export function CallRow({ call, queue, serverNow, agentName }: CallRowProps) {
  // Queue calls are addressed to the queue: its name says it better than its number.
  const from = partyText(call.from, agentName);
  const to = call.queue && (call.to === call.queue || !call.to) ? (queue ? queueTitle(queue) : `Queue ${call.queue}`) : partyText(call.to, agentName);
  const agent = call.agentExtension ? (agentName?.(call.agentExtension) ?? null) : null;
  // An outbound call already names the agent's phone as the caller: no need to say it twice.
  const agentShown = call.agentExtension !== null && (from.includes(`(${call.agentExtension})`) || from === call.agentExtension);
  const seconds = serverNow === null ? null : secondsSince(callTimerStart(call), serverNow);
  const overSl = call.state === "waiting" && queue !== undefined && seconds !== null && seconds > queue.serviceLevelSec;
  const timerLabel = call.state === "connected" ? "talking" : "waiting";

  return (
    <li
      className="call-row"
      data-testid="call-row"
      data-call-id={call.id}
      data-pbx={call.pbx}
      data-state={call.state}
      data-over-sl={overSl ? "true" : undefined}
    >
      <div className="call-row-top">
        <span className="call-state">{STATE_WORD[call.state]}</span>
        {overSl && <span className="call-over-sl">over {queue?.serviceLevelSec} s</span>}
        <time className="call-time" dateTime={`PT${seconds ?? 0}S`} title={`${timerLabel} (min:s)`}>
          {seconds === null ? "–:––" : formatDuration(seconds)}
        </time>
      </div>
      <div className="call-parties" title={`${call.from} → ${call.to}`}>
        {from} <span aria-label="to">→</span> {to}
      </div>
      {((call.queue && call.to !== call.queue) || (call.agentExtension && !agentShown)) && (
        <div className="call-meta">
          {call.queue && call.to !== call.queue && <span>{queue ? queueTitle(queue) : `Queue ${call.queue}`}</span>}
          {call.agentExtension && !agentShown && <span>{agent ? `${agent} (${call.agentExtension})` : `Phone ${call.agentExtension}`}</span>}
        </div>
      )}
    </li>
  );
}
