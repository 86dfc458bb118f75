/**
 * The SQL the VICIdial database source runs once per poll, each statement following what
 * VICIdial's own real-time report (www/vicidial/AST_timeonVDADall.php 2.14-120, loaded by
 * realtime_report.php) reads, restricted to the tables of grants.ts, plus typed row readers.
 *
 * Clocks: every statement that yields a duration computes it in SQL against the database's
 * NOW() of the same statement (TIMESTAMPDIFF), and returns that NOW() as `db_now` (Unix
 * seconds with ms), so neither the wallboard's clock nor its time zone is involved. Absolute
 * times are returned as UNIX_TIMESTAMP(column): the DATETIME read in the session time zone,
 * which we leave at the server's default (VICIdial writes local times of its servers).
 *
 * MyISAM and MEMORY tables have no transactions: the statements of one poll see slightly
 * different moments, exactly as the report's statements do.
 *
 * Row limits are explicit parameters; callers pass the configured bound.
 */

/** Runs one statement and resolves with its rows (objects keyed by column alias). */
export interface SqlRunner {
  query(sql: string, values?: readonly unknown[]): Promise<Record<string, unknown>[]>;
}

// -- value readers: mysql2 returns DECIMAL and SUM() as strings, BIGINT as number or string

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

function int(v: unknown): number {
  return Math.trunc(num(v) ?? 0);
}

function text(v: unknown): string {
  if (v === null || v === undefined) return "";
  return Buffer.isBuffer(v) ? v.toString("utf8") : String(v);
}

function textOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : text(v);
}

/** Unix seconds (possibly fractional) → ms; null for NULL or a zero date. */
function secToMs(v: unknown): number | null {
  const n = num(v);
  return n === null || n <= 0 ? null : Math.round(n * 1000);
}

// -- campaigns -----------------------------------------------------------------------------

/** One active campaign with its vicidial_campaign_stats row (stats fields null when missing). */
export interface CampaignRow {
  campaignId: string;
  name: string;
  dialMethod: string;
  /** vicidial_campaigns.auto_dial_level as stored (text). */
  autoDialLevel: string;
  hopperLevel: number;
  autoHopperLevel: number;
  useAutoHopper: boolean;
  /** adaptive_dropped_percentage as stored (text). */
  adaptiveDroppedPercentage: string;
  /** closer_campaigns as stored: " GROUP1 GROUP2 -". */
  closerCampaigns: string;
  allowInbound: boolean;
  agentPauseCodesActive: string;
  dropCallSeconds: number;
  ofcomUkDropCalc: boolean;
  hasStats: boolean;
  dialableLeads: number;
  callsToday: number;
  answersToday: number;
  /** DECIMAL(12,3) since 2.12. */
  dropsToday: number;
  dropsTodayPct: string;
  dropsAnswersTodayPct: string;
  differentialOnemin: string;
  agentsAverageOnemin: string;
  balanceTrunkFill: number;
  statusCategories: { name: string; count: number }[];
  agentCallsToday: number;
  agentWaitToday: number;
  agentCusttalkToday: number;
  agentAcwToday: number;
  agentPauseToday: number;
  answeringMachinesToday: number;
  agenthandledToday: number;
  /** update_time of the stats row, ms on the database clock. */
  statsUpdatedAtMs: number | null;
  /** Seconds since update_time, database clock. */
  statsAgeSec: number | null;
  /** The database's NOW() of this statement, ms. */
  dbNowMs: number;
}

