import type { HistoryFilters } from "@/lib/history/filters";
import { SelectField, textChoices } from "../common/SelectField";

const ALL = { value: "", label: "All" };
const BUCKET_CHOICES = [
  { value: "15m", label: "15 minutes" },
  { value: "hour", label: "hour" },
  { value: "day", label: "day" },
];

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
      <SelectField label="Campaign" name="campaign" defaultValue={filters.campaign ?? ""} choices={textChoices(campaigns, { value: "", label: "All of mine" })} />
      {show.team ? <SelectField label="Team" name="team" defaultValue={filters.team ?? ""} choices={textChoices(teams, ALL)} /> : null}
      {show.agent ? (
        <label>
          Agent
          <input type="text" name="agent" defaultValue={filters.agent ?? ""} placeholder="user" size={10} />
        </label>
      ) : null}
      {show.queue ? <SelectField label="Queue" name="queue" defaultValue={filters.queue ?? ""} choices={textChoices(queues, ALL)} /> : null}
      {show.bucket ? <SelectField label="By" name="bucket" defaultValue={filters.bucket} choices={BUCKET_CHOICES} /> : null}
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
