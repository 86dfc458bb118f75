/**
 * When vicidial_live_agents corrects the board (lib/dialer/corrections.ts) and what the
 * corrections do to an agent's state (lib/agents/state.ts db_* events).
 */
import { describe, expect, it } from "vitest";
import { decideCorrections, EMPTY_TRACKER, type CorrectionTracker } from "../../lib/dialer/corrections";
import { foldEvents, type AgentEventInput } from "../../lib/agents/state";
import { toAgentView } from "../../lib/agents/view";
import type { IncomingAgentEvent } from "../../lib/events/types";
import { boardAgent, dbAgent } from "../support/dialer-fixtures";

const T0 = 1_800_000_100_000;

/** Runs the decision at each of `times` (ms after T0) with the same inputs; returns every event. */
function over(times: number[], input: Omit<Parameters<typeof decideCorrections>[0], "now">, start: CorrectionTracker = EMPTY_TRACKER) {
  let tracker = start;
  const out: { at: number; events: IncomingAgentEvent[] }[] = [];
  for (const t of times) {
    const d = decideCorrections({ ...input, now: T0 + t }, tracker);
    tracker = d.tracker;
    out.push({ at: t, events: d.events });
  }
  return { out, tracker, all: out.flatMap((o) => o.events) };
}

describe("deciding corrections from vicidial_live_agents", () => {
  it("fills a missing campaign at once (pushes carry none)", () => {
    const d = decideCorrections({ board: [boardAgent("1001", { campaign: "UNASSIGNED" })], agents: [dbAgent("1001", { campaignId: "SALES" })], truncated: false, now: T0 }, EMPTY_TRACKER);
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ source: "vicidial-db", user: "1001", event: "db_campaign", campaign: "SALES", epoch: null });
  });

  it("corrects a campaign that disagrees (the roster's) only after the grace period", () => {
    const { out } = over([0, 1000, 4000, 5000, 6000], { board: [boardAgent("1001", { campaign: "SUPPORT" })], agents: [dbAgent("1001", { campaignId: "SALES" })], truncated: false });
    expect(out.map((o) => o.events.length)).toEqual([0, 0, 0, 1, 0]);
    expect(out[3]!.events[0]).toMatchObject({ event: "db_campaign", campaign: "SALES" });
  });

  it("corrects a lost push after 5 s of disagreement, with the database's status and pause code", () => {
    const input = { board: [boardAgent("1001", { state: "INCALL" })], agents: [dbAgent("1001", { status: "PAUSED", pauseCode: "LUNCH" })], truncated: false };
    const { out } = over([0, 2000, 4999, 5000, 5500, 20_000], input);
    expect(out.map((o) => o.events.length)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(out[3]!.events[0]).toMatchObject({ event: "db_state", message: "PAUSED LUNCH", campaign: "SALES", agentLogId: "101" });
  });

  it("never overrides a push in flight: a disagreement that changes restarts the grace period", () => {
    // The board moves (a push landed) at 3 s: the new pair is watched from then on.
    let tracker = EMPTY_TRACKER;
    const db = [dbAgent("1001", { status: "INCALL" })];
    for (const [t, state] of [[0, "READY"], [3000, "PAUSED"], [6000, "PAUSED"], [7999, "PAUSED"]] as const) {
      const d = decideCorrections({ board: [boardAgent("1001", { state })], agents: db, truncated: false, now: T0 + t }, tracker);
      tracker = d.tracker;
      expect(d.events, `at ${t}`).toEqual([]);
    }
    const d = decideCorrections({ board: [boardAgent("1001", { state: "PAUSED" })], agents: db, truncated: false, now: T0 + 8000 }, tracker);
    expect(d.events.map((e) => e.message)).toEqual(["INCALL"]);
  });

  it("treats statuses of one group as agreeing (READY/CLOSER, INCALL/DEAD/DIAL, QUEUE → INCALL, a saved disposition)", () => {
    const pairs: [string, string][] = [["CLOSER", "READY"], ["DEAD", "INCALL"], ["INCALL", "QUEUE"], ["INCALL", "3-WAYD"], ["READY", "RING"], ["DIAL", "DIAL"], ["DISPO", "PAUSED"]];
    for (const [board, db] of pairs) {
      const { all } = over([0, 10_000, 20_000], { board: [boardAgent("1001", { state: board as never })], agents: [dbAgent("1001", { status: db as never })], truncated: false });
      expect(all, `${board} vs ${db}`).toEqual([]);
    }
  });

  it("does not repeat a correction within the cooldown, and retries it after", () => {
    const input = { board: [boardAgent("1001", { state: "READY" })], agents: [dbAgent("1001", { status: "PAUSED" })], truncated: false };
    const times = Array.from({ length: 40 }, (_, i) => i * 1000);
    const { out } = over(times, input);
    expect(out.filter((o) => o.events.length > 0).map((o) => o.at)).toEqual([5000, 35_000]);
  });

  it("fills a pause code the board lacks, after the grace period", () => {
    const { all } = over([0, 5000], { board: [boardAgent("1001", { state: "PAUSED", pauseCode: null })], agents: [dbAgent("1001", { status: "PAUSED", pauseCode: "BREAK" })], truncated: false });
    expect(all.map((e) => [e.event, e.message])).toEqual([["db_pause_code", "BREAK"]]);
  });

  it("logs out a board agent gone from vicidial_live_agents once seen there, not one never seen (hidden users)", () => {
    const seen = over([0], { board: [boardAgent("1001"), boardAgent("1002")], agents: [dbAgent("1001")], truncated: false }).tracker;
    const { all } = over([1000, 6000], { board: [boardAgent("1001"), boardAgent("1002")], agents: [], truncated: false }, seen);
    expect(all.map((e) => [e.user, e.message])).toEqual([["1001", "LOGGED_OUT"]]);
  });

  it("takes nobody as logged out when the agent list was cut at VICIDIAL_DB_MAX_AGENTS", () => {
    const seen = over([0], { board: [boardAgent("1001")], agents: [dbAgent("1001")], truncated: false }).tracker;
    expect(over([1000, 6000, 12_000], { board: [boardAgent("1001")], agents: [], truncated: true }, seen).all).toEqual([]);
  });

  it("brings an agent whose logged_in push was lost onto the board", () => {
    const { all } = over([0, 5000], { board: [], agents: [dbAgent("1003", { status: "PAUSED", pauseCode: "LOGIN", campaignId: "SUPPORT" })], truncated: false });
    expect(all.map((e) => [e.event, e.message, e.campaign])).toEqual([["db_state", "PAUSED LOGIN", "SUPPORT"]]);
  });

  it("gives two corrections with the same text distinct identities (counter = wallboard second)", () => {
    const input = { board: [boardAgent("1001", { state: "READY" })], agents: [dbAgent("1001", { status: "PAUSED" })], truncated: false };
    const { all } = over(Array.from({ length: 40 }, (_, i) => i * 1000), input);
    expect(all).toHaveLength(2);
    expect(all[0]!.counter).not.toBe(all[1]!.counter);
  });
});

