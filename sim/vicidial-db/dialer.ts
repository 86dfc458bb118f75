/**
 * A simulated VICIdial back end writing the tables of sim/vicidial-db/schema.sql the way
 * VICIdial's own programs do, so the wallboard's database source (lib/sources/vicidial-db)
 * can be tested and demonstrated against real rows. Drivable one action at a time from tests
 * (every method is one thing a VICIdial program does), or by sim/vicidial-db/follow-call-centre.ts
 * from the call-centre model.
 *
 * Who does what in VICIdial 2.14 (read in its source, named per method):
 * - agent screen (agc/vicidial.php, agc/vdc_db_query.php): login, ready, pause, pause code,
 *   manual dial, hang up, disposition, logout → vicidial_live_agents, vicidial_agent_log;
 * - bin/AST_VDauto_dial.pl: places calls (vicidial_auto_calls 'SENT', taking hopper leads),
 *   clears calls nobody answered; the last-minute trend columns of vicidial_campaign_stats;
 * - agi/agi-VDAD_ALL_outbound.agi: an answered call becomes 'LIVE', then 'XFER' when sent to
 *   an agent (agent 'QUEUE' then 'INCALL'), or is dropped after drop_call_seconds;
 * - agi/agi-VDAD_ALL_inbound.agi: an inbound call enters an in-group 'LIVE' with the
 *   in-group's queue_priority, becomes 'CLOSER' when an agent takes it;
 * - bin/AST_VDhopper.pl: refills vicidial_hopper, writes dialable_leads (about once a minute);
 * - bin/AST_VDadapt.pl: today's counters and drop percentages (about once a minute), with
 *   its formulas and text formats (see writeStats).
 *
 * Clock: every `atMs` is ms since the Unix epoch on the clock of the simulated VICIdial
 * servers, written as DATETIME through FROM_UNIXTIME (whole seconds, the database session's
 * time zone) as VICIdial writes its servers' local time. Pass the database's own clock
 * (e.g. `SELECT UNIX_TIMESTAMP()`) or real time to make waits read naturally.
 *
 * Errors: methods reject with the driver's error when a statement fails; acting on an
 * unknown agent or call is a no-op returning false (the real programs' UPDATEs match no row).
 * Not concurrency-safe: await each call before the next.
 */
import type { Connection } from "mysql2/promise";
import { Rng } from "../shared/rng";

/** A campaign as the simulator installs it (vicidial_campaigns + its stats row). */
export interface SimDbCampaign {
  /** ≤ 8 characters (VARCHAR(8)). */
  id: string;
  name: string;
  /** vicidial_campaigns.dial_method. */
  dialMethod: "MANUAL" | "RATIO" | "ADAPT_HARD_LIMIT" | "ADAPT_TAPERED" | "ADAPT_AVERAGE" | "INBOUND_MAN";
  /** auto_dial_level text, e.g. "0", "2.5". */
  dialLevel: string;
  /** hopper_level. */
  hopperLevel: number;
  /** Initial dialable_leads; each placed call uses one. */
  dialableLeads: number;
  /** In-groups the campaign's agents take (closer_campaigns). */
  inGroups?: readonly string[];
  /** agent_pause_codes_active; default "Y". */
  pauseCodes?: "Y" | "N" | "FORCE";
  /** drop_call_seconds; default 5. */
  dropCallSeconds?: number;
  /** adaptive_dropped_percentage; default "3". */
  dropLimitPct?: string;
  /** ofcom_uk_drop_calc (the UK drop formula of AST_VDadapt.pl); default false. */
  ukOfcom?: boolean;
  /** queue_priority of its outbound calls; default 50 (VICIdial's default). */
  queuePriority?: number;
}

export interface SimDbInGroup {
  /** ≤ 20 characters. */
  id: string;
  name: string;
  color?: string;
  /** queue_priority copied onto each call; default 0. */
  queuePriority?: number;
  /** answer_sec_pct_rt_stat_one / _two, seconds; default 20 / 30. */
  slOneSec?: number;
  slTwoSec?: number;
}

export interface SimDbUser {
  user: string;
  fullName: string;
  /** vicidial_users.user_hide_realtime = '1'. */
  hideRealtime?: boolean;
}

export interface DialerOptions {
  /** server_ip written on rows; default "10.10.10.15". */
  serverIp?: string;
  /** PRNG seed for phone numbers, lead ids and ring times; default 7. */
  seed?: number;
  /**
   * "vicidial" (default): new vicidial_agent_log rows get AUTO_INCREMENT ids when VICIdial
   * opens them (login, pause from READY, a second pause code, after a disposition).
   * "external": ids come from the caller (login, startAgentLog) and no other rows are opened,
   * so ids stay equal to an external numbering such as the pushes' agent_log_id; a pause from
   * READY then reuses the open row (its sub_status cleared) and a second pause code
   * overwrites sub_status instead of opening a row.
   */
  agentLogIds?: "vicidial" | "external";
  /** Ring time of a placed call before it counts as not answered, seconds; default [5, 25]. */
  ringSec?: readonly [number, number];
}

/** Today's counters of one campaign or in-group, as AST_VDadapt.pl would count them from its logs. */
interface Counters {
  calls: number;
  answers: number;
  drops: number;
  answeringMachines: number;
  agentHandled: number;
  /** In-groups: answered within slOne / slTwo, and queue seconds of answered, dropped, all calls. */
  slOne: number;
  slTwo: number;
  holdAnswered: number;
  holdDropped: number;
  holdAll: number;
}

