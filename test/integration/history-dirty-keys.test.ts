/**
 * The history job's batches of dirty keys (lib/queries/history/rollup.ts listDirtyByKey), on
 * real PostgreSQL with the real migrations: the keys whose first dirty row is oldest, in that
 * order, each with every range up to the run's last id — also when a key's rows span more than
 * one page of the key scan, and with the keys a run skips left out. An agent's "agent" and
 * "agent-open" rows are one key: they come in the same batch.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import { deleteDirtyKeys, listDirtyByKey, maxDirtyId } from "../../lib/queries/history/rollup";
import { createTestDatabase, query } from "../support/database";

let url: string;
let db: Db;
beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  db = createPrisma(url, 2);
});
afterAll(async () => db?.$disconnect());

const T = Date.UTC(2026, 10, 30, 8);
/** `count` dirty rows of (kind, key), the n-th covering [T + n s, T + n s + 1 s]. */
const dirty = (kind: string, key: string, count: number) =>
  query(url, `INSERT INTO history_dirty (kind, key, from_at, to_at) SELECT $1, $2, to_timestamp(($3::float8 + g * 1000) / 1000.0), to_timestamp(($3::float8 + g * 1000 + 1000) / 1000.0) FROM generate_series(0, $4::int - 1) g`, [kind, key, T, count]);

describe("history dirty keys", () => {
  it("lists the oldest keys first with all their ranges, across pages of the key scan, leaving out skipped keys", async () => {
    await dirty("agent", "busy", 2_500); // more rows than one page of the key scan (2,000)
    await dirty("queue", "Q1", 1);
    await dirty("agent", "quiet", 1);
    await dirty("agent", "busy", 2); // later rows of the first key
    await dirty("agent-open", "busy", 1); // the same agent's other kind: the same key
    const maxId = (await maxDirtyId(db))!;
    await dirty("agent", "late", 1); // after the run's last id: not this run's

    const two = await listDirtyByKey(db, 2, maxId, ["agent", "queue"]);
    expect(two.map((g) => `${g.kind}:${g.key}`)).toEqual(["agent:busy", "queue:Q1"]);
    expect(two[0]!.ranges).toHaveLength(2_502);
    expect(two[0]!.ranges[0]).toEqual({ from: T, to: T + 1_000 });
    expect(two[1]!.ranges).toEqual([{ from: T, to: T + 1_000 }]);

    // Skipping an agent skips both its kinds.
    const all = await listDirtyByKey(db, 10, maxId, ["agent", "agent-open", "queue"], [{ kind: "agent", key: "busy" }]);
    expect(all.map((g) => `${g.kind}:${g.key}`)).toEqual(["queue:Q1", "agent:quiet"]);

    await deleteDirtyKeys(db, maxId, two);
    const left = await listDirtyByKey(db, 10, maxId, ["agent", "agent-open", "queue"]);
    expect(left.map((g) => `${g.kind}:${g.key}`)).toEqual(["agent:quiet", "agent-open:busy"]);
    const rest = await listDirtyByKey(db, 10, (await maxDirtyId(db))!, ["agent"]);
    expect(rest.map((g) => g.key)).toEqual(["quiet", "late"]);
  });

  it("brings an agent's open mark and its new events in one batch, whatever lies between them", async () => {
    await query(url, "DELETE FROM history_dirty");
    // The last run marked A and B open; then B, C and A had new events.
    await dirty("agent-open", "A", 1);
    await dirty("agent-open", "B", 1);
    await dirty("agent", "B", 1);
    await dirty("agent", "C", 1);
    await dirty("agent", "A", 1);
    const maxId = (await maxDirtyId(db))!;
    const first = await listDirtyByKey(db, 1, maxId, ["agent", "agent-open", "queue"]);
    expect(first.map((g) => `${g.kind}:${g.key}`)).toEqual(["agent:A", "agent-open:A"]);
    await deleteDirtyKeys(db, maxId, first);
    const next = await listDirtyByKey(db, 10, maxId, ["agent", "agent-open", "queue"]);
    expect(next.map((g) => `${g.kind}:${g.key}`)).toEqual(["agent:B", "agent-open:B", "agent:C"]);
  });
});
