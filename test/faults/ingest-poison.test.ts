/**
 * Data loss and poison input on the ingest path (issue 11 items 1, 2 and 8), against the real
 * server and a real PostgreSQL reached through proxies the test can cut or stall.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import WebSocket from "ws";
import type { IncomingAgentEvent } from "../../lib/events/types";
import { createTestDatabase, query } from "../support/database";
import { pushEvent } from "../support/push";
import { startServer, TEST_SERVERS_DIR, type TestServer } from "../support/server";
import { startStallProxy, type StallProxy } from "../support/stall-proxy";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy";

const servers: TestServer[] = [];
const proxies: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const p of proxies) await p.close();
});

const nowSec = () => Math.floor(Date.now() / 1000);

/** A database URL whose PostgreSQL is reached through `proxyPort`. */
function via(databaseUrl: string, proxyPort: number): string {
  const u = new URL(databaseUrl);
  u.port = String(proxyPort);
  return u.toString();
}

function spoolFileOf(databaseUrl: string): string {
  const db = new URL(databaseUrl);
  return path.join(TEST_SERVERS_DIR, `${db.port}-${db.pathname.slice(1)}`, "spool", "agent-events.jsonl");
}

describe("poison input", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ databaseUrl: await createTestDatabase() });
    servers.push(server);
  });

  it("a hook frame with a lone surrogate is stored (as U+FFFD) and does not hold up the events behind it", async () => {
    const ws = new WebSocket(`${server.url.replace("http", "ws")}/vicidial/hook?token=${server.pushToken}`);
    await new Promise((r, j) => ws.once("open", r).once("error", j));
    const replies: Record<string, unknown>[] = [];
    ws.on("message", (m) => replies.push(JSON.parse(m.toString()) as Record<string, unknown>));
    let reconnects = 0;
    ws.on("close", () => reconnects++);
    const epoch = nowSec();
    // JSON text with the escape, exactly as a browser's JSON.stringify of a broken string sends it.
    ws.send(`{"id":1,"user":"8801","campaign":"POISON","event":"agent_alert","message":"bad \\ud800 text","counter":1,"epoch":${epoch},"agent_log_id":"5"}`);
    ws.send(JSON.stringify({ id: 2, user: "8801", campaign: "POISON", event: "state_ready", message: "READY", counter: 2, epoch, agent_log_id: "5" }));
    await expect.poll(() => replies.length, { timeout: 5000 }).toBe(2);
    expect(replies).toEqual([
      { ack: 1, outcome: "stored" },
      { ack: 2, outcome: "stored" },
    ]);
    expect(reconnects).toBe(0);
    expect(await query(server.databaseUrl, "SELECT message FROM agent_event WHERE agent_user = '8801' ORDER BY counter")).toEqual([{ message: "bad \uFFFD text" }, { message: "READY" }]);
    ws.close();
  });

  it("a spooled record PostgreSQL refuses is quarantined at the next start; the rest is committed and the server starts", async () => {
    const databaseUrl = await createTestDatabase();
    const spool = spoolFileOf(databaseUrl);
    mkdirSync(path.dirname(spool), { recursive: true });
    const base = { source: "vicidial-push", receivedAt: Date.now() - 60_000, user: "8802", message: null, leadId: null, epoch: nowSec() - 60, agentLogId: "1", campaign: "POISON", raw: {} };
    const lines: IncomingAgentEvent[] = [
      { ...base, event: "logged_in", counter: 1 } as IncomingAgentEvent,
      // A NUL: PostgreSQL text cannot hold it (22021). Written by an older version, say.
      { ...base, event: "agent_alert", message: "nul \u0000 here", counter: 2 } as IncomingAgentEvent,
      { ...base, event: "state_ready", message: "READY", counter: 3 } as IncomingAgentEvent,
    ];
    writeFileSync(spool, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    const s = await startServer({ databaseUrl });
    servers.push(s);
    expect(await query(databaseUrl, "SELECT event FROM agent_event ORDER BY counter")).toEqual([{ event: "logged_in" }, { event: "state_ready" }]);
    const quarantine = readFileSync(`${spool}.quarantine`, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { reason: string; event: IncomingAgentEvent });
    expect(quarantine).toHaveLength(1);
    expect(quarantine[0]!.event.counter).toBe(2);
    expect(quarantine[0]!.reason).toMatch(/./);
    expect(s.output()).toMatch(/quarantined/);
    expect(existsSync(spool)).toBe(false);
  });
});