const CAMPAIGNS_SQL = `SELECT c.campaign_id, c.campaign_name, c.dial_method, c.auto_dial_level, c.hopper_level,
  c.auto_hopper_level, c.use_auto_hopper, c.adaptive_dropped_percentage, c.closer_campaigns,
  c.campaign_allow_inbound, c.agent_pause_codes_active, c.drop_call_seconds, c.ofcom_uk_drop_calc,
  s.campaign_id AS stats_campaign_id, s.dialable_leads, s.calls_today, s.answers_today, s.drops_today,
  s.drops_today_pct, s.drops_answers_today_pct, s.differential_onemin, s.agents_average_onemin,
  s.balance_trunk_fill, s.status_category_1, s.status_category_count_1, s.status_category_2,
  s.status_category_count_2, s.status_category_3, s.status_category_count_3, s.status_category_4,
  s.status_category_count_4, s.agent_calls_today, s.agent_wait_today, s.agent_custtalk_today,
  s.agent_acw_today, s.agent_pause_today, s.answering_machines_today, s.agenthandled_today,
  UNIX_TIMESTAMP(s.update_time) AS stats_updated_at, TIMESTAMPDIFF(SECOND, s.update_time, NOW()) AS stats_age_sec,
  UNIX_TIMESTAMP(NOW(3)) AS db_now
FROM vicidial_campaigns c LEFT JOIN vicidial_campaign_stats s ON s.campaign_id = c.campaign_id
WHERE c.active = 'Y'
ORDER BY c.campaign_id
LIMIT ?`;

/**
 * Active campaigns with their dialer settings and today's counters. Follows
 * AST_timeonVDADall.php's campaign header: `SELECT auto_dial_level, ..., hopper_level,
 * dial_method, ... FROM vicidial_campaigns` and `SELECT dialable_leads, calls_today,
 * drops_today, drops_answers_today_pct, differential_onemin, agents_average_onemin, ... FROM
 * vicidial_campaign_stats`, one row per campaign instead of the report's sums. At most
 * `limit` campaigns, by campaign id.
 */
export async function readCampaigns(run: SqlRunner, limit: number): Promise<CampaignRow[]> {
  const rows = await run.query(CAMPAIGNS_SQL, [limit]);
  return rows.map((r) => ({
    campaignId: text(r.campaign_id),
    name: text(r.campaign_name),
    dialMethod: text(r.dial_method),
    autoDialLevel: text(r.auto_dial_level),
    hopperLevel: int(r.hopper_level),
    autoHopperLevel: int(r.auto_hopper_level),
    useAutoHopper: text(r.use_auto_hopper) === "Y",
    adaptiveDroppedPercentage: text(r.adaptive_dropped_percentage),
    closerCampaigns: text(r.closer_campaigns),
    allowInbound: text(r.campaign_allow_inbound) === "Y",
    agentPauseCodesActive: text(r.agent_pause_codes_active),
    dropCallSeconds: int(r.drop_call_seconds),
    ofcomUkDropCalc: text(r.ofcom_uk_drop_calc) === "Y",
    hasStats: r.stats_campaign_id !== null && r.stats_campaign_id !== undefined,
    dialableLeads: int(r.dialable_leads),
    callsToday: int(r.calls_today),
    answersToday: int(r.answers_today),
    dropsToday: num(r.drops_today) ?? 0,
    dropsTodayPct: text(r.drops_today_pct),
    dropsAnswersTodayPct: text(r.drops_answers_today_pct),
    differentialOnemin: text(r.differential_onemin),
    agentsAverageOnemin: text(r.agents_average_onemin),
    balanceTrunkFill: int(r.balance_trunk_fill),
    statusCategories: [1, 2, 3, 4]
      .map((i) => ({ name: text(r[`status_category_${i}`]).trim(), count: int(r[`status_category_count_${i}`]) }))
      .filter((c) => c.name !== "" && c.name !== "NULL"),
    agentCallsToday: int(r.agent_calls_today),
    agentWaitToday: int(r.agent_wait_today),
    agentCusttalkToday: int(r.agent_custtalk_today),
    agentAcwToday: int(r.agent_acw_today),
    agentPauseToday: int(r.agent_pause_today),
    answeringMachinesToday: int(r.answering_machines_today),
    agenthandledToday: int(r.agenthandled_today),
    statsUpdatedAtMs: secToMs(r.stats_updated_at),
    statsAgeSec: num(r.stats_age_sec),
    dbNowMs: secToMs(r.db_now) ?? 0,
  }));
}

// -- hopper --------------------------------------------------------------------------------

