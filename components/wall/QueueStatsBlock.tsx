/**
 * One queue on the strip. Every statistic is written with its unit and its formula (tooltip,
 * plus a caption on desk-size screens); the calls-waiting level is also written in words.
 */
import { formatDuration } from "@/lib/board/duration";
import { waitingRamp } from "@/lib/board/queue-ramp";
import { longestWaitSeconds, queueMetrics } from "@/lib/board/queues";
import type { QueueStats, StatsWindowName } from "@/lib/queues/types";

export interface QueueStatsBlockProps {
  stats: QueueStats;
  window: StatsWindowName;
  /** ms, server clock; null before the browser clock is known. */
  serverNow: number | null;
  /** The strongest active alert about this queue. */
  alert?: "warning" | "critical";
}

const WAITING_FORMULA = "Calls waiting = calls in the queue now, not yet answered";
const LONGEST_FORMULA = "Longest wait = age of the oldest call waiting now (server clock)";

export function QueueStatsBlock({ stats, window, serverNow, alert }: QueueStatsBlockProps) {
  const ramp = waitingRamp(stats.waiting);
  const longest = longestWaitSeconds(stats, serverNow);
  const a = stats.agents;

  return (
    <article className="queue-stats" data-testid="queue-stats" data-queue={stats.queue} data-level={ramp.level} data-alert={alert}>
      <header className="queue-name truncate" title={`${stats.name} (queue ${stats.queue})`}>
        {stats.name}
        {stats.name !== stats.queue && <span className="queue-id"> {stats.queue}</span>}
        {alert && (
          <span className="queue-alert-badge" data-testid="queue-alert">
            <span aria-hidden>⚠ </span>
            {alert === "critical" ? "CRITICAL" : "ALERT"}
          </span>
        )}
      </header>

      <div className="queue-now">
        <div className="queue-waiting-cell" data-level={ramp.level} title={WAITING_FORMULA}>
          <span className="queue-big" data-testid="queue-waiting" data-level={ramp.level} data-count={stats.waiting}>
            {stats.waiting}
          </span>
          <span className="queue-now-label">
            {stats.waiting === 1 ? "call" : "calls"} waiting
            {ramp.level > 0 && (
              <span className="queue-ramp-label" data-testid="queue-waiting-level" title={`Calls-waiting level ${ramp.level} of 4`}>
                <span aria-hidden>{"▮".repeat(ramp.level)}</span> {ramp.label}
              </span>
            )}
          </span>
        </div>
        <div className="queue-longest-cell" title={LONGEST_FORMULA}>
          <time className="queue-big" data-testid="queue-longest-wait" dateTime={`PT${longest}S`}>
            {formatDuration(longest)}
          </time>
          <span className="queue-now-label">longest wait <span className="queue-unit">min:s</span></span>
        </div>
      </div>

      <div className="queue-metrics">
        {queueMetrics(stats, window).map((m) => (
          <div key={m.key} className="queue-metric" data-metric={m.key} title={m.formula}>
            <div data-testid={m.testId}>
              <span className="queue-metric-label">{m.label}:</span> <span className="queue-metric-value">{m.value}</span>
            </div>
            <small className="queue-formula">{m.formula}</small>
          </div>
        ))}
      </div>

      <p className="queue-agents" title="Agents of the campaigns taking this queue's calls, from the live board">
        Agents: {a.ready} ready · {a.inCall} in call · {a.paused} paused · {a.wrapUp} wrap-up · {a.loggedIn} logged in
      </p>
    </article>
  );
}
