/**
 * The periodic history rollup is background work beside the pushes (issue 14): it reads one
 * agent's events at a time and rests between agents, while a run on request (a page's
 * catch-up, a refresh) goes at full speed with several agents at once. Real PostgreSQL with
 * the real migrations and triggers; the Prisma client is wrapped only to count the reads of
 * agent events that are in flight at once.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import { HistoryRollup } from "../../lib/history/rollup";
import { createTestDatabase, query } from "../support/database";

let url: string;
let db: Db;
const AGENTS = 12;
const T = Date.now() - 3_600_000;

beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  db = createPrisma(url, 6);
});
afterAll(async () => db?.$disconnect());

async function dirtyAgents(prefix: string): Promise<void> {
  for (let a = 0; a < AGENTS; a++) {
    const user = `${prefix}${a}`;
    for (const [i, event] of ["logged_in", "state_ready", "call_answered", "agent_hangup", "dispo_set"].entries()) {
      const t = T + (a * 60 + i * 10) * 1000;
      await query(
        url,
        `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, agent_log_id, counter, campaign, raw, dedup_key)
         VALUES (to_timestamp($1 / 1000.0), 'vicidial-push', $2, $3, NULL, $4, '1', $5, 'PACE', '{}'::jsonb, $6)`,
        [t, user, event, Math.floor(t / 1000), i + 1, createHash("sha256").update(`${user}/${i}`).digest("hex")],
      );
    }
  }
}

/** The client, with the most reads of agent events seen in flight at once, and all of them. */
function counting(): { db: Db; most: () => number; reads: () => number } {
  let inFlight = 0;
  let most = 0;
  let reads = 0;
  const wrapped = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "$queryRaw" || typeof value !== "function") return typeof value === "function" ? value.bind(target) : value;
      return (strings: TemplateStringsArray, ...values: unknown[]) => {
        const readsEvents = strings.join("?").includes("FROM agent_event") && strings.join("?").includes("agent_user =");
        const run = (value as (...a: unknown[]) => Promise<unknown>).call(target, strings, ...values);
        if (!readsEvents) return run;
        reads++;
        most = Math.max(most, ++inFlight);
        return Promise.resolve(run).finally(() => inFlight--);
      };
    },
  });
  return { db: wrapped, most: () => most, reads: () => reads };
}

const config = { timeZone: "UTC", staleAfterSec: 300, shortAbandonSec: 5, defaultServiceLevelSec: 20 };