export interface HopperRow {
  campaignId: string;
  /** Every row of the campaign, whatever its status (the report's "LEADS IN HOPPER"). */
  leads: number;
  /** Rows still READY (not yet taken by the dialer). */
  ready: number;
}

/**
 * Leads in the hopper per campaign. Follows AST_timeonVDADall.php's "LEADS IN HOPPER":
 * `SELECT count(*) from vicidial_hopper where campaign_id IN(...)` (all statuses), grouped
 * by campaign, with the READY ones counted apart. At most `limit` campaigns.
 */
export async function readHopperCounts(run: SqlRunner, limit: number): Promise<HopperRow[]> {
  const rows = await run.query(
    `SELECT campaign_id, COUNT(*) AS leads, SUM(status = 'READY') AS ready
FROM vicidial_hopper GROUP BY campaign_id ORDER BY campaign_id LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({ campaignId: text(r.campaign_id), leads: int(r.leads), ready: int(r.ready) }));
}

// -- calls in vicidial_auto_calls ----------------------------------------------------------

export interface AutoCallCountRow {
  /** A campaign id (call_type OUT/OUTBALANCE) or an in-group id (call_type IN). */
  campaignId: string;
  callType: string;
  status: string;
  calls: number;
  /** Seconds since the oldest call_time of the group, database clock. */
  longestSec: number | null;
  /** call_time of the oldest call of the group, ms, database clock. */
  oldestCallAtMs: number | null;
  topPriority: number | null;
  dbNowMs: number;
}

/**
 * Calls per campaign or in-group, direction and status. Follows AST_timeonVDADall.php's
 * "calls being placed / calls ringing / calls waiting for agents / calls in IVR" line, which
 * reads `SELECT status, campaign_id, ..., UNIX_TIMESTAMP(call_time), call_type,
 * queue_priority FROM vicidial_auto_calls` and counts in PHP (see snapshot.ts); here the
 * database counts, and measures the oldest wait with its own NOW(). At most `limit` groups.
 */
export async function readAutoCallCounts(run: SqlRunner, limit: number): Promise<AutoCallCountRow[]> {
  const rows = await run.query(
    `SELECT campaign_id, call_type, status, COUNT(*) AS calls,
  MAX(TIMESTAMPDIFF(SECOND, call_time, NOW())) AS longest_sec, UNIX_TIMESTAMP(MIN(call_time)) AS oldest_call_at,
  MAX(queue_priority) AS top_priority, UNIX_TIMESTAMP(NOW(3)) AS db_now
FROM vicidial_auto_calls GROUP BY campaign_id, call_type, status ORDER BY campaign_id, call_type, status LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    campaignId: text(r.campaign_id),
    callType: text(r.call_type),
    status: text(r.status),
    calls: int(r.calls),
    longestSec: num(r.longest_sec),
    oldestCallAtMs: secToMs(r.oldest_call_at),
    topPriority: num(r.top_priority),
    dbNowMs: secToMs(r.db_now) ?? 0,
  }));
}

export interface WaitingCallRow {
  autoCallId: number;
  callerId: string;
  leadId: number;
  campaignId: string;
  callType: string;
  status: string;
  phoneCode: string;
  phoneNumber: string;
  callTimeMs: number | null;
  waitSec: number | null;
  queuePriority: number;
  agentOnly: string;
  dbNowMs: number;
}

/**
 * The calls waiting for an agent (status LIVE) or in an IVR, in the report's order. Follows
 * AST_timeonVDADall.php's waiting-call list (CALLSdisplay): `SELECT status, campaign_id,
 * phone_number, server_ip, UNIX_TIMESTAMP(call_time), call_type, queue_priority, agent_only
 * FROM vicidial_auto_calls WHERE status NOT IN('XFER') ... ORDER BY queue_priority desc,
 * campaign_id, call_time`, of which it lists the LIVE and IVR rows. The wait is
 * NOW() − call_time on the database clock. At most `limit` calls (the counts of
 * readAutoCallCounts stay exact beyond it).
 */
