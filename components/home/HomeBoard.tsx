"use client";
/**
 * The home page's walls, live: per campaign the agents' counters and its queues' calls
 * waiting and today's service level, from the same realtime feed as the walls (no reload,
 * no polling), with a link to the wall and to its TV mode. On a phone each campaign is a
 * card rather than a table row, so nothing runs off the screen.
 */
import Link from "next/link";
import { useMemo } from "react";
import type { AgentCounts } from "@/lib/agents/view";
import { homeRows, tvUrl } from "@/lib/wall/home";
import { formatPercent } from "@/lib/wall/queues";
import { mergedAgents } from "@/lib/wall/wall-state";
import { useWallFeeds } from "@/components/wall/useWallFeed";

const COLUMNS: readonly { key: keyof AgentCounts; label: string }[] = [
  { key: "loggedIn", label: "Logged in" },
  { key: "ready", label: "Ready" },
  { key: "inCall", label: "In call" },
  { key: "paused", label: "Paused" },
  { key: "dispo", label: "Dispo" },
  { key: "dead", label: "Dead" },
  { key: "stale", label: "Stale" },
];

export interface HomeBoardProps {
  /** The campaigns the viewer may see, at page load. */
  campaigns: string[];
  /** Managers and admins: also follow every campaign, so new ones appear. */
  all: boolean;
}

export function HomeBoard({ campaigns, all }: HomeBoardProps) {
  const topics = useMemo(() => [...(all ? ["campaign:*"] : []), ...campaigns.map((c) => `campaign:${c}`)], [campaigns, all]);
  const feeds = useWallFeeds(topics);
  const rows = useMemo(
    () => homeRows(campaigns, mergedAgents(feeds.state, topics).values(), (c) => feeds.state.topics.get(`campaign:${c}`)?.queues.values() ?? []),
    [campaigns, feeds.state, topics],
  );
  const synced = topics.every((t) => feeds.state.topics.get(t)?.synced);
  const status = feeds.connection.status;

  return (
    <>
      <p className="home-live" data-testid="home-live" data-status={status} data-synced={synced ? "true" : "false"}>
        <span className="connection-dot" aria-hidden /> {status === "live" ? (synced ? "Live" : "Loading…") : status === "reconnecting" ? "Reconnecting…" : "Connecting…"}
      </p>
      <table className="home-table" data-testid="campaign-list">
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
            <th scope="col" title="Calls in the campaign's queues now, not answered and not ringing an agent">
              Calls waiting
            </th>
            <th scope="col" title="Today's service level of the campaign's queues: answered within the threshold ÷ offered">
              SL today
            </th>
            <th scope="col">
              <span className="sr-only">Walls</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.campaign} data-testid="campaign-row" data-campaign={r.campaign}>
              <th scope="row">
                <Link href={`/wall/${encodeURIComponent(r.campaign)}`}>{r.campaign}</Link>
              </th>
              {COLUMNS.map((c) => (
                <td key={c.key} data-label={c.label} data-testid={`home-${c.key}`}>
                  {r.counts[c.key]}
                </td>
              ))}
              <td data-label="Calls waiting" data-testid="home-waiting" data-count={r.waiting ?? undefined}>
                {r.waiting === null ? "—" : r.waiting}
              </td>
              <td data-label="SL today" data-testid="home-sl">
                {formatPercent(r.serviceLevel)}
              </td>
              <td className="home-links">
                <Link href={`/wall/${encodeURIComponent(r.campaign)}`} className="home-link">
                  Wall
                </Link>
                <Link href={tvUrl(r.campaign)} className="home-link" data-testid="tv-link" title={`${r.campaign} in TV mode (full screen, no controls)`}>
                  TV
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
