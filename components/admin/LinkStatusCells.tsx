import { formatAgo, formatTime } from "./api";

/**
 * The three cells every link's row shows, on Admin → PBX and Admin → Sources alike: its state
 * (with since when, server clock), how long ago its last frame came and how many times it
 * reconnected. `state` is the link's state, or "stopped"/"disabled" for a connection the leader
 * is not running; `status` is absent then and the cells show dashes. `now` is ms, server clock.
 */
export function LinkStatusCells({ state, status, now }: { state: string; status: { since: number; lastFrameAt: number | null; reconnects: number } | null | undefined; now: number }) {
  return (
    <>
      <td>
        <span className="admin-state" data-state={state}>
          {state}
        </span>
        {status ? <div className="auth-hint">since {formatTime(status.since)}</div> : null}
      </td>
      <td>{status ? formatAgo(status.lastFrameAt, now) : "—"}</td>
      <td>{status?.reconnects ?? "—"}</td>
    </>
  );
}
