/**
 * Pure evaluation of the alert rules over the live state. `now` is ms, server clock. Returns
 * the alerts that hold now, without their start time (AlertBook keeps that). Messages hold no
 * changing numbers (walls show the live figure beside them, from the same queue statistics as
 * the queue card), so an alert changes only when its meaning does.
 *
 * Hysteresis (queue rules): a value past the threshold gives a candidate that AlertBook raises
 * once it has held `raiseAfterSec`; a value back inside the threshold but within the clearing
 * margin gives a `holdOnly` candidate, which keeps a raised alert but never raises one. So a
 * figure bouncing around its threshold is one alert, and one tone.
 */
import { linkKindLabel } from "../sources/link-kinds";
import type { AgentView } from "../agents/view";
import type { PbxLinkStatus } from "../realtime/contract";
import type { QueueStats } from "../queues/types";
import type { DialerSlice } from "../dialer/types";
import { compliancePct } from "../dialer/figures";
import { AlertRules, type AlertConfig, type AlertView } from "./types";

export type AlertCandidate = Omit<AlertView, "since"> & {
  /** Keeps an alert already raised (the value is within the clearing margin); never raises one. */
  holdOnly?: boolean;
  /** The condition must hold this long (ms, without a break) before the alert is raised. */
  raiseAfterMs?: number;
};

export interface AlertInputs {
  agents: readonly AgentView[];
  queues: readonly QueueStats[];
  campaignsOfQueue: (queue: string) => string[];
  pbx: readonly PbxLinkStatus[];
  /** VICIdial's dialer and in-groups, when its database source is connected. */
  dialer?: DialerSlice;
}

