"use client";
/**
 * Desk-screen controls of the tiles: group by, sort by, filter by state, search by name or
 * user. Not shown in TV mode. The choices are kept in the URL-less local state of the wall.
 */
import type { AgentStatus } from "@/lib/agents/status";
import { GROUP_BY_OPTIONS, isGroupBy, isSortBy, SORT_BY_OPTIONS, type GroupBy, type SortBy } from "@/lib/wall/arrange";
import { SelectField } from "../common/SelectField";

/** Filter choices: a state family each (what a supervisor asks: "who is paused?"). */
export const STATE_FILTERS: readonly { key: string; label: string; states: AgentStatus[] }[] = [
  { key: "all", label: "All states", states: [] },
  { key: "ready", label: "Ready", states: ["READY", "CLOSER"] },
  { key: "incall", label: "In call", states: ["DIAL", "INCALL", "PARK", "3-WAY"] },
  { key: "dead", label: "Dead call", states: ["DEAD"] },
  { key: "dispo", label: "Wrap-up", states: ["DISPO"] },
  { key: "paused", label: "Paused", states: ["PAUSED"] },
  { key: "loggedout", label: "Logged out", states: ["LOGGED_OUT"] },
];

export interface WallToolbarProps {
  groupBy: GroupBy;
  sortBy: SortBy;
  stateFilter: string;
  search: string;
  shown: number;
  total: number;
  onGroupBy(v: GroupBy): void;
  onSortBy(v: SortBy): void;
  onStateFilter(v: string): void;
  onSearch(v: string): void;
}

export function WallToolbar(p: WallToolbarProps) {
  return (
    <div className="wall-toolbar" data-testid="wall-toolbar" role="toolbar" aria-label="Arrange agents">
      <SelectField label={<span>Group by</span>} data-testid="group-by" value={p.groupBy} onChange={(e) => isGroupBy(e.target.value) && p.onGroupBy(e.target.value)} choices={GROUP_BY_OPTIONS} />
      <SelectField label={<span>Sort by</span>} data-testid="sort-by" value={p.sortBy} onChange={(e) => isSortBy(e.target.value) && p.onSortBy(e.target.value)} choices={SORT_BY_OPTIONS} />
      <SelectField
        label={<span>State</span>}
        data-testid="state-filter"
        value={p.stateFilter}
        onChange={(e) => p.onStateFilter(e.target.value)}
        choices={STATE_FILTERS.map((f) => ({ value: f.key, label: f.label }))}
      />
      <label className="wall-search">
        <span>Search</span>
        <input
          type="search"
          data-testid="search"
          placeholder="Name or user"
          value={p.search}
          onChange={(e) => p.onSearch(e.target.value)}
          autoComplete="off"
        />
      </label>
      <span className="wall-toolbar-count" data-testid="shown-count" aria-live="polite">
        {p.shown === p.total ? `${p.total} agents` : `${p.shown} of ${p.total} agents`}
      </span>
    </div>
  );
}
