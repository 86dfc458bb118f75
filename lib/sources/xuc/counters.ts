/**
 * XuC's queue counters as XuC computes them, labelled for the wall's formula view. These
 * figures come from the platform, not from our formulas (README "Queue statistics"): XuC's
 * window, thresholds and rounding apply, and they differ from ours (XuC's service level uses
 * 15 s; ours uses each queue's T).
 *
 * Counter names: DOMAIN.md section 5 / seed 002 and the CCManager XucQueueTotal service
 * (which sums TotalNumberCalls*, WaitingCalls and takes the maximum of LongestWaitTime and
 * EWT across queues). XuC's documentation lists the names without definitions; a definition
 * marked "(inferred)" is ours, read from the name and from how CCManager uses the counter.
 */
import type { CounterDefinition } from "../neutral-events";

/**
 * Both spellings of the longest-wait counter exist (CCManager reads LongestWaitTime, the docs
 * write LongestWaitingTime): we accept both and report both under their own names, plus the
 * canonical LongestWaitTime when only the other spelling came.
 */
export const LONGEST_WAIT_ALIASES = ["LongestWaitTime", "LongestWaitingTime"] as const;

export const XUC_COUNTER_DEFINITIONS: Readonly<Record<string, CounterDefinition>> = {
  WaitingCalls: { label: "Calls waiting", definition: "Calls in the queue now, not yet answered (XuC WaitingCalls).", unit: "calls" },
  LongestWaitTime: {
    label: "Longest wait",
    definition: "Seconds the oldest call waiting now has waited, as XuC last reported it; CCManager counts it up between updates and clears it when WaitingCalls is 0 (XuC LongestWaitTime).",
    unit: "seconds",
  },
  LongestWaitingTime: { label: "Longest wait", definition: "Same as LongestWaitTime: the spelling XiVO's documentation uses (XuC LongestWaitingTime).", unit: "seconds" },
  EWT: { label: "Estimated wait", definition: "XuC's estimate of how long a new caller would wait, seconds (XuC EWT; estimation method not documented).", unit: "seconds" },
  TotalNumberCallsEntered: { label: "Calls entered", definition: "Calls that entered the queue in XuC's statistics period (inferred: since XuC's daily reset).", unit: "calls" },
  TotalNumberCallsAnswered: { label: "Calls answered", definition: "Calls an agent answered in XuC's statistics period.", unit: "calls" },
  TotalNumberCallsAnsweredBefore15: { label: "Answered within 15 s", definition: "Answered calls that waited 15 s or less (inferred from the name).", unit: "calls" },
  TotalNumberCallsAbandonned: { label: "Calls abandoned", definition: "Calls whose caller hung up while waiting, in XuC's statistics period (XuC's spelling).", unit: "calls" },
  TotalNumberCallsAbandonnedAfter15: { label: "Abandoned after 15 s", definition: "Abandoned calls that had waited more than 15 s (inferred from the name).", unit: "calls" },
  TotalNumberCallsClosed: { label: "Calls closed", definition: "Calls that reached the queue while it was closed (inferred from the name).", unit: "calls" },
  TotalNumberCallsTimeout: { label: "Calls timed out", definition: "Calls that left the queue on its wait timeout (inferred from the name).", unit: "calls" },
  PercentageAnsweredBefore15: {
    label: "% answered within 15 s",
    definition: "XuC's service level: share of calls answered within 15 s, in percent (inferred: over calls entered; XuC does not document the denominator).",
    unit: "percent",
  },
  PercentageAbandonnedAfter15: { label: "% abandoned after 15 s", definition: "Share of calls abandoned after waiting more than 15 s, in percent (inferred from the name).", unit: "percent" },
  AvailableAgents: { label: "Agents available", definition: "Agents of the queue logged in and ready to take a call (XuC AvailableAgents).", unit: "agents" },
  TalkingAgents: { label: "Agents talking", definition: "Agents of the queue on a call (XuC TalkingAgents).", unit: "agents" },
  LoggedAgents: { label: "Agents logged in", definition: "Agents of the queue logged in, whatever their state (XuC LoggedAgents).", unit: "agents" },
};

/** The definitions of the counters present in `counters` (unknown counters have none). */
export function definitionsFor(counters: Readonly<Record<string, number>>): Record<string, CounterDefinition> {
  const out: Record<string, CounterDefinition> = {};
  for (const name of Object.keys(counters)) {
    const d = XUC_COUNTER_DEFINITIONS[name];
    if (d) out[name] = d;
  }
  return out;
}
