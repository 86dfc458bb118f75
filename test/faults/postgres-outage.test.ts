/**
 * PostgreSQL stopped for 30 s under load (README "When the database is down"): ingest keeps
 * answering 200 by spooling to a local fsynced file, the board keeps updating, and when the
 * database returns the spool is committed in order and without duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/embedded";
import { freePort } from "../../support/ports";
import { httpRequest, pushEvent } from "../support/push";
import { query } from "../support/database";
import { startServer, type TestServer } from "../support/server";
import { connectClient, type RecordingClient } from "../support/socket";

const OUTAGE_MS = 30_000;
let pg: EmbeddedDatabase;
let pgPort: number;
let server: TestServer;
let client: RecordingClient;
const dataDir = path.resolve(".data", `outage-pg-${process.pid}`);

beforeAll(async () => {
  rmSync(dataDir, { recursive: true, force: true });
  pgPort = await freePort();
  pg = await startEmbeddedPostgres(dataDir, pgPort);
  server = await startServer({ databaseUrl: pg.url });
  client = await connectClient(server.url);
  await client.subscribe(["campaign:OUTAGE"]);
});
afterAll(async () => {
  client?.close();
  await server?.stop();
  await pg?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("PostgreSQL outage under load", () => {
  it("answers every push, keeps the board live, and commits everything once when the database returns", { timeout: 120_000 }, async () => {
    const acknowledged: { user: string; counter: number; body: string }[] = [];
    const answers = new Map<number, number>();
    let counter = 0;
    let sending = true;
    const epoch = Math.floor(Date.now() / 1000);
    const events = ["state_ready", "call_answered", "agent_hangup", "dispo_set", "state_paused"];
    // 10 agents, one event each every 100 ms: ~100 events/s for the whole test.
    const senders = Array.from({ length: 10 }, async (_, a) => {
      const user = `9${String(a).padStart(3, "0")}`;
      while (sending) {
        const c = ++counter;
        const res = await pushEvent(server.url, { user, event: events[c % events.length], message: c % 5 === 3 ? "SALE" : "", epoch, counter: c, campaign: "OUTAGE", token: server.pushToken }).catch(() => ({ status: 0, body: "" }));
        answers.set(res.status, (answers.get(res.status) ?? 0) + 1);
        if (res.status === 200) acknowledged.push({ user, counter: c, body: res.body });
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    await new Promise((r) => setTimeout(r, 2000));
    await pg.stop();
    const stoppedAt = Date.now();
    // The board keeps updating from spooled events.
    await new Promise((r) => setTimeout(r, 3000));
    const health = await httpRequest(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toMatchObject({ ingest: { spooling: true } });
    // A load balancer's check (deploy/haproxy.cfg) keeps the instance in: it takes pushes.
    const ready = await httpRequest(`${server.url}/readyz`);
    expect([ready.status, JSON.parse(ready.body)]).toEqual([200, { ready: true }]);
    const deltasDuringOutage = client.deltas.length;
    await new Promise((r) => setTimeout(r, OUTAGE_MS - (Date.now() - stoppedAt)));
    expect(client.deltas.length).toBeGreaterThan(deltasDuringOutage);
    pg = await startEmbeddedPostgres(dataDir, pgPort);
    await new Promise((r) => setTimeout(r, 3000));
    sending = false;
    await Promise.all(senders);

    // Every request was answered 200, some of them while the database was down.
    expect([...answers.keys()]).toEqual([200]);
    expect(acknowledged.filter((a) => a.body === "OK spooled\n").length).toBeGreaterThan(1000);
    await expect
      .poll(async () => JSON.parse((await httpRequest(`${server.url}/healthz`)).body).ingest.spooling, { timeout: 10_000 })
      .toBe(false);
    const rows = await query<{ agent_user: string; counter: number }>(pg.url, "SELECT agent_user, counter FROM agent_event ORDER BY id");
    expect(rows.length).toBe(acknowledged.length);
    expect(new Set(rows.map((r) => `${r.agent_user}/${r.counter}`)).size).toBe(rows.length);
    const stored = new Set(rows.map((r) => `${r.agent_user}/${r.counter}`));
    for (const a of acknowledged) expect(stored.has(`${a.user}/${a.counter}`)).toBe(true);
    // In order: per agent, ids follow the order the events were acknowledged.
    for (let a = 0; a < 10; a++) {
      const user = `9${String(a).padStart(3, "0")}`;
      const counters = rows.filter((r) => r.agent_user === user).map((r) => r.counter);
      expect(counters).toEqual([...counters].sort((x, y) => x - y));
    }
  });
});
