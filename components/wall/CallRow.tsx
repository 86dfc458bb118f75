/**
 * One call in the calls panel: state in words, its timer (wait, or duration since answer)
 * ticking on the server clock, caller → called, queue and agent extension. A waiting call
 * past its queue's service-level threshold says so in words.
 */
import type { CallView } from "@/lib/calls/types";
import { callTimerStart } from "@/lib/board/calls";
import { secondsSince } from "@/lib/board/clock";
import { formatDuration } from "@/lib/board/duration";
import type { QueueStats } from "@/lib/queues/types";

export interface CallRowProps {
  call: CallView;
  /** The call's queue, when known: its name and service-level threshold. */
  queue: QueueStats | undefined;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
}

const STATE_WORD: Record<CallView["state"], string> = {
  waiting: "WAITING",
  ringing: "RINGING",
  connected: "CONNECTED",
  ended: "ENDED",
};

export function CallRow({ call, queue, serverNow }: CallRowProps) {
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
      <div className="call-parties truncate" title={`${call.from} → ${call.to}`}>
        {call.from || "unknown"} <span aria-label="to">→</span> {call.to || "unknown"}
      </div>
      <div className="call-meta truncate">
        {call.queue && <span>Queue {queue?.name ?? call.queue}</span>}
        {call.agentExtension && <span>Ext {call.agentExtension}</span>}
      </div>
    </li>
  );
}
