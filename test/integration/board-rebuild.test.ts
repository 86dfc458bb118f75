/**
 * The live board's rebuild from stored events (issue 14: what a start costs): the replay read
 * (lib/queries/agent-events.ts replayEventsOfAgents) and LiveEngine.rebuild, which reads the
 * agents in groups. Real PostgreSQL, rows as the event store writes them.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import { createLogger } from "../../lib/log";
import { agentsSeenSince, replayEventsOfAgents } from "../../lib/queries/agent-events";
import { LiveEngine } from "../../lib/server/live-engine";
import { createTestDatabase, query } from "../support/database";

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const EPOCH = NOW / 1000 - 3_600;
let url: string;
let pool: pg.Pool;
let db: Db;

/** One stored push, as the event store writes it: `at` seconds after EPOCH on the agent's screen, received `at` s after it too. */
async function store(user: string, counter: number, event: string, message: string, options: { at?: number; campaign?: string; receivedAt?: number } = {}): Promise<void> {
  const at = options.at ?? counter * 10;
  const receivedMs = options.receivedAt ?? (EPOCH + at) * 1000;
  await query(
    url,
    `INSERT INTO agent_event (received_at, source, agent_user, event, message, lead_id, epoch, agent_log_id, counter, campaign, raw, dedup_key)
     VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', $2, $3, $4, NULL, $5, '900', $6, $7, $8::jsonb, $9)`,
    [receivedMs, user, event, message, EPOCH + at, counter, options.campaign ?? null, JSON.stringify({ user, event, message }), `${user}-${counter}-${event}`],
  );
  await query(
    url,
    `INSERT INTO agent ("user", first_seen_at, last_event_at) VALUES ($1, to_timestamp($2 / 1000.0), to_timestamp($2 / 1000.0))
     ON CONFLICT ("user") DO UPDATE SET last_event_at = GREATEST(agent.last_event_at, EXCLUDED.last_event_at)`,
    [user, receivedMs],
  );
}

const engine = () =>
  new LiveEngine(db, { staleAfterSec: 86_400, liveWindowHours: 12, timeZone: "UTC", shortAbandonSec: 5, maxLiveAgents: 100, now: () => NOW, log: createLogger("silent"), replayPool: pool });

beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  pool = new pg.Pool({ connectionString: url, max: 2 });
  db = createPrisma(url, 2);
  // Five agents with a shift each (login, then ready/paused cycles), one with many events.
  for (const [n, user] of ["6001", "6002", "6003", "6004", "6005"].entries()) {
    await store(user, 1, "logged_in", "", { campaign: `CAMP${n % 2}` });
    for (let c = 2; c <= (user === "6003" ? 40 : 6); c++) await store(user, c, c % 2 ? "state_ready" : "state_paused", c % 2 ? "READY" : "PAUSED");
  }
  // 6002's last event reaches the table last but belongs early on its screen (a spool replayed
  // after an outage): by screen order the agent is still in its last state, and its dispo is
  // not the newest thing it did.
  await store("6002", 3, "dispo_set", "SALE", { at: 25, receivedAt: (EPOCH + 500) * 1000 });
  // An agent not seen within the live window.
  await store("5999", 1, "logged_in", "", { receivedAt: NOW - 13 * 3_600_000 });
});

afterAll(async () => {
  await pool?.end();
  await db?.$disconnect();
});

describe("the replay read", () => {
  it("gives each agent's newest events in ascending id, agents in the order asked, without raw fields", async () => {
    const events = await replayEventsOfAgents(pool, ["6003", "6001"], 5);
    expect(events.map((e) => e.user)).toEqual(["6003", "6003", "6003", "6003", "6003", "6001", "6001", "6001", "6001", "6001"]);
    const ids = events.map((e) => e.id);
    expect(ids.slice(0, 5)).toEqual([...ids.slice(0, 5)].sort((a, b) => a - b));
    expect(events.slice(0, 5).map((e) => e.counter)).toEqual([36, 37, 38, 39, 40]);
    expect(events.slice(5).map((e) => e.counter)).toEqual([2, 3, 4, 5, 6]);
    expect(events[9]).toEqual({ id: expect.any(Number), receivedAt: (EPOCH + 60) * 1000, source: "vicidial-push", user: "6001", event: "state_paused", message: "PAUSED", leadId: null, epoch: EPOCH + 60, agentLogId: "900", counter: 6, campaign: null });
    expect(await replayEventsOfAgents(pool, [], 5)).toEqual([]);
    expect(await replayEventsOfAgents(pool, ["nobody"], 5)).toEqual([]);
  });

  it("lists the agents seen since a time", async () => {
    expect(await agentsSeenSince(pool, NOW - 12 * 3_600_000)).toEqual(["6001", "6002", "6003", "6004", "6005"]);
  });
});

describe("LiveEngine.rebuild", () => {
  it("builds the same board reading two agents at a time as in one read, each agent in screen order", async () => {
    const inGroups = engine();
    expect(await inGroups.rebuild(NOW - 12 * 3_600_000, 2)).toEqual({ agents: 5, events: 4 * 6 + 40 + 1 });
    const inOne = engine();
    await inOne.rebuild(NOW - 12 * 3_600_000, 100);
    const views = inGroups.agents.list();
    expect(views.map((a) => a.user).sort()).toEqual(["6001", "6002", "6003", "6004", "6005"]);
    expect(views).toEqual(inOne.agents.list());
    expect(inGroups.agents.get("6003")).toMatchObject({ state: "PAUSED", campaign: "CAMP0" });
    // 6002: the dispo committed last sits at 25 s on its screen, before the pause at 60 s.
    expect(inGroups.agents.get("6002")).toMatchObject({ state: "PAUSED", campaign: "CAMP1" });
    expect(inGroups.agents.get("5999")).toBeUndefined();
  });
});
