/**
 * Wall alerts (README "Alerts"): conditions worth a supervisor's eye, evaluated on the server
 * so every wall agrees and an alert's start time survives a page reload. Part of the realtime
 * contract: add fields, never rename them.
 */
import { z } from "zod";

export const ALERT_TYPES = ["calls_waiting", "longest_wait", "service_level", "pause_limit", "agent_stale", "pbx_down", "drop_rate", "hopper_low", "no_dialable_leads", "ingroup_calls_waiting"] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export interface AlertView {
  /** Stable id: type and subject, e.g. "longest_wait:queue:700". */
  id: string;
  type: AlertType;
  severity: "warning" | "critical";
  /** What it is about. */
  queue: string | null;
  user: string | null;
  pbx: string | null;
  /** Campaigns whose walls show it (empty: every wall, e.g. a PBX link down). */
  campaigns: string[];
  /** One line for the wall, with numbers and units. */
  message: string;
  /** ms, server clock, when the condition began (kept while it holds). */
  since: number;
  value: number | null;
  threshold: number | null;
  /** The VICIdial in-group it is about (ingroup_calls_waiting); absent or null otherwise. */
  inGroup?: string | null;
  /** The VICIdial campaign whose dialer it is about (drop_rate, hopper_low, no_dialable_leads); absent or null otherwise. */
  dialerCampaign?: string | null;
}

const queueRules = z.object({
  /** Alert when more calls than this wait (null: off). */
  callsWaitingAbove: z.number().int().min(0).nullable().default(5),
  /** Alert when the oldest waiting call has waited longer, seconds (null: off). */
  longestWaitAboveSec: z.number().min(1).nullable().default(60),
  /** Alert when the last hour's service level is below this (0–1, null: off)… */
  serviceLevelBelow: z.number().min(0).max(1).nullable().default(0.8),
  /** …once at least this many calls were offered in that hour. */
  serviceLevelMinOffered: z.number().int().min(1).default(5),
  /**
   * Hysteresis, so one threshold crossing is one alert: a queue condition must hold this many
   * seconds without a break before its alert is raised (0: at once)…
   */
  raiseAfterSec: z.number().min(0).max(3600).default(10),
  /** …and a raised calls-waiting alert clears only at `callsWaitingAbove − this` calls or fewer. */
  callsWaitingClearMargin: z.number().int().min(0).default(2),
  /** A raised longest-wait alert clears only at `longestWaitAboveSec − this` seconds or less. */
  longestWaitClearMarginSec: z.number().min(0).default(10),
  /** A raised service-level alert clears only at `serviceLevelBelow + this` or more (0–1). */
  serviceLevelClearMargin: z.number().min(0).max(1).default(0.05),
});

const campaignRules = z.object({
  /** Pause code → most seconds allowed in it; "*" for any other pause code (VICIdial's pause-code time limit). */
  pauseLimitsSec: z.record(z.string(), z.number().min(1)).default({}),
  /** Alert on stale agents. */
  staleAgents: z.boolean().default(true),
});

/** Dialer alerts of a VICIdial campaign (its vicidial_campaign_stats and vicidial_hopper, issue 13). */
const dialerCampaignRules = z.object({
  /**
   * Alert when VICIdial's drop % today (drops_answers_today_pct, drops ÷ answers) is above this,
   * percent (null: off). Many regulators cap abandoned outbound calls at 3 %.
   */
  dropPctAbove: z.number().min(0).max(100).nullable().default(3),
  /** Alert when an auto-dialling campaign (dial level above 0) has fewer leads in its hopper than this (null: off). */
  hopperBelow: z.number().int().min(0).nullable().default(10),
  /** Alert when an auto-dialling campaign has no dialable leads left (dialable_leads = 0). */
  noDialableLeads: z.boolean().default(true),
  /** Hysteresis as for queues: the condition must hold this long before the alert is raised… */
  raiseAfterSec: z.number().min(0).max(3600).default(10),
  /** …a raised drop alert clears at `dropPctAbove − this` or less (percentage points)… */
  dropClearMarginPct: z.number().min(0).max(100).default(0.2),
  /** …and a raised hopper alert at `hopperBelow + this` leads or more. */
  hopperClearMargin: z.number().int().min(0).default(5),
});

/** Alerts of a VICIdial in-group queue. */
const inGroupRules = z.object({
  /** Alert when more calls than this wait in the in-group (null: off). */
  callsWaitingAbove: z.number().int().min(0).nullable().default(5),
  raiseAfterSec: z.number().min(0).max(3600).default(10),
  /** A raised alert clears at `callsWaitingAbove − this` calls or fewer. */
  callsWaitingClearMargin: z.number().int().min(0).default(2),
});