interface CampaignState {
  cfg: SimDbCampaign;
  dialableLeads: number;
  counters: Counters;
}

interface InGroupState {
  cfg: SimDbInGroup;
  counters: Counters;
}

interface AgentState {
  user: string;
  campaign: string;
  status: "READY" | "CLOSER" | "PAUSED" | "INCALL" | "QUEUE";
  leadId: number;
  callerId: string;
  agentLogId: number;
}

interface CallState {
  callerId: string;
  /** Campaign (OUT) or in-group (IN). */
  group: string;
  /** The campaign whose counters an outbound call feeds. */
  campaign: string | null;
  type: "IN" | "OUT";
  status: "SENT" | "LIVE" | "XFER" | "CLOSER";
  leadId: number;
  callTimeMs: number;
  /** SENT calls: when they stop ringing unanswered, sim clock ms. */
  ringUntilMs: number;
  manual: boolean;
  user: string | null;
}

const emptyCounters = (): Counters => ({ calls: 0, answers: 0, drops: 0, answeringMachines: 0, agentHandled: 0, slOne: 0, slTwo: 0, holdAnswered: 0, holdDropped: 0, holdAll: 0 });

/** Whole Unix seconds of a sim-clock ms, for FROM_UNIXTIME (VICIdial writes whole seconds). */
const sec = (ms: number) => Math.floor(ms / 1000);

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** sprintf("%.2f") as Perl does it. */
const f2 = (x: number) => x.toFixed(2);

/**
 * The simulator. `db` is a connection with write access (the test harness's root
 * connection). install() first.
 */
export class VicidialDbDialer {
  readonly serverIp: string;
  private readonly rng: Rng;
  private readonly agentLogIds: "vicidial" | "external";
  private readonly ringSec: readonly [number, number];
  private readonly campaigns = new Map<string, CampaignState>();
  private readonly inGroups = new Map<string, InGroupState>();
  private readonly agents = new Map<string, AgentState>();
  private readonly calls = new Map<string, CallState>();
  private nextLead = 0;
  private nextCallSeq = 0;

  constructor(
    private readonly db: Pick<Connection, "query">,
    opts: DialerOptions = {},
  ) {
    this.serverIp = opts.serverIp ?? "10.10.10.15";
    this.rng = new Rng(opts.seed ?? 7);
    this.agentLogIds = opts.agentLogIds ?? "vicidial";
    this.ringSec = opts.ringSec ?? [5, 25];
    this.nextLead = this.rng.int(10_000_000, 20_000_000);
  }

  // -- set-up (what an admin configures) -----------------------------------------------------

