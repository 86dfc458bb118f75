import type { HistoryFilters } from "@/lib/history/filters";

export interface FiltersProps {
  action: string;
  filters: HistoryFilters;
  campaigns: string[];
  teams?: string[];
  queues?: string[];
  /** Which optional fields the report uses. */
  show: { team?: boolean; agent?: boolean; queue?: boolean; bucket?: boolean };
}

/** A plain GET form: the filters live in the URL, so every view can be bookmarked and shared. */
export function Filters({ action, filters, campaigns, teams = [], queues = [], show }: FiltersProps) {
  return (
    <form className="history-filters" method="get" action={action} data-testid="history-filters">
      <label>
        From
        <input type="date" name="from" defaultValue={filters.from} required />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={filters.to} required />
      </label>
      <label>
        Campaign
        <select name="campaign" defaultValue={filters.campaign ?? ""}>
          <option value="">All of mine</option>
          {campaigns.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {show.team ? (
        <label>
          Team
          <select name="team" defaultValue={filters.team ?? ""}>
            <option value="">All</option>
            {teams.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {show.agent ? (
        <label>
          Agent
          <input type="text" name="agent" defaultValue={filters.agent ?? ""} placeholder="user" size={10} />
        </label>
      ) : null}
      {show.queue ? (
        <label>
          Queue
          <select name="queue" defaultValue={filters.queue ?? ""}>
            <option value="">All</option>
            {queues.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {show.bucket ? (
        <label>
          By
          <select name="bucket" defaultValue={filters.bucket}>
            <option value="15m">15 minutes</option>
            <option value="hour">hour</option>
            <option value="day">day</option>
          </select>
        </label>
      ) : null}
      <button type="submit" className="btn">
        Show
      </button>
    </form>
  );
}

/** The refusal of a request (bad filter, campaign outside the person's scope). */
export function HistoryError({ status, error }: { status: number; error: string }) {
  return (
    <p className="history-error" role="alert" data-testid="history-error" data-status={status}>
      {status === 403 ? "Forbidden" : "Cannot show this"}: {error}
    </p>
  );
}