export async function readWaitingCalls(run: SqlRunner, limit: number): Promise<WaitingCallRow[]> {
  const rows = await run.query(
    `SELECT auto_call_id, callerid, lead_id, campaign_id, call_type, status, phone_code, phone_number,
  UNIX_TIMESTAMP(call_time) AS call_time, TIMESTAMPDIFF(SECOND, call_time, NOW()) AS wait_sec,
  queue_priority, agent_only, UNIX_TIMESTAMP(NOW(3)) AS db_now
FROM vicidial_auto_calls WHERE status IN ('LIVE', 'IVR')
ORDER BY queue_priority DESC, campaign_id, call_time, auto_call_id
LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    autoCallId: int(r.auto_call_id),
    callerId: text(r.callerid),
    leadId: int(r.lead_id),
    campaignId: text(r.campaign_id),
    callType: text(r.call_type),
    status: text(r.status),
    phoneCode: text(r.phone_code),
    phoneNumber: text(r.phone_number),
    callTimeMs: secToMs(r.call_time),
    waitSec: num(r.wait_sec),
    queuePriority: int(r.queue_priority),
    agentOnly: text(r.agent_only),
    dbNowMs: secToMs(r.db_now) ?? 0,
  }));
}

// -- in-groups -----------------------------------------------------------------------------

export interface InGroupRow {
  groupId: string;
  name: string;
  color: string;
  queuePriority: number;
  dropCallSeconds: number;
  slOneSec: number;
  slTwoSec: number;
  hasStats: boolean;
  callsToday: number;
  answersToday: number;
  dropsToday: number;
  dropsTodayPct: string;
  dropsAnswersTodayPct: string;
  holdSecStatOne: number;
  holdSecStatTwo: number;
  holdSecAnswerCalls: number;
  holdSecDropCalls: number;
  holdSecQueueCalls: number;
  statsUpdatedAtMs: number | null;
}

/**
 * Active in-groups with their settings and today's counters. Follows AST_timeonVDADall.php:
 * `SELECT group_id, group_name FROM vicidial_inbound_groups`, `SELECT group_id, group_color
 * FROM vicidial_inbound_groups` and the in-group stats line (ALLINGROUPstats) `SELECT
 * calls_today, drops_today, answers_today, ..., hold_sec_stat_one, hold_sec_stat_two,
 * hold_sec_answer_calls, hold_sec_drop_calls, hold_sec_queue_calls FROM
 * vicidial_campaign_stats WHERE campaign_id = <group_id>`. At most `limit` in-groups.
 */
export async function readInGroups(run: SqlRunner, limit: number): Promise<InGroupRow[]> {
  const rows = await run.query(
    `SELECT g.group_id, g.group_name, g.group_color, g.queue_priority, g.drop_call_seconds,
  g.answer_sec_pct_rt_stat_one, g.answer_sec_pct_rt_stat_two,
  s.campaign_id AS stats_campaign_id, s.calls_today, s.answers_today, s.drops_today, s.drops_today_pct,
  s.drops_answers_today_pct, s.hold_sec_stat_one, s.hold_sec_stat_two, s.hold_sec_answer_calls,
  s.hold_sec_drop_calls, s.hold_sec_queue_calls, UNIX_TIMESTAMP(s.update_time) AS stats_updated_at
FROM vicidial_inbound_groups g LEFT JOIN vicidial_campaign_stats s ON s.campaign_id = g.group_id
WHERE g.active = 'Y'
ORDER BY g.group_id
LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    groupId: text(r.group_id),
    name: text(r.group_name),
    color: text(r.group_color),
    queuePriority: int(r.queue_priority),
    dropCallSeconds: int(r.drop_call_seconds),
    slOneSec: int(r.answer_sec_pct_rt_stat_one),
    slTwoSec: int(r.answer_sec_pct_rt_stat_two),
    hasStats: r.stats_campaign_id !== null && r.stats_campaign_id !== undefined,
    callsToday: int(r.calls_today),
    answersToday: int(r.answers_today),
    dropsToday: num(r.drops_today) ?? 0,
    dropsTodayPct: text(r.drops_today_pct),
    dropsAnswersTodayPct: text(r.drops_answers_today_pct),
    holdSecStatOne: int(r.hold_sec_stat_one),
    holdSecStatTwo: int(r.hold_sec_stat_two),
    holdSecAnswerCalls: int(r.hold_sec_answer_calls),
    holdSecDropCalls: int(r.hold_sec_drop_calls),
    holdSecQueueCalls: int(r.hold_sec_queue_calls),
    statsUpdatedAtMs: secToMs(r.stats_updated_at),
  }));
}

