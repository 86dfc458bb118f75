"use client";
/**
 * TV leaderboard: the visible campaigns' agents ranked by today's calls handled, then talk
 * time (GET /api/leaderboard, polled every 30 s), with each agent's live state in words.
 */
import type { AgentMap } from "@/lib/wall/feed";
import { stateLabel } from "@/lib/wall/labels";
import { formatClockTime } from "@/lib/wall/pbx";
import { formatSeconds } from "@/lib/format/duration";
import { ColumnHeads } from "../common/ColumnHeads";
import { usePolledJson } from "../common/usePolledJson";
import type { LeaderboardResponse } from "@/lib/api/leaderboard";
import { rankLeaderboard } from "@/lib/wall/leaderboard";

export const LEADERBOARD_POLL_MS = 30_000;
const SHOWN = 15;

export interface LeaderboardProps {
  /** Campaigns to rank (null: every campaign the viewer may see). */
  campaigns: readonly string[] | null;
  agents: AgentMap;
}

export function Leaderboard({ campaigns, agents }: LeaderboardProps) {
  const query = campaigns === null ? "" : `?campaigns=${encodeURIComponent(campaigns.join(","))}`;
  const { data, error } = usePolledJson<LeaderboardResponse>(`/api/leaderboard${query}`, LEADERBOARD_POLL_MS);

  const rows = data ? rankLeaderboard(data.rows, SHOWN) : [];
  return (
    <section className="leaderboard" data-testid="leaderboard" aria-label="Leaderboard">
      <p className="leaderboard-caption">
        Calls handled and talk time today
        {data && ` since ${formatClockTime(data.since, data.timeZone).slice(0, 5)} (${data.timeZone})`}
        {data && data.rows.length > SHOWN && ` · top ${SHOWN} of ${data.rows.length} agents`}
      </p>
      {error && (
        <p className="leaderboard-error" role="alert">
          Leaderboard unavailable: {error}
        </p>
      )}
      {data && rows.length === 0 && <p className="leaderboard-empty">No agent yet today.</p>}
      {rows.length > 0 && (
        <table className="leaderboard-table">
          <ColumnHeads columns={["Rank", "Agent", "Campaign", { key: "calls", label: "Calls handled", className: "num" }, { key: "talk", label: "Talk time", className: "num" }, "Now"]} />
          <tbody>
            {rows.map((r) => {
              const live = agents.get(r.user);
              return (
                <tr key={r.user} data-testid="leaderboard-row" data-user={r.user} data-rank={r.rank}>
                  <td className="leaderboard-rank">{r.rank}</td>
                  <th scope="row" className="leaderboard-name">
                    {r.name}
                  </th>
                  <td>{r.campaign}</td>
                  <td className="num">{r.callsHandled} {r.callsHandled === 1 ? "call" : "calls"}</td>
                  <td className="num">{formatSeconds(r.talkSec)}</td>
                  <td className="leaderboard-state" data-state={live?.state}>
                    {live ? stateLabel(live).status : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