describe("history rollup pacing", () => {
  it("the periodic job reads one agent at a time; a refresh several at once", async () => {
    await dirtyAgents("pace-a");
    const periodic = counting();
    const job = new HistoryRollup(periodic.db, { ...config, intervalMs: 3_600_000 });
    job.start(); // its first run starts now
    await expect.poll(async () => (await query<{ n: string }>(url, "SELECT count(DISTINCT agent_user) AS n FROM agent_day WHERE agent_user LIKE 'pace-a%'"))[0]!.n, { timeout: 20_000 }).toBe(String(AGENTS));
    await job.stop();
    expect(periodic.most()).toBe(1);

    await dirtyAgents("pace-b");
    const onRequest = counting();
    await new HistoryRollup(onRequest.db, { ...config }).refresh();
    expect((await query<{ n: string }>(url, "SELECT count(DISTINCT agent_user) AS n FROM agent_day WHERE agent_user LIKE 'pace-b%'"))[0]!.n).toBe(String(AGENTS));
    expect(onRequest.most()).toBeGreaterThan(1);
  });

  it("a run with a time budget (a page's catch-up) takes no new agent once it is spent; those left stay dirty for the next run", async () => {
    await dirtyAgents("budget-");
    const agentsRolledUp = async () => Number((await query<{ n: string }>(url, "SELECT count(DISTINCT agent_user) AS n FROM agent_day WHERE agent_user LIKE 'budget-%'"))[0]!.n);
    const dirtyLeft = async () => Number((await query<{ n: string }>(url, "SELECT count(DISTINCT key) AS n FROM history_dirty WHERE key LIKE 'budget-%'"))[0]!.n);
    const rollup = new HistoryRollup(db, { ...config });
    // Spent at once: each of the run's few concurrent agents finishes, none is started after.
    const first = await rollup.runOnce({ budgetMs: 0, includeOpen: false });
    expect(first.complete).toBe(false);
    const done = await agentsRolledUp();
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(AGENTS);
    expect(await dirtyLeft()).toBe(AGENTS - done);
    // The next run without a budget rolls up the rest.
    const second = await rollup.runOnce({ includeOpen: false });
    expect(second.complete).toBe(true);
    expect(await agentsRolledUp()).toBe(AGENTS);
    expect(await dirtyLeft()).toBe(0);
  });

  it("stopping the periodic job ends its run after the agent in progress; the rest stay dirty", async () => {
    await dirtyAgents("stop-");
    const agentsRolledUp = async () => Number((await query<{ n: string }>(url, "SELECT count(DISTINCT agent_user) AS n FROM agent_day WHERE agent_user LIKE 'stop-%'"))[0]!.n);
    const dirtyLeft = async () => Number((await query<{ n: string }>(url, "SELECT count(DISTINCT key) AS n FROM history_dirty WHERE key LIKE 'stop-%' AND kind = 'agent'"))[0]!.n);
    const { db: watched, most } = counting();
    const rollup = new HistoryRollup(watched, { ...config });
    rollup.start(); // the paced run, one agent at a time with a rest after each
    // Stop once the first agent's events have been read: without the stop check the run
    // would go on through all twelve agents (and their rests) before stop() resolved.
    while (most() === 0) await new Promise((r) => setTimeout(r, 1));
    await rollup.stop();
    const done = await agentsRolledUp();
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(AGENTS);
    expect(await dirtyLeft()).toBe(AGENTS - done);
    // The same instance, no longer the leader, still serves its pages and refreshes: a run
    // requested after the stop takes the rest (it once found the stop flag still set and
    // took nothing). Another instance (the next leader) would do the same.
    const next = await rollup.runOnce({ includeOpen: false });
    expect(next.complete).toBe(true);
    expect(await agentsRolledUp()).toBe(AGENTS);
    expect(await dirtyLeft()).toBe(0);
  });

  it("a run rolls each agent up once, also one marked open by the last run that has new events, and counts its days", async () => {
    // More agents than a batch of dirty keys (200): the open marks the first run leaves fill
    // the next run's first batches, the agents' new events come after them.
    const MANY = 250;
    const events = (at: number, counter: number) =>
      query(
        url,
        `INSERT INTO agent_event (received_at, source, agent_user, event, message, epoch, agent_log_id, counter, campaign, raw, dedup_key)
         SELECT to_timestamp($1 / 1000.0), 'vicidial-push', 'open-' || a, 'state_ready', NULL, $1::int8 / 1000, '1', $2::int, 'PACE', '{}'::jsonb, md5('open-' || a || '/' || $2::int)
         FROM generate_series(1, $3::int) a`,
        [at, counter, MANY],
      );
    // Still on the screen: the last event within the stale timeout (300 s).
    await events(Date.now() - 60_000, 1);
    const first = counting();
    const result = await new HistoryRollup(first.db, { ...config }).refresh();
    // Several agents at once: the total is not lost between them.
    expect(result.agentDays).toBe(MANY);
    expect(first.reads()).toBe(MANY);
    const openMarks = async () => Number((await query<{ n: string }>(url, "SELECT count(*) AS n FROM history_dirty WHERE key LIKE 'open-%' AND kind = 'agent-open'"))[0]!.n);
    expect(await openMarks()).toBe(MANY);

    // A new event for every agent: each has its open mark and the event to roll up, once.
    await events(Date.now() - 30_000, 2);
    const second = counting();
    expect((await new HistoryRollup(second.db, { ...config }).refresh()).agentDays).toBe(MANY);
    expect(second.reads()).toBe(MANY);
    expect(await openMarks()).toBe(MANY);
  });
});