/** The whole alert configuration; "*" keys are the defaults for queues and campaigns. */
export const alertConfigSchema = z.object({
  queues: z.record(z.string(), queueRules.partial()).default({}),
  campaigns: z.record(z.string(), campaignRules.partial()).default({}),
  pbxDown: z.boolean().default(true),
  /** VICIdial's dialer and in-groups (read from its database); "*" keys are the defaults. */
  dialer: z
    .object({
      campaigns: z.record(z.string(), dialerCampaignRules.partial()).default({}),
      inGroups: z.record(z.string(), inGroupRules.partial()).default({}),
    })
    .default({ campaigns: {}, inGroups: {} }),
});

export type AlertConfig = z.infer<typeof alertConfigSchema>;

/** The defaults in force for every queue and campaign that sets nothing (for forms and docs). */
export const QUEUE_RULE_DEFAULTS: QueueRules = queueRules.parse({});
export const CAMPAIGN_RULE_DEFAULTS: CampaignRules = campaignRules.parse({});
export const DIALER_CAMPAIGN_RULE_DEFAULTS: DialerCampaignRules = dialerCampaignRules.parse({});
export const IN_GROUP_RULE_DEFAULTS: InGroupRules = inGroupRules.parse({});
export type DialerCampaignRules = z.infer<typeof dialerCampaignRules>;
export type InGroupRules = z.infer<typeof inGroupRules>;
export type QueueRules = z.infer<typeof queueRules>;
export type CampaignRules = z.infer<typeof campaignRules>;

/**
 * The rules of the configuration as lookups keyed by outside input (queue ids from the PBX,
 * campaign ids and pause codes from agent events): Maps built from the records' own entries,
 * so a key such as "constructor" or "__proto__" finds only what was configured under it,
 * never an Object.prototype member. Build one per evaluation; rules are resolved once per
 * queue and campaign ("*" entries as defaults) and cached.
 */
export class AlertRules {
  readonly pbxDown: boolean;
  private readonly queueEntries: ReadonlyMap<string, Partial<QueueRules>>;
  private readonly campaignEntries: ReadonlyMap<string, Partial<CampaignRules>>;
  private readonly queueCache = new Map<string, QueueRules>();
  private readonly campaignCache = new Map<string, ResolvedCampaignRules>();
  private readonly dialerEntries: ReadonlyMap<string, Partial<DialerCampaignRules>>;
  private readonly inGroupEntries: ReadonlyMap<string, Partial<InGroupRules>>;

  constructor(config: AlertConfig) {
    this.pbxDown = config.pbxDown;
    this.queueEntries = new Map(Object.entries(config.queues));
    this.campaignEntries = new Map(Object.entries(config.campaigns));
    this.dialerEntries = new Map(Object.entries(config.dialer?.campaigns ?? {}));
    this.inGroupEntries = new Map(Object.entries(config.dialer?.inGroups ?? {}));
  }

  /** The dialer rules of VICIdial campaign `id`: its own entry over "*" over the defaults. */
  dialerCampaign(id: string): DialerCampaignRules {
    return dialerCampaignRules.parse({ ...this.dialerEntries.get("*"), ...this.dialerEntries.get(id) });
  }

  /** The rules of VICIdial in-group `id` likewise. */
  inGroup(id: string): InGroupRules {
    return inGroupRules.parse({ ...this.inGroupEntries.get("*"), ...this.inGroupEntries.get(id) });
  }

  /** The rules of queue `id`: its own entry over the "*" entry over the defaults. */
  queue(id: string): QueueRules {
    let rules = this.queueCache.get(id);
    if (!rules) {
      rules = queueRules.parse({ ...this.queueEntries.get("*"), ...this.queueEntries.get(id) });
      this.queueCache.set(id, rules);
    }
    return rules;
  }

  /** The rules of campaign `id` likewise; its pause limits keyed by pause code ("*": any other code). */
  campaign(id: string): ResolvedCampaignRules {
    let rules = this.campaignCache.get(id);
    if (!rules) {
      const parsed = campaignRules.parse({ ...this.campaignEntries.get("*"), ...this.campaignEntries.get(id) });
      rules = { staleAgents: parsed.staleAgents, pauseLimitsSec: new Map(Object.entries(parsed.pauseLimitsSec)) };
      this.campaignCache.set(id, rules);
    }
    return rules;
  }
}

export interface ResolvedCampaignRules {
  /** Pause code → most seconds allowed; "*" for any code not listed. */
  pauseLimitsSec: ReadonlyMap<string, number>;
  staleAgents: boolean;
}