  /**
   * Inserts campaigns (with their vicidial_campaign_stats rows), in-groups (with theirs) and
   * users, then fills each hopper to its level. Call once on an empty schema.
   */
  async install(setup: { campaigns: readonly SimDbCampaign[]; inGroups?: readonly SimDbInGroup[]; users?: readonly SimDbUser[] }): Promise<void> {
    for (const c of setup.campaigns) {
      if (c.id.length > 8) throw new Error(`campaign id ${c.id} is longer than VICIdial's 8 characters`);
      this.campaigns.set(c.id, { cfg: c, dialableLeads: c.dialableLeads, counters: emptyCounters() });
      await this.db.query(
        `INSERT INTO vicidial_campaigns (campaign_id, campaign_name, active, hopper_level, auto_dial_level, dial_method, closer_campaigns,
           campaign_allow_inbound, agent_pause_codes_active, adaptive_dropped_percentage, drop_call_seconds, queue_priority, ofcom_uk_drop_calc)
         VALUES (?, ?, 'Y', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          c.id,
          c.name,
          c.hopperLevel,
          c.dialLevel,
          c.dialMethod,
          c.inGroups && c.inGroups.length > 0 ? ` ${c.inGroups.join(" ")} -` : "",
          c.inGroups && c.inGroups.length > 0 ? "Y" : "N",
          c.pauseCodes ?? "Y",
          c.dropLimitPct ?? "3",
          c.dropCallSeconds ?? 5,
          c.queuePriority ?? 50,
          c.ukOfcom ? "Y" : "N",
        ],
      );
      // VICIdial creates the stats row with the campaign (admin.php); AST_VDadapt.pl fills it.
      await this.db.query(`INSERT INTO vicidial_campaign_stats (campaign_id, dialable_leads) VALUES (?, ?)`, [c.id, c.dialableLeads]);
    }
    for (const g of setup.inGroups ?? []) {
      this.inGroups.set(g.id, { cfg: g, counters: emptyCounters() });
      await this.db.query(
        `INSERT INTO vicidial_inbound_groups (group_id, group_name, group_color, active, queue_priority, answer_sec_pct_rt_stat_one, answer_sec_pct_rt_stat_two)
         VALUES (?, ?, ?, 'Y', ?, ?, ?)`,
        [g.id, g.name, g.color ?? "white", g.queuePriority ?? 0, g.slOneSec ?? 20, g.slTwoSec ?? 30],
      );
      await this.db.query(`INSERT INTO vicidial_campaign_stats (campaign_id) VALUES (?)`, [g.id]);
    }
    for (const u of setup.users ?? []) {
      await this.db.query(`INSERT INTO vicidial_users (user, pass, full_name, user_level, user_group, user_hide_realtime) VALUES (?, ?, ?, 1, 'AGENTS', ?)`, [
        u.user,
        `pw-${u.user}`,
        u.fullName,
        u.hideRealtime ? "1" : "0",
      ]);
    }
    for (const id of this.campaigns.keys()) await this.refillHopper(id);
  }

  // -- agent screen (agc/vicidial.php, agc/vdc_db_query.php) ---------------------------------

  /**
   * An agent logs in (vicidial.php): any old row of the user is deleted, a vicidial_agent_log
   * row with sub_status 'LOGIN' is opened, and the agent starts PAUSED with pause_code 'LOGIN'
   * (auto-dial campaigns; '' for dial level 0) and lead_id '' (which a non-strict server
   * stores as 0, as VICIdial relies on). Returns the agent_log_id.
   */
  async login(user: string, campaign: string, atMs: number, opts: { agentLogId?: number; inGroups?: readonly string[]; extension?: string } = {}): Promise<number> {
    const camp = this.campaign(campaign);
    const autoDial = Number(camp.cfg.dialLevel) > 0;
    await this.db.query(`DELETE FROM vicidial_live_agents WHERE user = ?`, [user]);
    const agentLogId = await this.openAgentLog(user, campaign, atMs, "LOGIN", opts.agentLogId);
    const groups = opts.inGroups ?? camp.cfg.inGroups ?? [];
    await this.db.query(
      `INSERT INTO vicidial_live_agents (user, server_ip, conf_exten, extension, status, lead_id, campaign_id, uniqueid, callerid, channel, random_id,
         last_call_time, last_update_time, last_call_finish, closer_campaigns, user_level, comments, calls_today, agent_log_id, last_state_change,
         outbound_autodial, pause_code)
       VALUES (?, ?, ?, ?, 'PAUSED', '', ?, '', '', '', ?, FROM_UNIXTIME(?), FROM_UNIXTIME(?), FROM_UNIXTIME(?), ?, 1, '', 0, ?, FROM_UNIXTIME(?), ?, ?)`,
      [
        user,
        this.serverIp,
        String(8600051 + (Number(user) || 0) % 1000),
        opts.extension ?? `SIP/${user}`,
        campaign,
        this.rng.int(10_000_000, 19_999_999),
        sec(atMs),
        sec(atMs),
        sec(atMs),
        groups.length > 0 ? ` ${groups.join(" ")} -` : "",
        agentLogId,
        sec(atMs),
        autoDial ? "Y" : "N",
        autoDial ? "LOGIN" : "",
      ],
    );
    this.agents.set(user, { user, campaign, status: "PAUSED", leadId: 0, callerId: "", agentLogId });
    return agentLogId;
  }

  /**
   * VDADready: READY (or CLOSER for in-group agents), lead cleared, pause code cleared
   * (vdc_db_query.php clears pause_code only on READY). The open agent-log row gets its
   * wait_epoch.
   */
  async ready(user: string, atMs: number, closer = false): Promise<boolean> {
    const a = this.agents.get(user);
    if (!a || a.status === "INCALL" || a.status === "QUEUE") return false;
    const status = closer ? "CLOSER" : "READY";
    await this.db.query(
      `UPDATE vicidial_live_agents SET status = ?, lead_id = 0, uniqueid = 0, callerid = '', channel = '', comments = '', pause_code = '',
         last_state_change = FROM_UNIXTIME(?) WHERE user = ?`,
      [status, sec(atMs), user],
    );
    await this.db.query(`UPDATE vicidial_agent_log SET wait_epoch = ? WHERE agent_log_id = ?`, [sec(atMs), a.agentLogId]);
    a.status = status;
    a.leadId = 0;
    a.callerId = "";
    return true;
  }

  /**
   * VDADpause: PAUSED (pause_code is left as it was; a code comes with pauseCode()); false
   * when the agent is on a call or already paused. Pausing
   * from READY opens a new agent-log row in VICIdial (agent_log 'NEW_ID'); with
   * agentLogIds "external" the current row is kept.
   */
  async pause(user: string, atMs: number): Promise<boolean> {
    const a = this.agents.get(user);
    // VDADpause's UPDATE matches no row for an agent on a call, and changes nothing for one
    // already PAUSED (so last_state_change stays).
    if (!a || a.status === "INCALL" || a.status === "QUEUE" || a.status === "PAUSED") return false;
    const fromReady = a.status === "READY" || a.status === "CLOSER";
    await this.db.query(`UPDATE vicidial_live_agents SET status = 'PAUSED', ring_callerid = '', last_state_change = FROM_UNIXTIME(?) WHERE user = ?`, [sec(atMs), user]);
    a.status = "PAUSED";
    if (fromReady && this.agentLogIds === "vicidial") await this.startAgentLog(user, atMs);
    // "external": the open row stands for the new pause, so an older code (e.g. LOGIN) must not show.
    else if (fromReady) await this.db.query(`UPDATE vicidial_agent_log SET sub_status = NULL WHERE agent_log_id = ?`, [a.agentLogId]);
    return true;
  }

  /**
   * PauseCodeSubmit: vicidial_live_agents.pause_code = code, and the current pause's
   * vicidial_agent_log row gets sub_status = code when it has none; when it has one (a
   * second code in the same pause) VICIdial opens a new row with the code and moves
   * agent_log_id and last_state_change (with agentLogIds "external" the row is overwritten).
   */
  async pauseCode(user: string, code: string, atMs: number): Promise<boolean> {
    const a = this.agents.get(user);
    if (!a || a.status !== "PAUSED") return false;
    const c = code.slice(0, 6);
    await this.db.query(`UPDATE vicidial_live_agents SET pause_code = ? WHERE user = ?`, [c, user]);
    const [res] = await this.db.query(
      `UPDATE vicidial_agent_log SET sub_status = ?, pause_type = 'AGENT'
       WHERE agent_log_id >= ? AND user = ? AND (sub_status IS NULL OR sub_status = '') ORDER BY agent_log_id LIMIT 2`,
      [c, a.agentLogId, user],
    );
    if ((res as { affectedRows?: number }).affectedRows === 0) {
      if (this.agentLogIds === "external") {
        await this.db.query(`UPDATE vicidial_agent_log SET sub_status = ?, pause_type = 'AGENT' WHERE agent_log_id = ?`, [c, a.agentLogId]);
      } else {
        await this.startAgentLog(user, atMs, { subStatus: c });
        await this.db.query(`UPDATE vicidial_live_agents SET last_state_change = FROM_UNIXTIME(?) WHERE user = ?`, [sec(atMs), user]);
      }
    }
    return true;
  }

  /**
   * Opens a new vicidial_agent_log row for the agent and points vicidial_live_agents at it
   * (what vdc_db_query.php does after a disposition or a pause). `agentLogId` is required
   * with agentLogIds "external". Returns the new id.
   */
  async startAgentLog(user: string, atMs: number, opts: { agentLogId?: number; subStatus?: string } = {}): Promise<number> {
    const a = this.agents.get(user);
    if (!a) return 0;
    const id = await this.openAgentLog(user, a.campaign, atMs, opts.subStatus ?? null, opts.agentLogId);
    await this.db.query(`UPDATE vicidial_live_agents SET agent_log_id = ? WHERE user = ?`, [id, user]);
    a.agentLogId = id;
    return id;
  }

  /** The agent_log_id the agent's row points at (0 when not logged in). */
  agentLogIdOf(user: string): number {
    return this.agents.get(user)?.agentLogId ?? 0;
  }

  /**
   * userLOGout: the vicidial_live_agents row is deleted.
   */
  async logout(user: string): Promise<boolean> {
    if (!this.agents.delete(user)) return false;
    await this.db.query(`DELETE FROM vicidial_live_agents WHERE user = ?`, [user]);
    return true;
  }

  /**
   * manDiaLnextCaLL: the agent dials a lead itself. A lead leaves the campaign's hopper, a
   * vicidial_auto_calls row is inserted as 'XFER' with empty uniqueid and channel (the report
   * shows the agent as DIAL until the call is answered), the agent goes INCALL with comments
   * 'MANUAL'. Returns the call id (callerid).
   */
  async manualDial(user: string, atMs: number, opts: { callerId?: string; leadId?: number; phone?: string } = {}): Promise<string | null> {
    const a = this.agents.get(user);
    if (!a) return null;
    const camp = this.campaign(a.campaign);
    await this.takeHopperLead(a.campaign);
    const leadId = opts.leadId ?? this.newLeadId();
    const callerId = opts.callerId ?? this.callId("M", atMs, leadId);
    await this.db.query(
      `INSERT INTO vicidial_auto_calls (server_ip, campaign_id, status, lead_id, callerid, phone_code, phone_number, call_time, call_type)
       VALUES (?, ?, 'XFER', ?, ?, '1', ?, FROM_UNIXTIME(?), 'OUT')`,
      [this.serverIp, a.campaign, leadId, callerId, opts.phone ?? this.phone(), sec(atMs)],
    );
    this.calls.set(callerId, { callerId, group: a.campaign, campaign: a.campaign, type: "OUT", status: "XFER", leadId, callTimeMs: atMs, ringUntilMs: Infinity, manual: true, user });
    camp.counters.calls++;
    camp.dialableLeads = Math.max(0, camp.dialableLeads - 1);
    await this.agentOnCall(a, callerId, leadId, "MANUAL", atMs);
    return callerId;
  }

  /** A manual dial is answered: the row gets its uniqueid and channel (the agent is INCALL, no longer DIAL). */
  async manualAnswered(callerId: string, atMs: number, human = true): Promise<boolean> {
    const call = this.calls.get(callerId);
    if (!call) return false;
    await this.db.query(`UPDATE vicidial_auto_calls SET uniqueid = ?, channel = ? WHERE callerid = ?`, [this.uniqueId(atMs), `SIP/carrier-${pad(this.nextCallSeq++ % 100000, 8)}`, callerId]);
    const camp = call.campaign ? this.campaigns.get(call.campaign) : undefined;
    if (camp && human) {
      camp.counters.answers++;
      camp.counters.agentHandled++;
    }
    return true;
  }

  /**
   * The customer hangs up while the agent is still on the call: the call's row is deleted, the
   * agent stays INCALL (the report shows DEAD until the agent hangs up). Also how a manual
   * dial nobody answered ends.
   */
  async customerHangup(callerId: string): Promise<boolean> {
    return this.removeCall(callerId);
  }

  /**
   * The agent hangs up (manDiaLlogCaLL end): the call's row is deleted if still there, the
   * agent goes PAUSED with its lead still set, which the report shows as DISPO.
   */
  async agentHangup(user: string, atMs: number): Promise<boolean> {
    const a = this.agents.get(user);
    if (!a) return false;
    if (a.callerId) await this.removeCall(a.callerId);
    await this.db.query(
      `UPDATE vicidial_live_agents SET status = 'PAUSED', uniqueid = 0, callerid = '', channel = '', comments = '',
         last_call_finish = FROM_UNIXTIME(?), last_state_change = FROM_UNIXTIME(?) WHERE user = ?`,
      [sec(atMs), sec(atMs), user],
    );
    await this.db.query(`UPDATE vicidial_agent_log SET dispo_epoch = ? WHERE agent_log_id = ?`, [sec(atMs), a.agentLogId]);
    a.status = "PAUSED";
    a.callerId = "";
    return true;
  }

  /**
   * updateDISPO: the disposition is saved on the agent-log row, lead_id goes back to 0 (the
   * DISPO shown by the report ends) and the agent stays PAUSED until the next ready/pause.
   * Status 'A' (answering machine) counts as an agent-coded answering machine for the UK
   * drop formula. With agentLogIds "vicidial" a new agent-log row is opened.
   */
  async dispo(user: string, status: string, atMs: number): Promise<boolean> {
    const a = this.agents.get(user);
    if (!a) return false;
    await this.db.query(`UPDATE vicidial_live_agents SET lead_id = 0, status = 'PAUSED', callerid = '', last_state_change = FROM_UNIXTIME(?) WHERE user = ?`, [sec(atMs), user]);
    await this.db.query(`UPDATE vicidial_agent_log SET status = ? WHERE agent_log_id = ?`, [status.slice(0, 6), a.agentLogId]);
    if (status === "A") {
      const camp = this.campaigns.get(a.campaign);
      if (camp) {
        camp.counters.answeringMachines++;
        camp.counters.agentHandled = Math.max(0, camp.counters.agentHandled - 1);
        camp.counters.answers = Math.max(0, camp.counters.answers - 1);
      }
    }
    a.status = "PAUSED";
    a.leadId = 0;
    a.callerId = "";
    if (this.agentLogIds === "vicidial") await this.startAgentLog(user, atMs);
    return true;
  }

  /** The agent screens touch their rows (last_update_time), as they do every second. */
  async heartbeat(atMs: number): Promise<void> {
    await this.db.query(`UPDATE vicidial_live_agents SET last_update_time = FROM_UNIXTIME(?)`, [sec(atMs)]);
  }

  // -- dialer (AST_VDauto_dial.pl, agi-VDAD_ALL_outbound.agi) --------------------------------

  /**
   * AST_VDauto_dial.pl places a call: the best READY hopper lead of the campaign is taken
   * (deleted from the hopper) and a vicidial_auto_calls row 'SENT' (call_type OUT, the
   * campaign's queue_priority) is inserted. It stays SENT while ringing (nothing in 2.14
   * writes RINGING). Returns the callerid, or null when the hopper is empty.
   */
  async placeCall(campaign: string, atMs: number): Promise<string | null> {
    const camp = this.campaign(campaign);
    const leadId = await this.takeHopperLead(campaign);
    if (leadId === null) return null;
    const callerId = this.callId("V", atMs, leadId);
    await this.db.query(
      `INSERT INTO vicidial_auto_calls (server_ip, campaign_id, status, lead_id, callerid, phone_code, phone_number, call_time, call_type, queue_priority, last_update_time)
       VALUES (?, ?, 'SENT', ?, ?, '1', ?, FROM_UNIXTIME(?), 'OUT', ?, FROM_UNIXTIME(?))`,
      [this.serverIp, campaign, leadId, callerId, this.phone(), sec(atMs), camp.cfg.queuePriority ?? 50, sec(atMs)],
    );
    const ringMs = Math.round(this.rng.between(this.ringSec[0], this.ringSec[1]) * 1000);
    this.calls.set(callerId, { callerId, group: campaign, campaign, type: "OUT", status: "SENT", leadId, callTimeMs: atMs, ringUntilMs: atMs + ringMs, manual: false, user: null });
    camp.counters.calls++;
    camp.dialableLeads = Math.max(0, camp.dialableLeads - 1);
    return callerId;
  }

  /**
   * agi-VDAD_ALL_outbound.agi: the customer answered; the row becomes 'LIVE' (stage LIVE-0)
   * and waits for an agent. `identity` replaces the call's callerid, lead and number (used
   * by the call-centre follower, whose model names its calls itself).
   */
  async answerCall(callerId: string, atMs: number, identity: { callerId?: string; leadId?: number; phone?: string } = {}): Promise<string | null> {
    const call = this.calls.get(callerId);
    if (!call || call.status !== "SENT") return null;
    const newId = identity.callerId ?? callerId;
    await this.db.query(
      `UPDATE vicidial_auto_calls SET status = 'LIVE', stage = 'LIVE-0', uniqueid = ?, channel = ?, callerid = ?, lead_id = ?, phone_number = COALESCE(?, phone_number)
       WHERE callerid = ?`,
      [this.uniqueId(atMs), `SIP/carrier-${pad(this.nextCallSeq++ % 100000, 8)}`, newId, identity.leadId ?? call.leadId, identity.phone ?? null, callerId],
    );
    this.calls.delete(callerId);
    this.calls.set(newId, { ...call, callerId: newId, leadId: identity.leadId ?? call.leadId, status: "LIVE" });
    return newId;
  }

  /** AST_VDauto_dial.pl clears a placed call nobody answered (its row is deleted). */
  async noAnswer(callerId: string): Promise<boolean> {
    return this.removeCall(callerId);
  }

  /**
   * A waiting call is dropped: the drop timer ran out (outbound, drop_call_seconds) or the
   * caller hung up in the queue (inbound). The row is deleted and counted as a drop of the
   * campaign or in-group (vicidial_log / vicidial_closer_log status DROP).
   */
  async drop(callerId: string, atMs: number): Promise<boolean> {
    const call = this.calls.get(callerId);
    if (!call) return false;
    const counters = call.type === "IN" ? this.inGroups.get(call.group)?.counters : this.campaigns.get(call.group)?.counters;
    if (counters) {
      counters.drops++;
      if (call.type === "IN") {
        const held = Math.max(0, Math.round((atMs - call.callTimeMs) / 1000));
        counters.holdDropped += held;
        counters.holdAll += held;
      }
    }
    return this.removeCall(callerId);
  }

  /**
   * agi-VDAD_ALL_inbound.agi: a call enters an in-group: a 'LIVE' row, call_type IN,
   * campaign_id = the in-group, queue_priority = the in-group's. Returns the callerid.
   */
  async inboundCall(inGroup: string, atMs: number, opts: { callerId?: string; leadId?: number; phone?: string; priority?: number } = {}): Promise<string> {
    const g = this.inGroups.get(inGroup);
    if (!g) throw new Error(`unknown in-group ${inGroup}`);
    const leadId = opts.leadId ?? this.newLeadId();
    const callerId = opts.callerId ?? this.callId("Y", atMs, leadId);
    await this.db.query(
      `INSERT INTO vicidial_auto_calls (server_ip, campaign_id, status, lead_id, uniqueid, callerid, channel, phone_code, phone_number, call_time, call_type, stage, queue_priority)
       VALUES (?, ?, 'LIVE', ?, ?, ?, ?, '1', ?, FROM_UNIXTIME(?), 'IN', 'LIVE-0', ?)`,
      [this.serverIp, inGroup, leadId, this.uniqueId(atMs), callerId, `SIP/trunk-${pad(this.nextCallSeq++ % 100000, 8)}`, opts.phone ?? this.phone(), sec(atMs), opts.priority ?? g.cfg.queuePriority ?? 0],
    );
    this.calls.set(callerId, { callerId, group: inGroup, campaign: null, type: "IN", status: "LIVE", leadId, callTimeMs: atMs, ringUntilMs: Infinity, manual: false, user: null });
    g.counters.calls++;
    return callerId;
  }

  /**
   * A waiting call goes to a waiting (READY/CLOSER) agent: the row becomes 'XFER' (outbound) or 'CLOSER' (inbound);
   * the agent (QUEUE for a moment in VICIdial) is INCALL with the lead, the callerid and
   * comments AUTO or INBOUND; pause_code is cleared (VDADcheckINCOMING). Counts an answer
   * (in-groups: with its queue time against the two service-level thresholds).
   */
  async connect(callerId: string, user: string, atMs: number): Promise<boolean> {
    const call = this.calls.get(callerId);
    const a = this.agents.get(user);
    // The dialer only routes a waiting call to a waiting agent.
    if (!call || !a || call.status !== "LIVE" || (a.status !== "READY" && a.status !== "CLOSER")) return false;
    const status = call.type === "IN" ? "CLOSER" : "XFER";
    await this.db.query(`UPDATE vicidial_auto_calls SET status = ?, stage = ? WHERE callerid = ?`, [status, `${status}-0`, callerId]);
    call.status = status;
    call.user = user;
    if (call.type === "IN") {
      const g = this.inGroups.get(call.group);
      if (g) {
        const held = Math.max(0, Math.round((atMs - call.callTimeMs) / 1000));
        g.counters.answers++;
        g.counters.agentHandled++;
        g.counters.holdAnswered += held;
        g.counters.holdAll += held;
        if (held <= (g.cfg.slOneSec ?? 20)) g.counters.slOne++;
        if (held <= (g.cfg.slTwoSec ?? 30)) g.counters.slTwo++;
      }
    } else {
      const camp = this.campaigns.get(call.group);
      if (camp) {
        camp.counters.answers++;
        camp.counters.agentHandled++;
      }
    }
    await this.agentOnCall(a, callerId, call.leadId, call.type === "IN" ? "INBOUND" : "AUTO", atMs);
    return true;
  }

  /** The call is over for the customer's side and removed (e.g. both hung up). */
  async endCall(callerId: string): Promise<boolean> {
    return this.removeCall(callerId);
  }

  /** SENT and LIVE calls of an outbound campaign, by callerid, oldest first. */
  pendingCalls(campaign: string, status: "SENT" | "LIVE"): string[] {
    return [...this.calls.values()].filter((c) => c.type === "OUT" && !c.manual && c.group === campaign && c.status === status).sort((x, y) => x.callTimeMs - y.callTimeMs).map((c) => c.callerId);
  }

  /**
   * One pacing round of AST_VDauto_dial.pl for every auto-dial campaign (dial level > 0,
   * not MANUAL/INBOUND_MAN): calls nobody answered within their ring time are cleared, and
   * calls are placed until SENT + LIVE reach ceil(dial level × waiting agents), at most
   * `maxPlacePerCampaign` (default 20) per round. Returns how many were placed.
   */
  async pace(atMs: number, maxPlacePerCampaign = 20): Promise<number> {
    for (const c of [...this.calls.values()]) if (c.status === "SENT" && c.ringUntilMs <= atMs) await this.noAnswer(c.callerId);
    let placed = 0;
    for (const [id, camp] of this.campaigns) {
      const level = Number(camp.cfg.dialLevel);
      if (!(level > 0) || camp.cfg.dialMethod === "MANUAL" || camp.cfg.dialMethod === "INBOUND_MAN") continue;
      const waiting = [...this.agents.values()].filter((a) => a.campaign === id && (a.status === "READY" || a.status === "CLOSER")).length;
      const inFlight = this.pendingCalls(id, "SENT").length + this.pendingCalls(id, "LIVE").length;
      const want = Math.min(maxPlacePerCampaign, Math.ceil(level * waiting) - inFlight);
      for (let i = 0; i < want; i++) {
        if ((await this.placeCall(id, atMs)) === null) break;
        placed++;
      }
    }
    return placed;
  }

  // -- hopper and statistics (AST_VDhopper.pl, AST_VDadapt.pl) -------------------------------

  /**
   * AST_VDhopper.pl: tops the campaign's hopper up to hopper_level with READY leads (while
   * dialable leads remain) and writes dialable_leads. Returns the number of leads added.
   */
  async refillHopper(campaign: string): Promise<number> {
    const camp = this.campaign(campaign);
    const [rows] = await this.db.query(`SELECT COUNT(*) AS n FROM vicidial_hopper WHERE campaign_id = ?`, [campaign]);
    const have = Number((rows as { n: number }[])[0]?.n ?? 0);
    const add = Math.max(0, Math.min(camp.cfg.hopperLevel - have, camp.dialableLeads - have));
    for (let i = 0; i < add; i++) {
      await this.db.query(`INSERT INTO vicidial_hopper (lead_id, campaign_id, status, user, list_id, gmt_offset_now, state, priority, source) VALUES (?, ?, 'READY', '', ?, '-5.00', 'NY', 0, 'S')`, [
        this.newLeadId(),
        campaign,
        1000 + [...this.campaigns.keys()].indexOf(campaign),
      ]);
    }
    await this.db.query(`UPDATE vicidial_campaign_stats SET dialable_leads = ? WHERE campaign_id = ?`, [camp.dialableLeads, campaign]);
    return add;
  }

  /** Sets the counters AST_VDadapt.pl would have counted from its logs (tests). */
  setCounters(id: string, counters: Partial<Pick<Counters, "calls" | "answers" | "drops" | "answeringMachines" | "agentHandled">>): void {
    const c = this.campaigns.get(id)?.counters ?? this.inGroups.get(id)?.counters;
    if (!c) throw new Error(`unknown campaign or in-group ${id}`);
    Object.assign(c, counters);
  }

  /**
   * AST_VDadapt.pl's statistics pass: writes today's counters of every campaign and in-group
   * into vicidial_campaign_stats with its formulas and formats:
   * - campaigns: drops_answers_today_pct = drops ÷ answers × 100 with answers below 1 taken
   *   as 1 (and written back: answers_today reads 1), sprintf("%.2f"); drops_today_pct = drops ÷ calls × 100; both stay '0' while
   *   drops is 0; with UK Ofcom calculation, drops lose the share of agent-coded answering
   *   machines (drops × AM ÷ (agent-handled + AM)), sprintf("%.3f"), and the percentage is
   *   drops ÷ (agent-handled + drops) (denominator at least 1);
   * - in-groups: the same, but drops ÷ answers is 0 when there are no answers;
   *   hold_sec_stat_one/_two = answered calls within the in-group's thresholds;
   * - AST_VDauto_dial.pl's last-minute trend: agents_average_onemin = agents not paused,
   *   differential_onemin = waiting agents − calls waiting (a simple stand-in).
   * The text columns are VARCHAR(6): a value such as "1200.00" is cut to "1200.0" by a
   * non-strict server, as on a real one.
   */
  async writeStats(): Promise<void> {
    for (const [id, camp] of this.campaigns) {
      const k = camp.counters;
      let drops = k.drops;
      let dropsText = String(drops);
      let answers = k.answers;
      let dropAnsPct = "0";
      let dropCallsPct = "0";
      if (drops > 0) {
        if (camp.cfg.ukOfcom) {
          if (k.answeringMachines > 0) drops = drops - drops * (k.answeringMachines / (k.agentHandled + k.answeringMachines));
          dropsText = drops.toFixed(3);
          dropAnsPct = f2((Number(dropsText) / Math.max(1, k.agentHandled + Number(dropsText))) * 100);
        } else {
          // AST_VDadapt.pl raises the answers variable itself to 1 and then writes it back:
          // with drops and no answers, answers_today reads 1.
          answers = Math.max(1, answers);
          dropAnsPct = f2((drops / answers) * 100);
        }
        dropCallsPct = f2((Number(dropsText) / Math.max(1, k.calls)) * 100);
      }
      const agents = [...this.agents.values()].filter((a) => a.campaign === id);
      const active = agents.filter((a) => a.status !== "PAUSED").length;
      const waitingAgents = agents.filter((a) => a.status === "READY" || a.status === "CLOSER").length;
      const live = this.pendingCalls(id, "LIVE").length;
      await this.db.query(
        `UPDATE vicidial_campaign_stats SET calls_today = ?, answers_today = ?, drops_today = ?, drops_today_pct = ?, drops_answers_today_pct = ?,
           answering_machines_today = ?, agenthandled_today = ?, agents_average_onemin = ?, differential_onemin = ?, dialable_leads = ?
         WHERE campaign_id = ?`,
        [k.calls, answers, dropsText, dropCallsPct, dropAnsPct, k.answeringMachines, k.agentHandled, f2(active), f2(waitingAgents - live), camp.dialableLeads, id],
      );
    }
    for (const [id, g] of this.inGroups) {
      const k = g.counters;
      let dropAnsPct = "0";
      let dropCallsPct = "0";
      if (k.drops > 0) {
        dropCallsPct = f2((k.drops / Math.max(1, k.calls)) * 100);
        dropAnsPct = k.answers < 1 ? f2(0) : f2((k.drops / k.answers) * 100);
      }
      await this.db.query(
        `UPDATE vicidial_campaign_stats SET calls_today = ?, answers_today = ?, drops_today = ?, drops_today_pct = ?, drops_answers_today_pct = ?,
           hold_sec_stat_one = ?, hold_sec_stat_two = ?, hold_sec_answer_calls = ?, hold_sec_drop_calls = ?, hold_sec_queue_calls = ?
         WHERE campaign_id = ?`,
        [k.calls, k.answers, k.drops, dropCallsPct, dropAnsPct, k.slOne, k.slTwo, k.holdAnswered, k.holdDropped, k.holdAll, id],
      );
    }
  }

  // -- internals -----------------------------------------------------------------------------

  private campaign(id: string): CampaignState {
    const c = this.campaigns.get(id);
    if (!c) throw new Error(`unknown campaign ${id}`);
    return c;
  }

  private async openAgentLog(user: string, campaign: string, atMs: number, subStatus: string | null, id: number | undefined): Promise<number> {
    if (this.agentLogIds === "external" && id === undefined) throw new Error("agentLogIds 'external' needs an agent_log_id");
    const [res] = await this.db.query(
      `INSERT INTO vicidial_agent_log (agent_log_id, user, server_ip, event_time, campaign_id, pause_epoch, pause_sec, wait_epoch, user_group, sub_status, pause_type)
       VALUES (?, ?, ?, FROM_UNIXTIME(?), ?, ?, 0, ?, 'AGENTS', ?, 'AGENT')`,
      [id ?? null, user, this.serverIp, sec(atMs), campaign, sec(atMs), sec(atMs), subStatus],
    );
    return id ?? Number((res as { insertId: number }).insertId);
  }

  private async agentOnCall(a: AgentState, callerId: string, leadId: number, comments: string, atMs: number): Promise<void> {
    await this.db.query(
      `UPDATE vicidial_live_agents SET status = 'INCALL', lead_id = ?, callerid = ?, uniqueid = ?, comments = ?, pause_code = '',
         last_call_time = FROM_UNIXTIME(?), last_state_change = FROM_UNIXTIME(?), calls_today = calls_today + 1 WHERE user = ?`,
      [leadId, callerId, this.uniqueId(atMs), comments, sec(atMs), sec(atMs), a.user],
    );
    await this.db.query(`UPDATE vicidial_agent_log SET talk_epoch = ?, lead_id = ? WHERE agent_log_id = ?`, [sec(atMs), leadId, a.agentLogId]);
    a.status = "INCALL";
    a.leadId = leadId;
    a.callerId = callerId;
  }

  private async removeCall(callerId: string): Promise<boolean> {
    if (!this.calls.delete(callerId)) return false;
    await this.db.query(`DELETE FROM vicidial_auto_calls WHERE callerid = ?`, [callerId]);
    return true;
  }

  /** Takes the best READY lead of the campaign's hopper (priority, then age); null when empty. */
  private async takeHopperLead(campaign: string): Promise<number | null> {
    const [rows] = await this.db.query(`SELECT hopper_id, lead_id FROM vicidial_hopper WHERE campaign_id = ? AND status = 'READY' ORDER BY priority DESC, hopper_id LIMIT 1`, [campaign]);
    const row = (rows as { hopper_id: number; lead_id: number }[])[0];
    if (!row) return null;
    await this.db.query(`DELETE FROM vicidial_hopper WHERE hopper_id = ?`, [row.hopper_id]);
    return Number(row.lead_id);
  }

  private newLeadId(): number {
    this.nextLead += this.rng.int(1, 25);
    return this.nextLead;
  }

  private phone(): string {
    return `${this.rng.pick(["212", "305", "312", "415", "512", "617", "702", "713", "804", "919"])}555${pad(this.rng.int(0, 9999), 4)}`;
  }

  /** VICIdial-style call id: type letter, MMDDhhmmss (UTC), lead id padded to 9 digits (20 characters). */
  private callId(prefix: "V" | "M" | "Y", atMs: number, leadId: number): string {
    const d = new Date(atMs);
    const stamp = pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2);
    return `${prefix}${stamp}${String(leadId).padStart(9, "0").slice(-9)}`;
  }

  /** Asterisk-style uniqueid: epoch seconds . sequence. */
  private uniqueId(atMs: number): string {
    return `${sec(atMs)}.${this.nextCallSeq++ % 100000}`;
  }
}
