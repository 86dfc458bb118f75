/**
 * Bounds of the PBX link (issue 11 item 9): the frame write queue during a database stall and
 * the largest WebSocket message. The PBX hub runs in this process against a real PostgreSQL
 * database and the PBX simulator over a real WebSocket; a stall is a real lock on pbx_frame.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { CallBook } from "../../lib/calls/call-book";
import { PbxHub } from "../../lib/sources/vodia/hub";
import { applyMigrations } from "../../lib/db/migrate";
import { createPrisma, type Db } from "../../lib/db/prisma";
import { PbxSimulator } from "../../sim/pbx/server";
import { createTestDatabase, query } from "../support/database";
import { until } from "../support/until";

const FRAME_QUEUE_MAX = 50;
const MAX_FRAME_BYTES = 65_536;

let url: string;
let db: Db;
let sim: PbxSimulator;
let hub: PbxHub;
const logged: { level: string; msg: string; obj: object }[] = [];
const log = {
  info: (obj: object, msg: string) => logged.push({ level: "info", msg, obj }),
  warn: (obj: object, msg: string) => logged.push({ level: "warn", msg, obj }),
  error: (obj: object, msg: string) => logged.push({ level: "error", msg, obj }),
};


beforeAll(async () => {
  url = await createTestDatabase();
  await applyMigrations(url);
  db = createPrisma(url, 4);
  sim = new PbxSimulator({ username: "admin", password: "secret-pw" });
  await sim.start();
  hub = new PbxHub(db, new CallBook(new Set(["700"])), {
    keepAliveMs: 30_000,
    resyncMs: 3_600_000,
    maxFrameBytes: MAX_FRAME_BYTES,
    frameQueueMax: FRAME_QUEUE_MAX,
    callQueueMax: 100,
    extensions: () => [],
    now: Date.now,
    onCalls: () => {},
    onAccounts: () => {},
    onLinks: () => {},
    log,
    minBackoffMs: 100,
    maxBackoffMs: 200,
  });
  hub.add({ name: "env", url: sim.url(), username: "admin", password: "secret-pw" });
  await until(() => hub.status()[0]?.state, (s) => s === "up", 10_000);
});
afterAll(async () => {
  await hub?.close();
  await sim?.stop();
  await db?.$disconnect();
});

describe("PBX write queues", () => {
  it("while pbx_frame is locked, frames beyond PBX_FRAME_QUEUE_MAX are dropped and counted, logged once; stored again after", async () => {
    await until(() => hub.writeStats().framesStored, (n) => n >= 1, 10_000);
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE pbx_frame IN ACCESS EXCLUSIVE MODE");
      const before = hub.writeStats();
      const sent = 400;
      for (let i = 0; i < sent; i++) sim.sendRaw(JSON.stringify({ action: "message-count", n: i, pad: "x".repeat(200) }));
      const stats = await until(() => hub.writeStats(), (s) => s.framesDropped - before.framesDropped + s.pending.frames + s.framesStored - before.framesStored >= sent - 1, 10_000);
      // At most the bound waits (plus one batch being written, blocked by the lock).
      expect(stats.pending.frames).toBeLessThanOrEqual(FRAME_QUEUE_MAX);
      expect(stats.framesDropped - before.framesDropped).toBeGreaterThanOrEqual(sent - FRAME_QUEUE_MAX - 1);
      expect(logged.filter((l) => l.level === "error" && l.msg.startsWith("PBX frames")).length).toBe(1);
    } finally {
      await locker.query("COMMIT");
      await locker.end();
    }
    await until(() => hub.writeStats().pending.frames, (n) => n === 0, 10_000);
    await until(() => logged.some((l) => l.level === "warn" && l.msg === "PBX frames stored again after an outage"), (v) => v, 10_000);
    // A batch may still be on its way when the queue is empty: wait until the counts settle.
    const settled = await until(
      async () => ({ stored: hub.writeStats().framesStored, rows: (await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM pbx_frame"))[0]!.n }),
      (v) => v.rows === v.stored,
      10_000,
    );
    expect(settled.rows).toBe(settled.stored);
    expect(logged.filter((l) => l.msg.startsWith("PBX frames")).length).toBe(2);
  });

  it("a PBX message larger than PBX_MAX_FRAME_BYTES drops the link with a clear error (it reconnects), never buffered", async () => {
    sim.sendRaw(JSON.stringify({ action: "domain-state", accounts: [], calls: [], pad: "x".repeat(MAX_FRAME_BYTES) }));
    const down = await until(() => hub.status()[0]!, (s) => s.state === "down", 10_000);
    expect(down.lastError).toMatch(/max payload size exceeded/i);
    await until(() => hub.status()[0]!.state, (s) => s === "up", 10_000);
  });
});