describe("spool failures are never acknowledged", () => {
  it("with the spool full the push is answered 503, and the same event is stored (not 'duplicate') once the database is back", async () => {
    const databaseUrl = await createTestDatabase();
    const pgPort = Number(new URL(databaseUrl).port);
    const proxy: TcpProxy = await startTcpProxy(pgPort);
    proxies.push(proxy);
    const server = await startServer({ databaseUrl: via(databaseUrl, proxy.port), env: { SPOOL_MAX_BYTES: "1200" } });
    servers.push(server);
    const epoch = nowSec();
    const ev = (counter: number) => ({ user: "8803", event: "agent_alert", message: `x${counter}`, epoch, agent_log_id: "3", counter, campaign: "FULL", token: server.pushToken });
    await proxy.cut();
    const answers: string[] = [];
    for (let c = 1; c <= 6; c++) answers.push((await pushEvent(server.url, ev(c))).body.trim());
    // Each spooled line is ~300 bytes: the first ones fit, then the cap refuses.
    expect(answers.slice(0, 2)).toEqual(["OK spooled", "OK spooled"]);
    expect(answers.at(-1)).toMatch(/^event spool full/);
    const refused = answers.map((a, i) => (a.startsWith("event spool full") ? i + 1 : 0)).filter(Boolean);
    await proxy.restore();
    // VICIdial does not retry, but the hook and tools do: a refused event is new, not a duplicate.
    await expect.poll(async () => (await pushEvent(server.url, ev(refused[0]!))).body.trim(), { timeout: 15_000 }).toBe("OK stored");
    const stored = await query<{ counter: number }>(databaseUrl, "SELECT counter FROM agent_event WHERE agent_user = '8803' ORDER BY counter");
    const spooled = answers.map((a, i) => (a === "OK spooled" ? i + 1 : 0)).filter(Boolean);
    expect(stored.map((r) => r.counter)).toEqual([...spooled, refused[0]!].sort((a, b) => a - b));
  });
});

describe("a black-holed PostgreSQL", () => {
  it("does not hang pushes: within seconds they are spooled (the ingest's statement timeout), and committed when it answers again", { timeout: 60_000 }, async () => {
    const databaseUrl = await createTestDatabase();
    const proxy: StallProxy = await startStallProxy(Number(new URL(databaseUrl).port));
    proxies.push(proxy);
    const server = await startServer({ databaseUrl: via(databaseUrl, proxy.port) });
    servers.push(server);
    const epoch = nowSec();
    expect((await pushEvent(server.url, { user: "8804", event: "logged_in", epoch, counter: 1, token: server.pushToken })).body).toBe("OK stored\n");
    proxy.stall();
    const t0 = Date.now();
    const answer = await pushEvent(server.url, { user: "8804", event: "state_ready", message: "READY", epoch, counter: 2, token: server.pushToken });
    const ms = Date.now() - t0;
    expect(answer.body).toBe("OK spooled\n");
    expect(ms).toBeLessThan(12_000);
    // /healthz says so within its own short probe, not after a page's 35 s query limit.
    const h0 = Date.now();
    const health = await fetch(`${server.url}/healthz`);
    expect(Date.now() - h0).toBeLessThan(4_000);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { ingest: { spooling: boolean } }).ingest.spooling).toBe(true);
    proxy.thaw();
    // Nothing else is pushed: the store itself notices PostgreSQL is back and commits the spool.
    await expect.poll(async () => (await query(databaseUrl, "SELECT count(*)::int AS n FROM agent_event WHERE agent_user = '8804'"))[0], { timeout: 30_000 }).toEqual({ n: 2 });
    await expect.poll(async () => ((await (await fetch(`${server.url}/healthz`)).json()) as { ingest: { spooling: boolean } }).ingest.spooling, { timeout: 10_000 }).toBe(false);
  });
});
