"use client";
/**
 * A live wall for one realtime topic. Everything shown comes from the server's feed; the
 * browser adds only the ticking of timers (from server timestamps) and the header counts.
 */
import { countAgents } from "@/lib/agents/view";
import { AgentGrid } from "./AgentGrid";
import { CallsPanel } from "./CallsPanel";
import { ConnectionBanner } from "./ConnectionBanner";
import { PbxBanner } from "./PbxBanner";
import { QueueStrip } from "./QueueStrip";
import { useServerNow } from "./useServerNow";
import { useWallFeed } from "./useWallFeed";
import { WallHeader } from "./WallHeader";
import "./wall-panels.css";

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
  // No PBX configured and nothing call-related in the topic: the tiles get the whole width.
  const showCalls = feed.pbx.links.length > 0 || feed.calls.size > 0 || feed.queues.size > 0;

  return (
    <div className="wall" data-topic={topic} data-connection={feed.connection.status}>
      <WallHeader title={title} counts={countAgents(agents)} serverNow={serverNow} connection={feed.connection} />
      <ConnectionBanner connection={feed.connection} browserNow={browserNow} problem={feed.problem} />
      <PbxBanner pbx={feed.pbx} serverNow={serverNow} />
      <QueueStrip queues={feed.queues} serverNow={serverNow} />
      <main className="wall-body" data-split={showCalls ? "true" : undefined}>
        <div className="wall-agents">
          <AgentGrid agents={agents} serverNow={serverNow} synced={feed.synced} />
        </div>
        {showCalls && <CallsPanel calls={feed.calls} queues={feed.queues} serverNow={serverNow} />}
      </main>
    </div>
  );
}