// -- agents --------------------------------------------------------------------------------

export interface LiveAgentRow {
  user: string;
  fullName: string | null;
  campaignId: string;
  /** vicidial_live_agents.status: READY, QUEUE, INCALL, PAUSED, CLOSER, MQUEUE. */
  status: string;
  leadId: number;
  callerId: string;
  comments: string;
  /** vicidial_live_agents.pause_code (2.8+). */
  pauseCode: string;
  /** sub_status of the agent's latest vicidial_agent_log row (PAUSED agents only). */
  subStatus: string | null;
  agentLogId: number;
  extension: string;
  closerCampaigns: string;
  onHookAgent: boolean;
  ringCallerId: string;
  callsToday: number;
  lastStateChangeMs: number | null;
  stateSec: number | null;
  lastCallTimeMs: number | null;
  callSec: number | null;
  lastUpdateAgeSec: number | null;
  /** A vicidial_auto_calls row with this agent's callerid exists (else INCALL shows DEAD). */
  callPresent: boolean;
  /** That row is a manual dial not yet answered (uniqueid and channel still short): DIAL. */
  callDialing: boolean;
  dbNowMs: number;
}

/**
 * Every logged-in agent with what AST_timeonVDADall.php looks up per agent: its main query
 * `SELECT extension, vicidial_live_agents.user, ..., vicidial_live_agents.status, ...,
 * vicidial_live_agents.campaign_id, vicidial_users.full_name, ..., lead_id,
 * UNIX_TIMESTAMP(last_state_change), on_hook_agent, ring_callerid, agent_log_id FROM
 * vicidial_live_agents, vicidial_users WHERE ... user_hide_realtime='0'`; the DEAD test
 * (callerid no longer in `SELECT callerid FROM vicidial_auto_calls`); the DIAL test for
 * MANUAL calls (`SELECT uniqueid, channel FROM vicidial_auto_calls WHERE callerid=...`, both
 * shorter than 5 characters); and the pause code `SELECT sub_status FROM vicidial_agent_log
 * WHERE agent_log_id >= <agent_log_id> AND user=<user> ORDER BY agent_log_id DESC LIMIT 1`
 * (PAUSED agents only). Also vicidial_live_agents.pause_code (2.8+). Users without a
 * vicidial_users row are kept (full name null). At most `limit` agents, by user.
 */