const mmss = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, "0")}`;

export function evaluateAlerts(inputs: AlertInputs, config: AlertConfig, now: number): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  const rulesOf = new AlertRules(config);
  const base = { queue: null, user: null, pbx: null, campaigns: [] as string[] };
  for (const q of inputs.queues) {
    const rules = rulesOf.queue(q.queue);
    const campaigns = inputs.campaignsOfQueue(q.queue);
    const longest = q.oldestWaitingSince === null ? 0 : Math.floor((now - q.oldestWaitingSince) / 1000);
    const queueBase = { ...base, queue: q.queue, campaigns, raiseAfterMs: rules.raiseAfterSec * 1000 };
    const over = rules.callsWaitingAbove;
    if (over !== null && q.waiting > Math.max(0, over - rules.callsWaitingClearMargin)) {
      const holdOnly = q.waiting <= over;
      out.push({ ...queueBase, id: `calls_waiting:queue:${q.queue}`, type: "calls_waiting", severity: q.waiting > over * 2 ? "critical" : "warning", message: `${q.name}: calls waiting above ${over}`, value: q.waiting, threshold: over, ...(holdOnly ? { holdOnly } : {}) });
    }
    const maxWait = rules.longestWaitAboveSec;
    if (maxWait !== null && longest > Math.max(0, maxWait - rules.longestWaitClearMarginSec)) {
      const holdOnly = longest <= maxWait;
      out.push({ ...queueBase, id: `longest_wait:queue:${q.queue}`, type: "longest_wait", severity: longest > maxWait * 2 ? "critical" : "warning", message: `${q.name}: a caller has waited over ${mmss(maxWait)} min`, value: longest, threshold: maxWait, ...(holdOnly ? { holdOnly } : {}) });
    }
    const hour = q.windows["1h"];
    const below = rules.serviceLevelBelow;
    if (below !== null && hour.serviceLevel !== null && hour.offered >= rules.serviceLevelMinOffered && hour.serviceLevel < Math.min(1, below + rules.serviceLevelClearMargin)) {
      const holdOnly = hour.serviceLevel >= below;
      out.push({ ...queueBase, id: `service_level:queue:${q.queue}`, type: "service_level", severity: "warning", message: `${q.name}: service level below ${Math.round(below * 100)} % (within ${q.serviceLevelSec} s) in the last hour`, value: hour.serviceLevel, threshold: below, ...(holdOnly ? { holdOnly } : {}) });
    }
  }
  for (const a of inputs.agents) {
    if (a.state === "LOGGED_OUT") continue;
    const rules = rulesOf.campaign(a.campaign);
    if (a.state === "PAUSED") {
      const limit = (a.pauseCode !== null ? rules.pauseLimitsSec.get(a.pauseCode) : undefined) ?? rules.pauseLimitsSec.get("*");
      const paused = Math.floor((now - a.stateSince) / 1000);
      if (limit !== undefined && paused > limit) {
        out.push({ ...base, id: `pause_limit:agent:${a.user}`, type: "pause_limit", severity: "warning", user: a.user, campaigns: [a.campaign], message: `${a.name}: paused${a.pauseCode ? ` ${a.pauseCode}` : ""} past the ${mmss(limit)} min limit`, value: paused, threshold: limit });
      }
    }
    if (a.stale && rules.staleAgents) {
      out.push({ ...base, id: `agent_stale:agent:${a.user}`, type: "agent_stale", severity: "warning", user: a.user, campaigns: [a.campaign], message: `${a.name}: agent screen silent (stale)`, value: Math.floor((now - a.lastEventAt) / 1000), threshold: null });
    }
  }
  if (inputs.dialer) out.push(...dialerAlerts(inputs.dialer, rulesOf));
  if (rulesOf.pbxDown) {
    for (const link of inputs.pbx) {
      if (link.state === "up") continue;
      // A link still making its first connection is not an outage yet.
      if (link.state === "connecting" && link.lastFrameAt === null && link.reconnects === 0) continue;
      out.push({ ...base, id: `pbx_down:pbx:${link.name}`, type: "pbx_down", severity: "critical", pbx: link.name, message: link.kind === "vicidial-db" ? `${linkKindLabel(link.kind)} source down${link.lastError ? `: ${link.lastError}` : ""}` : `${linkKindLabel(link.kind)} link ${link.name} down${link.lastError ? `: ${link.lastError}` : ""}`, value: null, threshold: null });
    }
  }
  return out;
}

/**
 * The dialer's alerts (issue 13), with the queue alerts' hysteresis: drop % today above the
 * campaign's threshold (VICIdial's own drops_answers_today_pct, else drops ÷ answers), hopper
 * below its threshold and no dialable leads (auto-dialling campaigns only: dial level above
 * 0), calls waiting in an in-group above its threshold. Messages hold no changing number.
 */
export function dialerAlerts(dialer: DialerSlice, rulesOf: AlertRules): AlertCandidate[] {
  const out: AlertCandidate[] = [];
  const base = { queue: null, user: null, pbx: null, inGroup: null };
  for (const c of dialer.campaigns) {
    const rules = rulesOf.dialerCampaign(c.campaign);
    const cBase = { ...base, dialerCampaign: c.campaign, campaigns: [c.campaign], raiseAfterMs: rules.raiseAfterSec * 1000 };
    const drop = compliancePct(c.today.dropRates);
    const limit = rules.dropPctAbove;
    if (limit !== null && drop !== null && c.today.drops > 0 && drop > Math.max(0, limit - rules.dropClearMarginPct)) {
      const holdOnly = drop <= limit;
      out.push({ ...cBase, id: `drop_rate:campaign:${c.campaign}`, type: "drop_rate", severity: drop > limit * 2 ? "critical" : "warning", message: `${c.name || c.campaign}: drop rate today above ${limit} % (VICIdial: drops ÷ answers)`, value: drop, threshold: limit, ...(holdOnly ? { holdOnly } : {}) });
    }
    const dialing = (c.dialLevel ?? 0) > 0;
    const below = rules.hopperBelow;
    if (dialing && below !== null && c.hopper.leads < below + rules.hopperClearMargin) {
      const holdOnly = c.hopper.leads >= below;
      out.push({ ...cBase, id: `hopper_low:campaign:${c.campaign}`, type: "hopper_low", severity: c.hopper.leads === 0 ? "critical" : "warning", message: `${c.name || c.campaign}: hopper below ${below} leads`, value: c.hopper.leads, threshold: below, ...(holdOnly ? { holdOnly } : {}) });
    }
    if (dialing && rules.noDialableLeads && c.hasStats && c.dialableLeads === 0) {
      out.push({ ...cBase, id: `no_dialable_leads:campaign:${c.campaign}`, type: "no_dialable_leads", severity: "critical", message: `${c.name || c.campaign}: no dialable leads left`, value: 0, threshold: null });
    }
  }
  for (const g of dialer.inGroups) {
    const rules = rulesOf.inGroup(g.inGroup);
    const over = rules.callsWaitingAbove;
    if (over !== null && g.waiting > Math.max(0, over - rules.callsWaitingClearMargin)) {
      const holdOnly = g.waiting <= over;
      out.push({ ...base, dialerCampaign: null, inGroup: g.inGroup, campaigns: g.campaigns, raiseAfterMs: rules.raiseAfterSec * 1000, id: `ingroup_calls_waiting:in-group:${g.inGroup}`, type: "ingroup_calls_waiting", severity: g.waiting > over * 2 ? "critical" : "warning", message: `${g.name || g.inGroup}: calls waiting above ${over}`, value: g.waiting, threshold: over, ...(holdOnly ? { holdOnly } : {}) });
    }
  }
  return out;
}
