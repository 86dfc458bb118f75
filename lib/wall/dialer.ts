/**
 * VICIdial's dialer and in-group queues as the wall writes them (issue 13): numbers, percentages
 * with their formula, the waiting-call list, the agent counts of a campaign. Pure; times are
 * ms on the server clock. One function per figure, so the strip, the in-group block, the TV
 * and the alerts' live figures all write the same number the same way.
 */
import type { AgentView } from "../agents/view";
import { countAgents, type AgentCounts } from "../agents/view";
import type { DialerCampaign, DialerDropRates, DialerInGroup, DialerSlice, DialerWaitingCall } from "../dialer/types";
import { EMPTY_DIALER } from "../dialer/types";
import { compliancePct, waitSeconds } from "../dialer/figures";
import type { AlertView } from "../alerts/types";
import { formatDuration } from "../format/duration";

/** "—": no value (a percentage of nothing). */
export const NO_VALUE = "—";

/** A percentage as VICIdial's report writes it: 2 decimals ("3.75 %"), "—" when none. */
export function formatDropPct(pct: number | null): string {
  return pct === null ? NO_VALUE : `${pct.toFixed(2)} %`;
}

/** A count VICIdial may keep as a decimal (drops since 2.12: "4.255" with UK Ofcom): whole when whole. */
export function formatCount(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1000) / 1000);
}

/** The dial level as stored ("2.5"); "manual" at 0. */
export function formatDialLevel(c: Pick<DialerCampaign, "dialLevel" | "dialLevelText">): string {
  if (c.dialLevel === 0) return "0 (manual)";
  return c.dialLevelText.trim() || NO_VALUE;
}

export const DROP_FORMULAS = {
  vicidial: "Drop % (VICIdial) = drops ÷ answers × 100, as VICIdial stores it (drops_answers_today_pct, AST_VDadapt.pl, once a minute); the compliance figure",
  ofCalls: "Drop % of calls = drops ÷ calls × 100 (the real-time report's \"dropped of total calls\" option)",
} as const;

/** The compliance drop % (VICIdial's, else drops ÷ answers) and whether it is at or past the campaign's own limit. */
export function dropLevel(rates: DialerDropRates, limitPct: number | null): "ok" | "bad" | null {
  const pct = compliancePct(rates);
  if (pct === null) return null;
  return limitPct !== null && limitPct > 0 && pct >= limitPct ? "bad" : "ok";
}

/** Agents of one campaign from the live board: the same counts as the wall's header (lib/agents/view.ts countAgents). */
export function campaignAgentCounts(agents: Iterable<AgentView>, campaign: string): AgentCounts {
  const mine: AgentView[] = [];
  for (const a of agents) if (a.campaign === campaign) mine.push(a);
  return countAgents(mine);
}

/** `+1 5125552024`: the number exactly as VICIdial stores it, its country code in front when set. */
export function storedNumber(w: Pick<DialerWaitingCall, "phoneCode" | "phoneNumber">): string {
  const code = w.phoneCode.trim();
  const number = w.phoneNumber.trim() || NO_VALUE;
  return code ? `+${code} ${number}` : number;
}

/** The waiting calls of one in-group (or campaign), in the report's order (priority, then age). */
export function waitingIn(slice: DialerSlice, group: string): DialerWaitingCall[] {
  return slice.waitingCalls.filter((w) => w.group === group);
}

/** How long a call has waited at `serverNow` ("1:05"); "—" when unknown or the clock is not known yet. */
export function waitText(since: number | null, serverNow: number | null): string {
  return since === null || serverNow === null ? NO_VALUE : formatDuration(waitSeconds(since, serverNow));
}

/** The in-groups of a slice, busiest first (most waiting, then highest priority, then name). */
export function sortInGroups(groups: Iterable<DialerInGroup>): DialerInGroup[] {
  return [...groups].sort((a, b) => b.waiting - a.waiting || b.priority - a.priority || a.inGroup.localeCompare(b.inGroup));
}

/** The topics' dialer slices merged (TV mode: several campaign topics over one connection). */
export function mergeDialer(slices: Iterable<DialerSlice>): DialerSlice {
  const campaigns = new Map<string, DialerCampaign>();
  const inGroups = new Map<string, DialerInGroup>();
  const waiting = new Map<string, DialerWaitingCall>();
  let truncated = false;
  let any = false;
  for (const s of slices) {
    any = true;
    for (const c of s.campaigns) campaigns.set(c.campaign, c);
    for (const g of s.inGroups) inGroups.set(g.inGroup, g);
    for (const w of s.waitingCalls) waiting.set(w.id, w);
    truncated ||= s.waitingTruncated;
  }
  if (!any) return EMPTY_DIALER;
  const byPriority = [...waiting.values()].sort((a, b) => b.priority - a.priority || a.group.localeCompare(b.group) || (a.since ?? 0) - (b.since ?? 0));
  return {
    campaigns: [...campaigns.values()].sort((a, b) => a.campaign.localeCompare(b.campaign)),
    inGroups: [...inGroups.values()].sort((a, b) => a.inGroup.localeCompare(b.inGroup)),
    waitingCalls: byPriority,
    waitingTruncated: truncated,
  };
}

/**
 * The live figure a dialer alert is about, from the slice the wall shows (the strip's own
 * number): `6 calls waiting`, `drop 3.75 %`, `hopper 3 leads`. Null for other alerts.
 */
export function dialerAlertFigure(alert: AlertView, dialer: DialerSlice | undefined): { text: string; count: number | null } | null {
  if (!dialer) return null;
  if (alert.type === "ingroup_calls_waiting" && alert.inGroup) {
    const g = dialer.inGroups.find((x) => x.inGroup === alert.inGroup);
    return g ? { text: `${g.waiting} ${g.waiting === 1 ? "call" : "calls"} waiting`, count: g.waiting } : null;
  }
  const c = alert.dialerCampaign ? dialer.campaigns.find((x) => x.campaign === alert.dialerCampaign) : undefined;
  if (!c) return null;
  if (alert.type === "drop_rate") return { text: `drop ${formatDropPct(compliancePct(c.today.dropRates))}`, count: null };
  if (alert.type === "hopper_low") return { text: `hopper ${c.hopper.leads} ${c.hopper.leads === 1 ? "lead" : "leads"}`, count: null };
  if (alert.type === "no_dialable_leads") return { text: `${c.dialableLeads} dialable leads`, count: null };
  return null;
}
