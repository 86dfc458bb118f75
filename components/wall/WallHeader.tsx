/**
 * Wall title, the header counters of VICIdial's real-time report, a live clock and the
 * connection indicator.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import type { AgentCounts } from "@/lib/agents/view";
import { formatWallClock } from "@/lib/wall/clock";
import type { Connection } from "./useWallFeed";
import { WallCounters } from "./WallCounters";

export interface WallHeaderProps {
  title: string;
  counts: AgentCounts;
  /** ms, server clock; null before mount. The clock shows server time in the browser's zone. */
  serverNow: number | null;
  connection: Connection;
  /** More controls beside the clock (e.g. the alert sound toggle). */
  extra?: ReactNode;
}

const INDICATOR: Record<Connection["status"], string> = {
  live: "Live",
  connecting: "Connecting",
  reconnecting: "Reconnecting",
};

export function WallHeader({ title, counts, serverNow, connection, extra }: WallHeaderProps) {
  return (
    <header className="wall-header">
      <div className="flex min-w-0 items-center gap-[0.75em]">
        <Link href="/" className="wall-home" title="All walls">
          ◂
        </Link>
        <h1 className="wall-title truncate" data-testid="wall-title">
          {title}
        </h1>
      </div>

      <WallCounters counts={counts} />

      <div className="flex items-center gap-[0.75em]">
        {extra}
        <time className="wall-clock" data-testid="wall-clock" suppressHydrationWarning>
          {serverNow === null ? "--:--:--" : formatWallClock(serverNow)}
        </time>
        <span className="connection-indicator" data-testid="connection-indicator" data-status={connection.status}>
          <span className="connection-dot" aria-hidden />
          {INDICATOR[connection.status]}
        </span>
      </div>
    </header>
  );
}
