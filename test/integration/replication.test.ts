/**
 * Replication between instances (lib/replication/follower.ts) against a real PostgreSQL:
 * transactions of two writers that commit out of transaction-id order are all delivered, each
 * row version once, the later-started one as soon as it commits (not when the older one ends).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { ReplicationFollower } from "../../lib/replication/follower";
import { replicationHorizon } from "../../lib/queries/replication";
import type { StoredAgentEvent } from "../../lib/events/types";
import { createTestDatabase } from "../support/database";

let url: string;
let pool: pg.Pool;
let follower: ReplicationFollower;
const delivered: StoredAgentEvent[] = [];

/** A session writing as `writer` (the setting the wallboard's pools carry). */
async function writerClient(writer: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, options: `-c wallboard.writer=${writer}` });
  await c.connect();
  return c;
}

async function insertEvent(c: pg.Client, user: string, counter: number): Promise<void> {
  await c.query(
    `INSERT INTO agent_event (received_at, source, agent_user, event, epoch, counter, agent_log_id, raw, dedup_key)
     VALUES (now(), 'vicidial-push', $1, 'state_ready', 1795000000, $2, '1', '{}'::jsonb, $3)`,
    [user, counter, `${user}-${counter}-${Math.random()}`],
  );
}

const until = async (ok: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error("not within time");
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  pool = new pg.Pool({ connectionString: url, max: 2 });
  follower = new ReplicationFollower(
    pool,
    { agentEvents: (events) => delivered.push(...events), calls: () => {}, accounts: () => {}, sourceStatuses: () => {} },
    { databaseUrl: url, writer: "me", log: { warn: () => {} }, pollMs: 200 },
  );
  await follower.start(await replicationHorizon(pool));
});
afterAll(async () => {
  await follower?.stop();
  await pool?.end();
});

describe("replication follower", () => {
  it("delivers rows of transactions that commit out of id order, each once, without waiting for the older one", async () => {
    const a = await writerClient("instance-a");
    const b = await writerClient("instance-b");
    await a.query("BEGIN");
    await insertEvent(a, "older", 1); // takes the smaller transaction id
    await b.query("BEGIN");
    await insertEvent(b, "younger", 1);
    await b.query("COMMIT");
    // The younger transaction is delivered while the older one is still open.
    await until(() => delivered.some((e) => e.user === "younger"));
    expect(delivered.some((e) => e.user === "older")).toBe(false);
    await a.query("COMMIT");
    await until(() => delivered.some((e) => e.user === "older"));
    // Later rounds (notifications, the poll) deliver nothing twice.
    await insertEvent(b, "later", 2);
    await until(() => delivered.some((e) => e.user === "later"));
    await new Promise((r) => setTimeout(r, 600));
    const ids = delivered.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(delivered.map((e) => e.user).sort()).toEqual(["later", "older", "younger"]);
    await a.end();
    await b.end();
  });

  it("skips its own writes; an update (a merged copy) is delivered again", async () => {
    const me = await writerClient("me");
    const other = await writerClient("instance-b");
    await insertEvent(me, "mine", 1);
    await insertEvent(other, "theirs", 1);
    await until(() => delivered.some((e) => e.user === "theirs"));
    expect(delivered.some((e) => e.user === "mine")).toBe(false);
    const before = delivered.filter((e) => e.user === "theirs").length;
    await other.query("UPDATE agent_event SET campaign = 'FILLED' WHERE agent_user = 'theirs'");
    await until(() => delivered.filter((e) => e.user === "theirs").length === before + 1);
    expect(delivered.filter((e) => e.user === "theirs").at(-1)!.campaign).toBe("FILLED");
    await me.end();
    await other.end();
  });

  it("is not woken by its own commits: with its poll at 10 s it reads nothing for them, and at once for another writer's", async () => {
    // Counts the follower's catch-up reads of agent_event.
    let reads = 0;
    const counting = Object.assign(Object.create(pool) as pg.Pool, {
      query: (...args: Parameters<pg.Pool["query"]>) => {
        const q = args[0] as { name?: string };
        if (q?.name === "replication_agent_events") reads++;
        return (pool.query as (...a: unknown[]) => unknown)(...args);
      },
    });
    const seen: string[] = [];
    const quiet = new ReplicationFollower(
      counting,
      { agentEvents: (events) => seen.push(...events.map((e) => e.user)), calls: () => {}, accounts: () => {}, sourceStatuses: () => {} },
      { databaseUrl: url, writer: "quiet", log: { warn: () => {} }, pollMs: 10_000 },
    );
    await quiet.start(await replicationHorizon(pool));
    // Its listener reads once when it connects; what counts is what follows.
    await new Promise((r) => setTimeout(r, 300));
    const settled = reads;
    const mine = await writerClient("quiet");
    for (let i = 1; i <= 20; i++) await insertEvent(mine, "own", i);
    await new Promise((r) => setTimeout(r, 500));
    expect(reads - settled).toBe(0);
    const other = await writerClient("instance-c");
    await insertEvent(other, "elsewhere", 1);
    await until(() => seen.includes("elsewhere"), 2000);
    expect(seen).not.toContain("own");
    await quiet.stop();
    await mine.end();
    await other.end();
  });
});
