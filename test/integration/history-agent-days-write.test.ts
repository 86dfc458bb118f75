/**
 * The rollup's write of one agent's days (lib/queries/history/rollup.ts replaceAgentDays), on
 * real PostgreSQL with the real migrations: one statement that replaces the rows of the days
 * it is given (a campaign no longer in them is deleted, the others updated in place), leaves
 * other days and agents alone, records the "agent-open" mark when asked, and can run twice at
 * once (two servers, a page's catch-up and the timer) with both succeeding.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import type { AgentDaySummary } from "../../lib/history/agent-day";
import { replaceAgentDays } from "../../lib/queries/history/rollup";
import { createTestDatabase, query } from "../support/database";

let url: string;
let db: Db;
beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  db = createPrisma(url, 4);
});
afterAll(async () => db?.$disconnect());

const T = Date.UTC(2026, 10, 30, 8);
const summary = (campaign: string, loggedInSec: number): AgentDaySummary => ({
  campaign,
  states: [{ status: "READY", pauseCode: "", seconds: loggedInSec }],
  loggedInSec,
  unknownSec: 0,
  callsHandled: 1,
  talkSec: 0,
  dispositions: Object.assign(Object.create(null) as Record<string, number>, { SALE: 1 }),
  firstAt: T,
  lastAt: T + loggedInSec * 1000,
});
const rows = () =>
  query<{ day: string; agent_user: string; campaign: string; team: string | null; logged_in_sec: number; state_sec: unknown }>(
    url,
    "SELECT day, agent_user, campaign, team, logged_in_sec, state_sec FROM agent_day ORDER BY agent_user, day, campaign",
  );

describe("replaceAgentDays", () => {
  it("replaces the given days' rows, leaves the rest, marks the agent open when asked, and may run twice at once", async () => {
    await replaceAgentDays(db, "u1", "T1", ["2026-11-29", "2026-11-30"], new Map([
      ["2026-11-29", [summary("A", 100)]],
      ["2026-11-30", [summary("A", 200), summary("B", 300)]],
    ]));
    await replaceAgentDays(db, "u2", null, ["2026-11-30"], new Map([["2026-11-30", [summary("B", 50)]]]));
    expect((await rows()).map((r) => `${r.agent_user} ${r.day} ${r.campaign} ${r.logged_in_sec}`)).toEqual([
      "u1 2026-11-29 A 100",
      "u1 2026-11-30 A 200",
      "u1 2026-11-30 B 300",
      "u2 2026-11-30 B 50",
    ]);

    // u1's 30th again: campaign B is gone from it, A changed; the 29th and u2 are not touched.
    await replaceAgentDays(db, "u1", "T2", ["2026-11-30"], new Map([["2026-11-30", [summary("A", 250)]]]), T + 60_000);
    const after = await rows();
    expect(after.map((r) => `${r.agent_user} ${r.day} ${r.campaign} ${r.logged_in_sec} ${r.team}`)).toEqual([
      "u1 2026-11-29 A 100 T1",
      "u1 2026-11-30 A 250 T2",
      "u2 2026-11-30 B 50 null",
    ]);
    expect(after[1]!.state_sec).toEqual({ READY: 250 });
    const marks = await query<{ kind: string; key: string; from_ms: number }>(url, "SELECT kind, key, (extract(epoch FROM from_at) * 1000)::float8 AS from_ms FROM history_dirty WHERE kind = 'agent-open'");
    expect(marks).toEqual([{ kind: "agent-open", key: "u1", from_ms: T + 60_000 }]);

    // A day with nothing left deletes its rows.
    await replaceAgentDays(db, "u2", null, ["2026-11-30"], new Map());
    expect((await rows()).filter((r) => r.agent_user === "u2")).toEqual([]);

    // Runs racing over rows that exist write the same rows, and none fails (as a DELETE then
    // INSERT, most of them failed on the primary key: 146 of 200 in 50 rounds of 4).
    const same = () => replaceAgentDays(db, "u3", null, ["2026-11-30"], new Map([["2026-11-30", [summary("A", 10), summary("B", 20)]]]));
    for (let round = 0; round < 10; round++) {
      const results = await Promise.allSettled([same(), same(), same(), same()]);
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    }
    expect((await rows()).filter((r) => r.agent_user === "u3").map((r) => `${r.campaign} ${r.logged_in_sec}`)).toEqual(["A 10", "B 20"]);
  });
});
