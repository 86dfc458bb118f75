/** The parts of a link's row shared by Admin → PBX and Admin → Sources. */
import { formatAgo, formatTime } from "./api";
import { RowButton } from "./RowButton";

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

/**
 * A link row's buttons, on Admin → PBX and Admin → Sources alike: "Reconnect now" while the
 * leader runs the link (`running`), Edit and Remove unless the environment configured it
 * (`editable` false: it changes only there). Test ids are `<testIdPrefix>-reconnect`, `-edit`
 * and `-remove`.
 */
export function LinkRowButtons({ testIdPrefix, running, editable, onReconnect, onEdit, onRemove }: { testIdPrefix: string; running: boolean; editable: boolean; onReconnect: () => void; onEdit: () => void; onRemove: () => void }) {
  return (
    <>
      {running ? (
        <RowButton onClick={onReconnect} data-testid={`${testIdPrefix}-reconnect`}>
          Reconnect now
        </RowButton>
      ) : null}
      {editable ? (
        <>
          <RowButton tone="plain" onClick={onEdit} data-testid={`${testIdPrefix}-edit`}>
            Edit
          </RowButton>
          <RowButton tone="danger" onClick={onRemove} data-testid={`${testIdPrefix}-remove`}>
            Remove
          </RowButton>
        </>
      ) : null}
    </>
  );
}
