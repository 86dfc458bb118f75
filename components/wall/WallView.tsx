"use client";
/**
 * The body of a wall, shared by desk walls (/wall/...) and TV mode (/tv): PBX banner, alerts,
 * queue strip, the tiles sized to fit, the calls panel. On a desk screen it adds the toolbar
 * (group, sort, filter, search) and the agent detail dialog; in TV mode neither.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { AgentView } from "@/lib/agents/view";
import type { AlertView } from "@/lib/alerts/types";
import { alertTargets, sortAlerts } from "@/lib/wall/alerts";
import { filterAgents, type GroupBy, type SortBy } from "@/lib/wall/arrange";
import type { CallMap } from "@/lib/wall/calls";
import type { AgentMap } from "@/lib/wall/feed";
import type { PbxState } from "@/lib/wall/pbx";
import type { QueueMap } from "@/lib/wall/queues";
import { AgentDetail } from "./AgentDetail";
import { AgentGrid } from "./AgentGrid";
import { AgentList, type AgentListProps } from "./AgentList";
import { useCallsToday } from "./useCallsToday";
import { AlertsList } from "./AlertsList";
import { CallsPanel } from "./CallsPanel";
import { PbxBanner } from "./PbxBanner";
import { QueueStrip } from "./QueueStrip";
import { DialerStrip } from "./DialerStrip";
import { EMPTY_DIALER, type DialerSlice } from "@/lib/dialer/types";
import { STATE_FILTERS, WallToolbar } from "./WallToolbar";

export interface WallViewProps {
  agents: AgentMap;
  calls: CallMap;
  queues: QueueMap;
  alerts: readonly AlertView[];
  pbx: PbxState;
  serverNow: number | null;
  synced: boolean;
  mode: "desk" | "tv";
  /** False when the page lists the alerts itself (TV mode lists every view's alerts). */
  listAlerts?: boolean;
  /** Shown instead of "No agents on this wall." (e.g. the campaign does not exist). */
  emptyNotice?: ReactNode;
  /** VICIdial's dialer figures of the wall's campaigns (its database source; issue 13). */
  dialer?: DialerSlice;
}

/** Phones (a supervisor walking the floor): the agents as a scrolling list, not a fitted grid. */
export const NARROW_QUERY = "(max-width: 40rem)";

/** True on a narrow (phone) screen; false on the server and until mounted. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const mq = window.matchMedia(NARROW_QUERY);
    const on = () => setNarrow(mq.matches);
    on();
    mq.addEventListener("change", on);
    return () => mq.removeEventListener("change", on);
  }, []);
  return narrow;
}

export function WallView({ agents, calls, queues, alerts, pbx, serverNow, synced, mode, listAlerts = true, emptyNotice, dialer = EMPTY_DIALER }: WallViewProps) {
  const desk = mode === "desk";
  const [groupBy, setGroupBy] = useState<GroupBy>("none");
  const [sortBy, setSortBy] = useState<SortBy>("state");
  const [stateFilter, setStateFilter] = useState("all");
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<string | null>(null);

  const all = useMemo(() => [...agents.values()], [agents]);
  const shown = useMemo(() => {
    if (!desk) return all;
    const f = STATE_FILTERS.find((s) => s.key === stateFilter);
    return filterAgents(all, { states: f && f.states.length > 0 ? new Set(f.states) : null, search });
  }, [all, desk, stateFilter, search]);
  const sortedAlerts = useMemo(() => sortAlerts(alerts), [alerts]);
  const targets = useMemo(() => alertTargets(alerts), [alerts]);
  const onSelect = useCallback((user: string) => setSelected(user), []);
  const onClose = useCallback(() => setSelected(null), []);
  const selectedAgent: AgentView | undefined = selected === null ? undefined : agents.get(selected);

  const narrow = useNarrow();
  const campaigns = useMemo(() => [...new Set(all.map((a) => a.campaign))].sort(), [all]);
  // A wall spanning campaigns says each agent's campaign (VICIdial's report does).
  const showCampaign = campaigns.length > 1;
  const callsToday = useCallsToday(showCampaign ? null : campaigns, campaigns.length > 0);

  // What the tiles (wide screens) and the rows (phones) show alike.
  const agentsShown: AgentListProps = {
    agents: shown,
    serverNow,
    synced,
    groupBy: desk ? groupBy : "none",
    sortBy: desk ? sortBy : "state",
    showCampaign,
    callsToday,
    alertUsers: targets.users,
    onSelect: desk ? onSelect : undefined,
    emptyNotice,
  };

  // No PBX configured and nothing call-related in the topic: the tiles get the whole width.
  const showCalls = pbx.links.length > 0 || calls.size > 0 || queues.size > 0;

  return (
    <>
      {listAlerts && <PbxBanner pbx={pbx} serverNow={serverNow} />}
      {listAlerts && <AlertsList alerts={sortedAlerts} serverNow={serverNow} queues={queues} dialer={dialer} />}
      <DialerStrip dialer={dialer} agents={agents} serverNow={serverNow} alertCampaigns={targets.dialerCampaigns} mode={narrow ? "phone" : mode} />
      <QueueStrip queues={queues} serverNow={serverNow} alertQueues={targets.queues} mode={narrow ? "phone" : mode} dialer={dialer} alertInGroups={targets.inGroups} />
      {desk && (
        <WallToolbar
          groupBy={groupBy}
          sortBy={sortBy}
          stateFilter={stateFilter}
          search={search}
          shown={shown.length}
          total={all.length}
          onGroupBy={setGroupBy}
          onSortBy={setSortBy}
          onStateFilter={setStateFilter}
          onSearch={setSearch}
        />
      )}
      <main className="wall-body" data-split={showCalls ? "true" : undefined} data-narrow={narrow ? "true" : undefined}>
        <div className="wall-agents">
          {narrow ? <AgentList {...agentsShown} /> : <AgentGrid {...agentsShown} canFold={desk} />}
        </div>
        {showCalls && <CallsPanel calls={calls} queues={queues} agents={agents} serverNow={serverNow} startOpen={!narrow} inGroups={dialer.inGroups} />}
      </main>
      {desk && selectedAgent && <AgentDetail key={selectedAgent.user} agent={selectedAgent} serverNow={serverNow} onClose={onClose} />}
    </>
  );
}
