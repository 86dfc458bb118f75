"use client";
/**
 * TV mode: full screen, no navigation, type that scales with the screen, dark or light,
 * rotating through the chosen views (campaign walls, the queue strip, a leaderboard) every
 * `everySec` seconds. The clock, the data's freshness and the alerts are always visible;
 * one Socket.IO connection carries every view's topics, so switching views never reloads.
 */
import { useEffect, useMemo, useState } from "react";
import { sortAlerts } from "@/lib/wall/alerts";
import { formatClockTime } from "@/lib/wall/pbx";
import { freshnessText, topicsFor, viewId, viewTitle, type TvScope, type TvTheme, type TvView } from "@/lib/wall/tv";
import { EMPTY_TOPIC, mergedAgents, mergedAlerts, mergedDialer, mergedQueues } from "@/lib/wall/wall-state";
import { AlertMuteButton, AlertsList } from "@/components/wall/AlertsList";
import { ConnectionBanner } from "@/components/wall/ConnectionBanner";
import { PbxBanner } from "@/components/wall/PbxBanner";
import { QueueStrip } from "@/components/wall/QueueStrip";
import { useAlertSound } from "@/components/wall/useAlertSound";
import { useServerNow } from "@/components/wall/useServerNow";
import { useWallFeeds } from "@/components/wall/useWallFeed";
import { WallView } from "@/components/wall/WallView";
import { WallCounters } from "@/components/wall/WallCounters";
import { countAgents } from "@/lib/agents/view";
import { Leaderboard } from "./Leaderboard";
import "@/components/wall/wall-panels.css";
import "./tv.css";

export interface TvAppProps {
  views: TvView[];
  everySec: number;
  theme: TvTheme;
  scope: TvScope;
  /** Views asked for but refused, shown once in the header. */
  refused: string[];
}

/** Data older than this (s) is flagged on the freshness line. */
const STALE_DATA_SEC = 60;

export function TvApp({ views, everySec, theme, scope, refused }: TvAppProps) {
  const topics = useMemo(() => topicsFor(views, scope), [views, scope]);
  const feeds = useWallFeeds(topics);
  const serverNow = useServerNow(feeds.offsetMs);
  const browserNow = serverNow === null ? null : serverNow - feeds.offsetMs;
  const [index, setIndex] = useState(0);

  useEffect(() => {
    if (everySec <= 0 || views.length < 2) return;
    const t = setTimeout(() => setIndex((i) => (i + 1) % views.length), everySec * 1000);
    return () => clearTimeout(t);
  }, [index, everySec, views.length]);

  const view = views[index % views.length]!;
  const alerts = useMemo(() => [...mergedAlerts(feeds.state, topics).values()], [feeds.state, topics]);
  const sortedAlerts = useMemo(() => sortAlerts(alerts), [alerts]);
  const sound = useAlertSound(alerts, browserNow);
  const scopeTopics = useMemo(() => (scope.all ? ["campaign:*"] : scope.campaigns.map((c) => `campaign:${c}`)), [scope]);
  const fresh = freshnessText(feeds.state.lastServerTime, serverNow);
  const ageSec = feeds.state.lastServerTime === null || serverNow === null ? null : (serverNow - feeds.state.lastServerTime) / 1000;

  let body: React.ReactNode;
  let counts: ReturnType<typeof countAgents> | null = null;
  if (view.kind === "campaign") {
    const topic = `campaign:${view.campaign}`;
    const t = feeds.state.topics.get(topic) ?? EMPTY_TOPIC;
    // The header totals are the first numbers a supervisor reads: on every campaign view.
    counts = countAgents(t.agents.values());
    body = (
      <WallView
        key={topic}
        agents={t.agents}
        calls={t.calls}
        queues={t.queues}
        alerts={[...t.alerts.values()]}
        pbx={feeds.state.pbx}
        dialer={t.dialer}
        serverNow={serverNow}
        synced={t.synced}
        mode="tv"
        listAlerts={false}
      />
    );
  } else if (view.kind === "queues") {
    const queues = mergedQueues(feeds.state, scopeTopics);
    const dialer = mergedDialer(feeds.state, scopeTopics);
    const targets = new Map(alerts.filter((a) => a.queue).map((a) => [a.queue!, a.severity]));
    const inGroupTargets = new Map(alerts.filter((a) => a.inGroup).map((a) => [a.inGroup!, a.severity]));
    body =
      queues.size === 0 && dialer.inGroups.length === 0 ? (
        <p className="wall-empty">No queue on these campaigns.</p>
      ) : (
        <div className="tv-queues">
          <QueueStrip queues={queues} serverNow={serverNow} alertQueues={targets} mode="tv" dialer={dialer} alertInGroups={inGroupTargets} />
        </div>
      );
  } else {
    body = <Leaderboard campaigns={scope.all ? null : scope.campaigns} agents={mergedAgents(feeds.state, scopeTopics)} />;
  }

  return (
    <div className="tv wall" data-testid="tv" data-theme={theme} data-connection={feeds.connection.status}>
      <header className="tv-header">
        <h1 className="tv-title" data-testid="tv-title">
          {viewTitle(view)}
        </h1>
        {views.length > 1 && (
          <ol className="tv-dots" aria-label={`View ${index + 1} of ${views.length}`}>
            {views.map((v, i) => (
              <li key={viewId(v)} aria-current={i === index ? "true" : undefined} title={viewTitle(v)}>
                {viewTitle(v)}
              </li>
            ))}
          </ol>
        )}
        {counts && <WallCounters counts={counts} />}
        {refused.length > 0 && <span className="tv-refused">Not shown (out of scope): {refused.join(", ")}</span>}
        <div className="tv-status">
          <AlertMuteButton sound={sound} active={alerts.length} />
          <span className="tv-freshness" data-testid="tv-freshness" data-stale={ageSec !== null && ageSec > STALE_DATA_SEC ? "true" : undefined}>
            <span className="connection-dot" data-status={feeds.connection.status} aria-hidden />
            {feeds.connection.status === "live" ? "Live" : feeds.connection.status === "reconnecting" ? "Reconnecting" : "Connecting"} · {fresh}
          </span>
          <time className="tv-clock" data-testid="tv-clock" suppressHydrationWarning>
            {serverNow === null ? "--:--:--" : formatClockTime(serverNow)}
          </time>
        </div>
      </header>
      <ConnectionBanner connection={feeds.connection} browserNow={browserNow} problem={feeds.problem} />
      <PbxBanner pbx={feeds.state.pbx} serverNow={serverNow} />
      <AlertsList alerts={sortedAlerts} serverNow={serverNow} queues={mergedQueues(feeds.state, topics)} dialer={mergedDialer(feeds.state, topics)} />
      <div className="tv-view" data-testid="tv-view" data-view={viewId(view)} key={viewId(view)}>
        {body}
      </div>
    </div>
  );
}