export async function readLiveAgents(run: SqlRunner, limit: number): Promise<LiveAgentRow[]> {
  const rows = await run.query(
    `SELECT vla.user, vu.full_name, vla.campaign_id, vla.status, vla.lead_id, vla.callerid, vla.comments,
  vla.pause_code, vla.agent_log_id, vla.extension, vla.closer_campaigns, vla.on_hook_agent, vla.ring_callerid,
  vla.calls_today,
  UNIX_TIMESTAMP(vla.last_state_change) AS last_state_change, TIMESTAMPDIFF(SECOND, vla.last_state_change, NOW()) AS state_sec,
  UNIX_TIMESTAMP(vla.last_call_time) AS last_call_time, TIMESTAMPDIFF(SECOND, vla.last_call_time, NOW()) AS call_sec,
  TIMESTAMPDIFF(SECOND, vla.last_update_time, NOW()) AS update_age_sec,
  EXISTS (SELECT 1 FROM vicidial_auto_calls vac WHERE vac.callerid = vla.callerid) AS call_present,
  EXISTS (SELECT 1 FROM vicidial_auto_calls vac WHERE vac.callerid = vla.callerid
    AND CHAR_LENGTH(COALESCE(vac.uniqueid, '')) < 5 AND CHAR_LENGTH(COALESCE(vac.channel, '')) < 5) AS call_dialing,
  CASE WHEN vla.status = 'PAUSED' THEN (SELECT val.sub_status FROM vicidial_agent_log val
    WHERE val.agent_log_id >= vla.agent_log_id AND val.user = vla.user ORDER BY val.agent_log_id DESC LIMIT 1) END AS sub_status,
  UNIX_TIMESTAMP(NOW(3)) AS db_now
FROM vicidial_live_agents vla LEFT JOIN vicidial_users vu ON vu.user = vla.user
WHERE vu.user_hide_realtime IS NULL OR vu.user_hide_realtime = '0'
ORDER BY vla.user, vla.live_agent_id
LIMIT ?`,
    [limit],
  );
  return rows.map((r) => ({
    user: text(r.user),
    fullName: textOrNull(r.full_name),
    campaignId: text(r.campaign_id),
    status: text(r.status),
    leadId: int(r.lead_id),
    callerId: text(r.callerid),
    comments: text(r.comments),
    pauseCode: text(r.pause_code),
    subStatus: textOrNull(r.sub_status),
    agentLogId: int(r.agent_log_id),
    extension: text(r.extension),
    closerCampaigns: text(r.closer_campaigns),
    onHookAgent: text(r.on_hook_agent) === "Y",
    ringCallerId: text(r.ring_callerid),
    callsToday: int(r.calls_today),
    lastStateChangeMs: secToMs(r.last_state_change),
    stateSec: num(r.state_sec),
    lastCallTimeMs: secToMs(r.last_call_time),
    callSec: num(r.call_sec),
    lastUpdateAgeSec: num(r.update_age_sec),
    callPresent: int(r.call_present) === 1,
    callDialing: int(r.call_dialing) === 1,
    dbNowMs: secToMs(r.db_now) ?? 0,
  }));
}

// -- one poll ------------------------------------------------------------------------------

/**
 * The database's clock, ms (UNIX_TIMESTAMP(NOW(3))): the first statement of a poll, so the
 * poller can estimate the offset to the wallboard's clock from one short round trip even when
 * no campaign is active.
 */
export async function readDbNow(run: SqlRunner): Promise<number> {
  const rows = await run.query("SELECT UNIX_TIMESTAMP(NOW(3)) AS db_now");
  return secToMs(rows[0]?.db_now) ?? 0;
}

/** Everything one poll reads, before snapshot.ts turns it into the snapshot. */
export interface PollRows {
  /** The database's NOW() at the start of the poll, ms. */
  dbNowMs: number;
  campaigns: CampaignRow[];
  hopper: HopperRow[];
  callCounts: AutoCallCountRow[];
  waitingCalls: WaitingCallRow[];
  inGroups: InGroupRow[];
  agents: LiveAgentRow[];
}

/** Row bounds of one poll. */
export interface PollLimits {
  /** Campaigns, in-groups and grouped call counts. */
  maxGroups: number;
  /** Waiting calls listed (counts stay exact). */
  maxWaitingCalls: number;
  /** Live agents listed. */
  maxAgents: number;
}

/**
 * Runs the clock statement and the six reads in sequence on one runner (one connection).
 * Rejects with the first statement's error; nothing is retried here (the poller owns retries
 * and backoff).
 */
export async function readAll(run: SqlRunner, limits: PollLimits): Promise<PollRows> {
  const dbNowMs = await readDbNow(run);
  const campaigns = await readCampaigns(run, limits.maxGroups);
  const hopper = await readHopperCounts(run, limits.maxGroups);
  // A campaign or in-group has at most 3 call types × 9 statuses (the two ENUMs).
  const callCounts = await readAutoCallCounts(run, limits.maxGroups * 27);
  const waitingCalls = await readWaitingCalls(run, limits.maxWaitingCalls);
  const inGroups = await readInGroups(run, limits.maxGroups);
  const agents = await readLiveAgents(run, limits.maxAgents);
  return { dbNowMs, campaigns, hopper, callCounts, waitingCalls, inGroups, agents };
}
