/**
 * Small builders for the dialer unit tests: a live agent as the VICIdial database source reads
 * it, a board agent view, a campaign and an in-group of the dialer state.
 */
import type { LiveAgent } from "../../lib/sources/vicidial-db/snapshot";
import type { AgentView } from "../../lib/agents/view";
import type { DialerCampaign, DialerInGroup } from "../../lib/dialer/types";

export function dbAgent(user: string, over: Partial<LiveAgent> = {}): LiveAgent {
  return {
    user,
    fullName: null,
    campaignId: "SALES",
    rawStatus: over.status ?? "READY",
    status: "READY",
    pauseCode: null,
    pauseCodeSource: null,
    leadId: null,
    callerId: "",
    callType: "",
    agentLogId: 101,
    extension: "SIP/2001",
    inGroupIds: [],
    callsToday: 0,
    lastStateChangeAtMs: 1_800_000_000_000,
    lastCallAtMs: null,
    stateSinceAtMs: 1_800_000_000_000,
    stateSec: 5,
    lastUpdateAgeSec: 0,
    screenStale: false,
    ...over,
  };
}

export function boardAgent(user: string, over: Partial<AgentView> = {}): AgentView {
  return {
    user,
    name: user,
    campaign: "SALES",
    team: null,
    state: "READY",
    stateSince: 1_800_000_000_000,
    pauseCode: null,
    pauseCodeSource: null,
    leadId: null,
    disposition: null,
    lastEvent: "state_ready",
    lastMessage: null,
    lastEventAt: 1_800_000_000_000,
    notice: null,
    stale: false,
    extension: null,
    registered: null,
    dnd: null,
    phoneState: null,
    phoneMismatch: null,
    sourceMismatch: null,
    correction: null,
    ...over,
  };
}

export function dialerCampaign(campaign: string, over: Partial<DialerCampaign> = {}): DialerCampaign {
  return {
    campaign,
    name: `${campaign} campaign`,
    dialMethod: "RATIO",
    dialLevel: 2,
    dialLevelText: "2.0",
    dropLimitPct: 3,
    hopper: { leads: 50, minLevel: 50 },
    dialableLeads: 1000,
    calls: { placed: 4, ringing: 3, waiting: 1, oldestWaitingSince: null },
    today: { calls: 200, answers: 100, drops: 1, dropRates: { vicidial: 1, vicidialText: "1.00", ofAnswers: 1, ofCalls: 0.5 } },
    ukOfcomDropCalc: false,
    databaseAgents: { loggedIn: 5, inCall: 2, waiting: 1, paused: 2, dead: 0, dispo: 0 },
    inGroups: [],
    hasStats: true,
    statsUpdatedAt: null,
    ...over,
  };
}

export function dialerInGroup(inGroup: string, over: Partial<DialerInGroup> = {}): DialerInGroup {
  return {
    inGroup,
    name: `${inGroup} line`,
    color: "",
    priority: 0,
    campaigns: [],
    waiting: 0,
    inIvr: 0,
    withAgents: 0,
    oldestWaitingSince: null,
    topWaitingPriority: null,
    today: { calls: 0, answers: 0, drops: 0, dropRates: { vicidial: 0, vicidialText: "0", ofAnswers: null, ofCalls: null }, slOneSec: 20, slOnePct: null, avgWaitAnsweredSec: null },
    ...over,
  };
}
