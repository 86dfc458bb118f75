/**
 * Pure evaluation of the alert rules over the live state. `now` is ms, server clock. Returns
 * the alerts that hold now, without their start time (AlertBook keeps that). Messages hold no
 * ticking numbers (walls tick from `since` and `value`), so an alert changes only when its
 * meaning does.
 */
import type { AgentView } from "../agents/view";
import type { PbxLinkStatus } from "../realtime/contract";
import type { QueueStats } from "../queues/types";
import { AlertRules, type AlertConfig, type AlertView } from "./types";

export type AlertCandidate = Omit<AlertView, "since">;

export interface AlertInputs {
  agents: readonly AgentView[];
  queues: readonly QueueStats[];
  campaignsOfQueue: (queue: string) => string[];
  pbx: readonly PbxLinkStatus[];
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
    if (rules.callsWaitingAbove !== null && q.waiting > rules.callsWaitingAbove) {
      out.push({ ...base, id: `calls_waiting:queue:${q.queue}`, type: "calls_waiting", severity: q.waiting > rules.callsWaitingAbove * 2 ? "critical" : "warning", queue: q.queue, campaigns, message: `${q.name}: ${q.waiting} calls waiting (alert above ${rules.callsWaitingAbove})`, value: q.waiting, threshold: rules.callsWaitingAbove });
    }
    if (rules.longestWaitAboveSec !== null && longest > rules.longestWaitAboveSec) {
      out.push({ ...base, id: `longest_wait:queue:${q.queue}`, type: "longest_wait", severity: longest > rules.longestWaitAboveSec * 2 ? "critical" : "warning", queue: q.queue, campaigns, message: `${q.name}: a caller has waited over ${mmss(rules.longestWaitAboveSec)} min`, value: longest, threshold: rules.longestWaitAboveSec });
    }
    const hour = q.windows["1h"];
    if (rules.serviceLevelBelow !== null && hour.serviceLevel !== null && hour.offered >= rules.serviceLevelMinOffered && hour.serviceLevel < rules.serviceLevelBelow) {
      out.push({ ...base, id: `service_level:queue:${q.queue}`, type: "service_level", severity: "warning", queue: q.queue, campaigns, message: `${q.name}: service level below ${Math.round(rules.serviceLevelBelow * 100)} % (within ${q.serviceLevelSec} s) in the last hour`, value: hour.serviceLevel, threshold: rules.serviceLevelBelow });
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
  if (rulesOf.pbxDown) {
    for (const link of inputs.pbx) {
      if (link.state === "up") continue;
      // A link still making its first connection is not an outage yet.
      if (link.state === "connecting" && link.lastFrameAt === null && link.reconnects === 0) continue;
      out.push({ ...base, id: `pbx_down:pbx:${link.name}`, type: "pbx_down", severity: "critical", pbx: link.name, message: `PBX link ${link.name} down${link.lastError ? `: ${link.lastError}` : ""}`, value: null, threshold: null });
    }
  }
  return out;
}
