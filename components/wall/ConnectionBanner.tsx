/**
 * Says loudly that the wall is not live. While disconnected the tiles keep the last states
 * received and the timers keep ticking from the server's timestamps, so the supervisor must
 * be told those states may be out of date.
 */
import { formatDuration } from "@/lib/format/duration";
import type { Connection } from "./useWallFeed";

export interface ConnectionBannerProps {
  connection: Connection;
  /** ms, browser clock (the disconnect time is a browser time); null before mount. */
  browserNow: number | null;
  /** A refused subscription or server error; shown even while connected. */
  problem: string | null;
}

const clockTime = (ms: number) => new Date(ms).toLocaleTimeString([], { hour12: false });

export function ConnectionBanner({ connection, browserNow, problem }: ConnectionBannerProps) {
  if (connection.status === "live" && !problem) return null;

  let text: string;
  if (connection.status === "reconnecting") {
    const lost = browserNow === null ? "" : ` (${formatDuration((browserNow - connection.since) / 1000)})`;
    text = `Reconnecting… since ${clockTime(connection.since)}${lost}. Showing the last states received.`;
  } else if (connection.status === "connecting") {
    text = connection.lastError
      ? `Connecting… (failing since ${clockTime(connection.since ?? Date.now())}: ${connection.lastError})`
      : "Connecting…";
  } else {
    text = problem ?? "";
  }

  return (
    <div
      className="connection-banner"
      data-testid="connection-banner"
      data-status={connection.status}
      role="status"
      aria-live="assertive"
    >
      {text}
      {connection.status !== "live" && problem && <span className="block text-[0.8em] opacity-90">{problem}</span>}
    </div>
  );
}
