"use client";
/**
 * A live wall for one realtime topic. Everything shown comes from the server's feed; the
 * browser adds only the ticking of timers (from server timestamps) and the header counts.
 */
import { countAgents } from "@/lib/agents/view";
import { AgentGrid } from "./AgentGrid";
import { ConnectionBanner } from "./ConnectionBanner";
import { useServerNow } from "./useServerNow";
import { useWallFeed } from "./useWallFeed";
import { WallHeader } from "./WallHeader";

export interface WallProps {
  /** Realtime topic: `campaign:<id>` for one campaign, `campaign:*` for all. */
  topic: string;
  /** Shown in the header, e.g. the campaign id. */
  title: string;
}

export function Wall({ topic, title }: WallProps) {
  const feed = useWallFeed(topic);
  const serverNow = useServerNow(feed.offsetMs);
  const browserNow = serverNow === null ? null : serverNow - feed.offsetMs;
  const agents = [...feed.agents.values()];

  return (
    <div className="wall" data-topic={topic} data-connection={feed.connection.status}>
      <WallHeader title={title} counts={countAgents(agents)} serverNow={serverNow} connection={feed.connection} />
      <ConnectionBanner connection={feed.connection} browserNow={browserNow} problem={feed.problem} />
      <main className="wall-body">
        <AgentGrid agents={agents} serverNow={serverNow} synced={feed.synced} />
      </main>
    </div>
  );
}
