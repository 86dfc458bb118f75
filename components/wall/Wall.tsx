"use client";
/**
 * A live wall for one realtime topic on a desk screen. Everything shown comes from the
 * server's feed; the browser adds only the ticking of timers (from server timestamps, one
 * 1 s ticker for the whole wall), the header counts and the alert sound.
 */
import { useMemo } from "react";
import { countAgents } from "@/lib/agents/view";
import { ConnectionBanner } from "./ConnectionBanner";
import { AlertMuteButton } from "./AlertsList";
import { useAlertSound } from "./useAlertSound";
import { useServerNow } from "./useServerNow";
import { useWallFeed } from "./useWallFeed";
import { WallHeader } from "./WallHeader";
import { WallView } from "./WallView";
import { RampThresholdsProvider, type CampaignRampThresholds } from "./ramp-thresholds";
import { FigureColoursProvider } from "./figure-colours";
import type { FigureColours } from "@/lib/queues/figure-colours";
import { UnknownCampaign, type UnknownCampaignInfo } from "./UnknownCampaign";
import "./wall-panels.css";

export interface WallProps {
  /** Realtime topic: `campaign:<id>` for one campaign, `campaign:*` for all. */
  topic: string;
  /** Shown in the header, e.g. the campaign id. */
  title: string;
  /** Campaigns' own time-in-state colour thresholds. */
  rampThresholds?: CampaignRampThresholds;
  /** Green/amber/red thresholds of the queue figures. */
  figureColours?: FigureColours;
  /** Set when the wall's campaign is unknown: said on the empty wall, with those that exist. */
  unknown?: UnknownCampaignInfo;
}

export function Wall({ topic, title, rampThresholds, figureColours, unknown }: WallProps) {
  const feed = useWallFeed(topic);
  const serverNow = useServerNow(feed.offsetMs);
  const browserNow = serverNow === null ? null : serverNow - feed.offsetMs;
  const counts = useMemo(() => countAgents(feed.agents.values()), [feed.agents]);
  const alerts = useMemo(() => [...feed.alerts.values()], [feed.alerts]);
  const sound = useAlertSound(alerts, browserNow);

  return (
    <RampThresholdsProvider value={rampThresholds}>
      <FigureColoursProvider value={figureColours}>
      <div className="wall" data-topic={topic} data-connection={feed.connection.status} data-mode="desk">
        <WallHeader
          title={title}
          counts={counts}
          serverNow={serverNow}
          connection={feed.connection}
          extra={<AlertMuteButton sound={sound} active={alerts.length} />}
        />
        <ConnectionBanner connection={feed.connection} browserNow={browserNow} problem={feed.problem} />
        <WallView
          agents={feed.agents}
          calls={feed.calls}
          queues={feed.queues}
          alerts={alerts}
          pbx={feed.pbx}
          dialer={feed.dialer}
          serverNow={serverNow}
          synced={feed.synced}
          mode="desk"
          emptyNotice={unknown ? <UnknownCampaign campaign={title} info={unknown} /> : undefined}
        />
      </div>
      </FigureColoursProvider>
    </RampThresholdsProvider>
  );
}