let id = 1;
function push(event: string, counter: number, extra: Partial<AgentEventInput> = {}): AgentEventInput {
  return { id: id++, receivedAt: 1_800_000_000_000 + counter * 1000, event, message: null, leadId: null, epoch: 1_800_000_000 + counter, counter, campaign: null, agentLogId: "101", ...extra };
}
function db(event: string, at: number, extra: Partial<AgentEventInput> = {}): AgentEventInput {
  return { id: id++, receivedAt: 1_800_000_000_000 + at * 1000, event, message: null, leadId: null, epoch: null, counter: 1_800_000_000 + at, campaign: null, agentLogId: "101", ...extra };
}

describe("db_* events in the state model", () => {
  it("db_state moves the agent, records the correction, and sets the pause code from the database", () => {
    const s = foldEvents([push("logged_in", 1), push("state_ready", 2), db("db_state", 20, { message: "PAUSED LUNCH", campaign: "SALES" })]);
    expect(s).toMatchObject({ status: "PAUSED", pauseCode: "LUNCH", pauseCodeSource: "database", campaign: "SALES", lastEvent: "state_ready" });
    expect(s.correction).toEqual({ from: "READY", to: "PAUSED", at: 1_800_000_020_000 });
    const view = toAgentView("1001", s, s.lastEventAt, undefined, 1_800_000_021_000, 600_000);
    expect(view.correction).toEqual(s.correction);
  });

  it("a later push moves the agent again and clears the correction; the push stays primary", () => {
    const s = foldEvents([push("logged_in", 1), db("db_state", 20, { message: "INCALL" }), push("state_ready", 30)]);
    expect(s.status).toBe("READY");
    expect(s.correction).toBeNull();
  });

  it("a correction sorts right after the agent's latest event, even when it arrives before a late push of earlier epoch", () => {
    // Pushes 1, 2 arrive; the correction arrives; then a push sent later (counter 3) arrives.
    const s = foldEvents([push("logged_in", 1), push("state_ready", 2), db("db_state", 10, { message: "PAUSED" }), push("call_answered", 3)]);
    expect(s.status).toBe("INCALL");
  });

  it("db_campaign fills the campaign ahead of the roster and changes nothing else", () => {
    const before = foldEvents([push("logged_in", 1), push("state_ready", 2)]);
    const s = foldEvents([push("logged_in", 1), push("state_ready", 2), db("db_campaign", 5, { campaign: "SALES", message: "SALES" })]);
    expect(s).toEqual({ ...before, campaign: "SALES" });
    expect(toAgentView("1001", s, 0, { user: "1001", fullName: null, campaign: "SUPPORT", team: null }, 0, 600_000).campaign).toBe("SALES");
  });

  it("db_pause_code sets the code only while PAUSED, with source database", () => {
    expect(foldEvents([push("logged_in", 1), push("state_paused", 2), db("db_pause_code", 5, { message: "BREAK" })])).toMatchObject({ pauseCode: "BREAK", pauseCodeSource: "database" });
    expect(foldEvents([push("logged_in", 1), push("state_ready", 2), db("db_pause_code", 5, { message: "BREAK" })])).toMatchObject({ status: "READY", pauseCode: null });
  });

  it("ignores a db_state whose status is not one of ours", () => {
    const before = foldEvents([push("logged_in", 1)]);
    expect(foldEvents([push("logged_in", 1), db("db_state", 5, { message: "FOO" })])).toEqual(before);
  });

  it("db_state LOGGED_OUT logs the agent out (a lost logged_out push)", () => {
    expect(foldEvents([push("logged_in", 1), push("state_ready", 2), db("db_state", 50, { message: "LOGGED_OUT" })])).toMatchObject({ status: "LOGGED_OUT", correction: { from: "READY", to: "LOGGED_OUT" } });
  });
});
