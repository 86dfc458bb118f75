/**
 * The pure parts of the VICIdial database source: number parsing, drop percentages, the
 * report's agent status rules, agent counts, the snapshot diff, backoff, error kinds, the
 * configuration, and the grants printed in the README ("Connect VICIdial's database").
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  boardStatusOf,
  countAgents,
  deriveAgentStatuses,
  diffSnapshots,
  dropRates,
  parseGroupList,
  parseVicidialNumber,
  pauseCodeOf,
  percent,
  round2,
  type LiveAgent,
  type VicidialDbSnapshot,
} from "../../lib/sources/vicidial-db/snapshot";
import type { LiveAgentRow } from "../../lib/sources/vicidial-db/queries";
import { dbAgent } from "../support/dialer-fixtures";
import { backoffDelayMs, classifyError } from "../../lib/sources/vicidial-db/poller";
import { parseVicidialDbConfig, parseVicidialDbUrl } from "../../lib/sources/vicidial-db/config";
import { createReadOnlyUserStatement, readOnlyGrantStatements } from "../../lib/sources/vicidial-db/grants";

const NOW = 1_764_000_000_000;

function row(over: Partial<LiveAgentRow>): LiveAgentRow {
  return {
    user: "1001",
    fullName: "Olivia Johnson",
    campaignId: "SALES",
    status: "READY",
    leadId: 0,
    callerId: "",
    comments: "",
    pauseCode: "",
    subStatus: null,
    agentLogId: 100,
    extension: "SIP/2001",
    closerCampaigns: "",
    onHookAgent: false,
    ringCallerId: "",
    callsToday: 0,
    lastStateChangeMs: NOW - 60_000,
    stateSec: 60,
    lastCallTimeMs: NOW - 30_000,
    callSec: 30,
    lastUpdateAgeSec: 1,
    callPresent: false,
    callDialing: false,
    dbNowMs: NOW,
    ...over,
  };
}

describe("numbers VICIdial keeps as text", () => {
  it("parses dial levels and percentages, and nothing else", () => {
    expect(parseVicidialNumber("2.5")).toBe(2.5);
    expect(parseVicidialNumber("1.7916")).toBe(1.7916);
    expect(parseVicidialNumber("0")).toBe(0);
    expect(parseVicidialNumber(" 3 ")).toBe(3);
    expect(parseVicidialNumber("-1.25")).toBe(-1.25);
    expect(parseVicidialNumber("1200.0")).toBe(1200);
    for (const bad of ["", "NULL", "1.2.3", "2,5", "abc", null, undefined]) expect(parseVicidialNumber(bad)).toBeNull();
  });

  it("computes percentages with 2 decimals like sprintf(\"%.2f\"), none for a zero denominator", () => {
    expect(percent(3, 80)).toBe(3.75);
    expect(percent(1, 3)).toBe(33.33);
    expect(percent(2, 3)).toBe(66.67);
    expect(percent(0, 50)).toBe(0);
    expect(percent(5, 0)).toBeNull();
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-1.005)).toBe(-1.01);
  });

  it("keeps VICIdial's stored drop % beside the two computed ones", () => {
    expect(dropRates(0, 80, 200, "0")).toEqual({ vicidialText: "0", vicidialPct: 0, ofAnswersPct: 0, ofCallsPct: 0 });
    expect(dropRates(3, 0, 10, "300.00")).toEqual({ vicidialText: "300.00", vicidialPct: 300, ofAnswersPct: null, ofCallsPct: 30 });
    expect(dropRates(4.255, 40, 100, "9.61")).toMatchObject({ vicidialPct: 9.61, ofAnswersPct: 10.64, ofCallsPct: 4.26 });
  });

  it("reads closer_campaigns lists", () => {
    expect(parseGroupList(" SUPPORT_IN VIP_IN -")).toEqual(["SUPPORT_IN", "VIP_IN"]);
    expect(parseGroupList(" -")).toEqual([]);
    expect(parseGroupList("")).toEqual([]);
  });
});

describe("the report's agent statuses", () => {
  it("derives DISPO, DEAD, DIAL, 3-WAY, 3-WAYD and RING in the report's order", () => {
    const rows = [
      row({ user: "a", status: "PAUSED", leadId: 5 }),
      row({ user: "b", status: "READY", leadId: 6 }),
      row({ user: "c", status: "INCALL", leadId: 7, callPresent: false }),
      row({ user: "d", status: "INCALL", leadId: 8, callPresent: false, comments: "EMAIL" }),
      row({ user: "e", status: "INCALL", leadId: 9, callPresent: true, comments: "MANUAL", callDialing: true }),
      row({ user: "f", status: "INCALL", leadId: 9, callPresent: true, comments: "MANUAL", callDialing: true, lastCallTimeMs: NOW - 10_000 }),
      row({ user: "g", status: "INCALL", leadId: 10, callPresent: false }),
      row({ user: "h", status: "INCALL", leadId: 10, callPresent: false }),
      row({ user: "i", status: "READY", onHookAgent: true, ringCallerId: "V1129195858015115884" }),
      row({ user: "j", status: "READY", onHookAgent: true, ringCallerId: "short" }),
      row({ user: "k", status: "PAUSED", leadId: 0 }),
      row({ user: "l", status: "INCALL", leadId: 11, callPresent: true, comments: "MANUAL", callDialing: false }),
    ];
    expect(deriveAgentStatuses(rows).map((d) => d.status)).toEqual(["DISPO", "DISPO", "DEAD", "INCALL", "3-WAY", "3-WAY", "3-WAYD", "3-WAYD", "RING", "READY", "PAUSED", "INCALL"]);
  });

  it("times a status from last_state_change, a call from last_call_time, a 3-way from the latest call on the lead", () => {
    const d = deriveAgentStatuses([
      row({ user: "a", status: "PAUSED", leadId: 5, stateSec: 61 }),
      row({ user: "b", status: "INCALL", leadId: 6, callPresent: true, callSec: 31 }),
      row({ user: "c", status: "INCALL", leadId: 9, callPresent: true, lastCallTimeMs: NOW - 40_000 }),
      row({ user: "d", status: "INCALL", leadId: 9, callPresent: true, lastCallTimeMs: NOW - 10_000 }),
    ]);
    expect(d.map((x) => [x.stateSinceAtMs, x.stateSec])).toEqual([
      [NOW - 60_000, 61],
      [NOW - 30_000, 31],
      [NOW - 10_000, 10],
      [NOW - 10_000, 10],
    ]);
  });

  it("takes the pause code from the agent log first, then the live row, for PAUSED agents only", () => {
    expect(pauseCodeOf(row({ subStatus: "BREAK", pauseCode: "LUNCH" }), "PAUSED")).toEqual({ code: "BREAK", source: "agent_log.sub_status" });
    expect(pauseCodeOf(row({ subStatus: null, pauseCode: "LUNCH" }), "PAUSED")).toEqual({ code: "LUNCH", source: "live_agents.pause_code" });
    expect(pauseCodeOf(row({ subStatus: "", pauseCode: "" }), "PAUSED")).toEqual({ code: null, source: null });
    expect(pauseCodeOf(row({ subStatus: "BREAK" }), "DISPO")).toEqual({ code: null, source: null });
  });

  it("counts agents like the report, leaving out PAUSED/DEAD/DISPO after 6 hours", () => {
    const a = (status: LiveAgent["status"], stateSec = 10) => ({ status, stateSec }) as LiveAgent;
    expect(countAgents([a("READY"), a("CLOSER"), a("INCALL"), a("QUEUE"), a("DIAL"), a("3-WAY"), a("3-WAYD"), a("PAUSED"), a("PAUSED", 21_600), a("DEAD"), a("DISPO", 30_000), a("RING")])).toEqual({
      loggedIn: 10,
      inCall: 5,
      dialing: 1,
      waiting: 2,
      paused: 1,
      dead: 1,
      dispo: 0,
    });
  });

  it("maps report statuses onto the wallboard's", () => {
    expect(boardStatusOf("QUEUE")).toBe("INCALL");
    expect(boardStatusOf("MQUEUE")).toBe("INCALL");
    expect(boardStatusOf("3-WAYD")).toBe("DEAD");
    expect(boardStatusOf("RING")).toBe("READY");
    expect(boardStatusOf("DISPO")).toBe("DISPO");
    expect(boardStatusOf("CLOSER")).toBe("CLOSER");
  });
});

describe("the snapshot diff", () => {
  // The shared builder with this file's values (its clock, READY as the raw status whatever `status` is).
  const agent = (user: string, over: Partial<LiveAgent> = {}): LiveAgent =>
    dbAgent(user, { rawStatus: "READY", agentLogId: 1, extension: "", lastStateChangeAtMs: NOW, stateSinceAtMs: NOW, stateSec: 1, ...over });
  const snap = (agents: LiveAgent[]): VicidialDbSnapshot => ({
    dbNowMs: NOW,
    polledAtMs: NOW,
    dbClockOffsetMs: 0,
    campaigns: [],
    inGroups: [],
    waitingCalls: [],
    agents,
    truncated: { campaigns: false, inGroups: false, waitingCalls: false, agents: false },
  });

  it("reports everything as added the first time, then only real changes", () => {
    const first = snap([agent("1001"), agent("1002")]);
    expect(diffSnapshots(null, first).agents.added.map((a) => a.user)).toEqual(["1001", "1002"]);

    const later = snap([agent("1001", { stateSec: 99, lastUpdateAgeSec: 5 }), agent("1002", { status: "PAUSED" }), agent("1003")]);
    const d = diffSnapshots(first, later);
    expect(d.agents.changed.map((a) => a.user)).toEqual(["1002"]);
    expect(d.agents.added.map((a) => a.user)).toEqual(["1003"]);
    expect(d.agents.removed).toEqual([]);
    expect(d.count).toBe(2);

    const gone = diffSnapshots(later, snap([agent("1002", { status: "PAUSED" })]));
    expect(gone.agents.removed).toEqual(["1001", "1003"]);
    expect(diffSnapshots(later, later).count).toBe(0);
  });
});

describe("retries and errors", () => {
  it("backs off exponentially with equal jitter, capped", () => {
    expect(backoffDelayMs(1, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelayMs(1, 1000, 30_000, () => 0.999999)).toBe(1000);
    expect(backoffDelayMs(3, 1000, 30_000, () => 0)).toBe(2000);
    expect(backoffDelayMs(6, 1000, 30_000, () => 0.999999)).toBe(30_000);
    expect(backoffDelayMs(500, 1000, 30_000, () => 0.5)).toBe(22_500);
  });

  it("classifies failures", () => {
    expect(classifyError({ code: "ECONNREFUSED" }, true)).toBe("connect");
    expect(classifyError({ code: "ER_ACCESS_DENIED_ERROR" }, true)).toBe("connect");
    expect(classifyError({ code: "ETIMEDOUT" }, true)).toBe("timeout");
    expect(classifyError({ code: "ER_STATEMENT_TIMEOUT" }, false)).toBe("timeout");
    expect(classifyError({ code: "PROTOCOL_SEQUENCE_TIMEOUT" }, false)).toBe("timeout");
    expect(classifyError({ code: "PROTOCOL_CONNECTION_LOST", fatal: true }, false)).toBe("lost");
    expect(classifyError({ code: "ER_TABLEACCESS_DENIED_ERROR" }, false)).toBe("query");
  });
});

describe("configuration", () => {
  it("is off without VICIDIAL_DB_URL and has the documented defaults", () => {
    expect(parseVicidialDbConfig({})).toBeNull();
    expect(parseVicidialDbConfig({ VICIDIAL_DB_URL: " " })).toBeNull();
    const c = parseVicidialDbConfig({ VICIDIAL_DB_URL: "mysql://report%40x:p%40ss%3Aw@vicidial-db:3307/asterisk" })!;
    expect(c.connection).toEqual({ host: "vicidial-db", port: 3307, user: "report@x", password: "p@ss:w", database: "asterisk" });
    expect(c.redactedUrl).toBe("mysql://report%40x:***@vicidial-db:3307/asterisk");
    expect(c).toMatchObject({ pollMs: 1000, statementTimeoutMs: 2000, connectTimeoutMs: 5000, backoffBaseMs: 1000, backoffMaxMs: 30_000, maxAgents: 5000, maxWaitingCalls: 500, maxGroups: 1000 });
    expect(parseVicidialDbUrl("mariadb://u:p@db/asterisk").port).toBe(3306);
  });

  it("names the variable of a bad value", () => {
    expect(() => parseVicidialDbConfig({ VICIDIAL_DB_URL: "postgres://u:p@h/db" })).toThrow(/VICIDIAL_DB_URL/);
    expect(() => parseVicidialDbConfig({ VICIDIAL_DB_URL: "mysql://u:p@h/" })).toThrow(/VICIDIAL_DB_URL: no database/);
    expect(() => parseVicidialDbConfig({ VICIDIAL_DB_URL: "mysql://h/asterisk" })).toThrow(/VICIDIAL_DB_URL: no user/);
    expect(() => parseVicidialDbConfig({ VICIDIAL_DB_URL: "mysql://u:p@h/a", VICIDIAL_DB_POLL_MS: "100" })).toThrow(/VICIDIAL_DB_POLL_MS/);
    expect(() => parseVicidialDbConfig({ VICIDIAL_DB_URL: "mysql://u:p@h/a", VICIDIAL_DB_STATEMENT_TIMEOUT_MS: "abc" })).toThrow(/VICIDIAL_DB_STATEMENT_TIMEOUT_MS/);
  });
});

describe("README, Connect VICIdial's database", () => {
  it("prints exactly the grants the source needs and the harness gives its account", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, "../../README.md"), "utf8");
    const doc = readme.slice(readme.indexOf("## Connect VICIdial's database"));
    const block = /```sql\n([\s\S]*?)```/.exec(doc)![1]!.trim().split("\n");
    expect(block).toEqual([createReadOnlyUserStatement("wallboard", "10.0.0.5", "CHANGE-ME"), ...readOnlyGrantStatements("asterisk", "wallboard", "10.0.0.5")]);
  });
});
