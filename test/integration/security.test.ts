/**
 * Issue 11 (hardening), items 4, 6, 7, 10–14: each attack the outside review ran, replayed
 * against the real server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "node:net";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { createTestDatabase } from "../support/database";
import { formBody } from "../../support/agent-push";
import { httpRequest, pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { signIn } from "../support/session";
import { connectClient } from "../support/socket";

let server: TestServer;
const extra: TestServer[] = [];
const nowSec = () => Math.floor(Date.now() / 1000);
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const asAdmin = (path: string, method: string, body?: unknown) =>
  httpRequest(`${server.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });

async function login(base: string, username: string, password: string, headers: Record<string, string> = {}): Promise<number> {
  return (await fetch(`${base}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ username, password }) })).status;
}

/** Sends raw bytes and returns the status line and headers the server answers with. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    let got = "";
    socket.on("data", (d) => {
      got += d.toString();
      if (got.includes("\r\n\r\n")) socket.destroy();
    });
    socket.on("close", () => resolve(got));
    socket.on("error", reject);
    setTimeout(() => socket.destroy(), 5000);
  });
}

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase() });
  for (const [user, campaign] of [["2101", "SALES"], ["2102", "SUPPORT"]] as const) {
    await pushEvent(server.url, { user, event: "logged_in", campaign, counter: 1, epoch: nowSec(), agent_log_id: "1", token: server.pushToken });
  }
});
afterAll(async () => {
  await server?.stop();
  for (const s of extra) await s.stop();
});

describe("login throttling (item 7)", () => {
  it("is keyed on the socket address: a new X-Forwarded-For per try does not give more guesses", async () => {
    const s = await startServer({ databaseUrl: await createTestDatabase() });
    extra.push(s);
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push(await login(s.url, "admin", `wrong-${i}`, { "x-forwarded-for": `203.0.113.${i}` }));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(answers.slice(10)).toEqual([429, 429]);
  });

  it("behind a trusted proxy, one attacking address neither gets more tries nor locks the real admin out", async () => {
    const s = await startServer({ databaseUrl: await createTestDatabase(), env: { TRUSTED_PROXIES: "loopback" } });
    extra.push(s);
    const attacker = { "x-forwarded-for": "198.51.100.7" };
    const answers: number[] = [];
    for (let i = 0; i < 12; i++) answers.push(await login(s.url, "admin", `guess-${i}`, attacker));
    expect(answers.slice(10)).toEqual([429, 429]);
    // The admin, from another address, signs in.
    expect(await login(s.url, "admin", "test-admin-password-1", { "x-forwarded-for": "192.0.2.10" })).toBe(200);
  });
});

describe("request bodies (item 6)", () => {
  it("a huge declared body to the sign-in is refused with 413 before it is read", async () => {
    const t0 = Date.now();
    const head = await rawRequest(server.port, `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 209715200\r\n\r\n{"username":`);
    expect(head).toMatch(/^HTTP\/1\.1 413/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("a chunked body without a length is refused with 411; the roster import takes up to its own larger bound", async () => {
    expect(await rawRequest(server.port, `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n`)).toMatch(/^HTTP\/1\.1 411/);
    const big = await rawRequest(server.port, `POST /api/admin/roster/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${server.cookie}\r\nContent-Length: ${7 * 1024 * 1024}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 413/);
    const small = await rawRequest(server.port, `POST /api/admin/roster/import HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${server.cookie}\r\nContent-Length: ${200 * 1024}\r\n\r\n`);
    expect(small).not.toMatch(/^HTTP\/1\.1 41[13]/);
  });
});

describe("redirects and origins (item 13)", () => {
  it.each(["/\\evil.example", "/\t/evil.example", "//evil.example", "/%5Cevil.example/../", "https://evil.example", "/\\/evil.example"])("sign-in never redirects off site: next=%j", async (next) => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: formBody({ username: "admin", password: "test-admin-password-1", next }),
    });
    expect(res.status).toBe(303);
    const location = res.headers.get("location")!;
    expect(new URL(location, server.url).origin).toBe(new URL(server.url).origin);
    expect(location).not.toMatch(/\\|\s/);
  });

  it("a wall display URL's to= never redirects off site", async () => {
    const created = json((await asAdmin("/api/admin/wall-tokens", "POST", { name: "TV 1", campaigns: ["SALES"] })).body) as { path: string };
    for (const to of ["/\\evil.example", "/\t/evil.example", "//evil.example"]) {
      const res = await fetch(`${server.url}${created.path}?to=${encodeURIComponent(to)}`, { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/wall/SALES");
    }
    const ok = await fetch(`${server.url}${created.path}?to=${encodeURIComponent("/tv?views=queues")}`, { redirect: "manual" });
    expect(ok.headers.get("location")).toBe("/tv?views=queues");
  });

  it("Origin: null or garbage on a signed-in change is 403, not 500; an encoded /admin path is not a way around the gate", async () => {
    for (const origin of ["null", "::::", "http://evil.example"]) {
      const res = await httpRequest(`${server.url}/api/admin/alerts`, { method: "PUT", body: "{}", headers: { origin, "content-type": "application/json" } });
      expect(res.status).toBe(403);
    }
    const supervisor = await asAdmin("/api/admin/users", "POST", { username: "sec-sue", role: "supervisor", campaigns: ["SALES"], password: "sec-sue-password-1" });
    expect(supervisor.status).toBe(200);
    const sue = await signIn(server.url, "sec-sue", "sec-sue-password-1");
    for (const path of ["/%61dmin", "/api/%61dmin/users", "/api/admin/%75sers"]) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: sue.cookie }, redirect: "manual" });
      expect([403, 404]).toContain(res.status);
    }
  });
});

describe("secrets and sessions (item 14)", () => {
  it("signing out ends the session on the server: a copy of the old cookie gets 401", async () => {
    const s = await signIn(server.url, "admin", "test-admin-password-1");
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: s.cookie } })).status).toBe(200);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { cookie: s.cookie, "x-csrf-token": s.csrf } });
    expect(out.status).toBe(200);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it("pages carry security headers; the banner and logs hold neither the push token nor a wall token", async () => {
    const res = await fetch(`${server.url}/login`);
    expect(res.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const created = json((await asAdmin("/api/admin/wall-tokens", "POST", { name: "TV 2", campaigns: ["SALES"] })).body) as { path: string };
    await fetch(`${server.url}${created.path}`, { redirect: "manual" });
    expect(server.output()).not.toContain(server.pushToken);
    expect(server.output()).not.toContain(created.path.slice(3));
    expect(server.output()).toContain("Wallboard ready");
  });
});

describe("Socket.IO (items 10–12)", () => {
  it("refuses a cross-site handshake that carries a signed-in cookie, accepts the wallboard's own origin", async () => {
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(server.url, { transports: ["websocket"], reconnection: false, forceNew: true, extraHeaders: { cookie: server.cookie, origin } });
        socket.once("connect", () => {
          socket.close();
          resolve("connected");
        });
        socket.once("connect_error", (err) => {
          socket.close();
          resolve(`refused: ${err.message}`);
        });
      });
    expect(await attempt("http://evil.example")).toMatch(/^refused/);
    expect(await attempt(server.url)).toBe("connected");
  });

  it("a revoked wall token and a disabled user are disconnected within 5 s; removed campaigns stop their deltas", async () => {
    const token = json((await asAdmin("/api/admin/wall-tokens", "POST", { name: "TV 3", campaigns: ["SALES"] })).body) as { id: number; path: string };
    const opened = await fetch(`${server.url}${token.path}`, { redirect: "manual" });
    const displayCookie = opened.headers.getSetCookie()[0]!.split(";")[0]!;
    const tv = await connectClient(server.url, displayCookie);
    expect((await tv.subscribe(["campaign:SALES"])).ok).toBe(true);

    const created = json((await asAdmin("/api/admin/users", "POST", { username: "sec-dan", role: "supervisor", campaigns: ["SALES", "SUPPORT"], password: "sec-dan-password-1" })).body) as { id: number };
    const dan = await signIn(server.url, "sec-dan", "sec-dan-password-1");
    const danSocket = await connectClient(server.url, dan.cookie);
    expect((await danSocket.subscribe(["campaign:SALES", "campaign:SUPPORT"])).ok).toBe(true);

    const disconnected = (c: typeof tv) => new Promise<number>((resolve) => c.socket.once("disconnect", () => resolve(Date.now())));
    const tvGone = disconnected(tv);
    const t0 = Date.now();
    expect((await asAdmin(`/api/admin/wall-tokens/${token.id}`, "DELETE")).status).toBe(200);
    expect((await tvGone) - t0).toBeLessThan(5000);

    // SUPPORT taken away: its deltas stop, SALES keeps coming.
    const errors: string[] = [];
    danSocket.socket.on("error", (e) => errors.push(e.message));
    expect((await asAdmin(`/api/admin/users/${created.id}`, "PATCH", { campaigns: ["SALES"] })).status).toBe(200);
    await expect.poll(() => errors.some((e) => e.includes("campaign:SUPPORT")), { timeout: 5000 }).toBe(true);
    const before = danSocket.deltas.length;
    await pushEvent(server.url, { user: "2102", event: "state_ready", message: "READY", campaign: "SUPPORT", counter: 2, epoch: nowSec(), agent_log_id: "1", token: server.pushToken });
    await pushEvent(server.url, { user: "2101", event: "state_ready", message: "READY", campaign: "SALES", counter: 2, epoch: nowSec(), agent_log_id: "1", token: server.pushToken });
    await danSocket.nextDelta((m) => m.agent.user === "2101" && m.agent.state === "READY");
    expect(danSocket.deltas.slice(before).some((m) => m.topic === "campaign:SUPPORT")).toBe(false);

    const danGone = disconnected(danSocket);
    const t1 = Date.now();
    expect((await asAdmin(`/api/admin/users/${created.id}`, "PATCH", { disabled: true })).status).toBe(200);
    expect((await danGone) - t1).toBeLessThan(5000);
  });

  it("an agent who moves to another campaign leaves the agent topic of a supervisor without that campaign; the day API shows only their campaign's part", async () => {
    await asAdmin("/api/admin/users", "POST", { username: "sec-ann", role: "supervisor", campaigns: ["SALES"], password: "sec-ann-password-1" });
    const ann = await signIn(server.url, "sec-ann", "sec-ann-password-1");
    const e = nowSec();
    await pushEvent(server.url, { user: "2103", event: "logged_in", campaign: "SALES", counter: 1, epoch: e - 20, agent_log_id: "7", token: server.pushToken });
    await pushEvent(server.url, { user: "2103", event: "state_ready", message: "READY", campaign: "SALES", counter: 2, epoch: e - 19, agent_log_id: "7", token: server.pushToken });
    const client = await connectClient(server.url, ann.cookie);
    expect((await client.subscribe(["agent:2103"])).ok).toBe(true);
    const errors: string[] = [];
    client.socket.on("error", (m) => errors.push(m.message));
    await pushEvent(server.url, { user: "2103", event: "logged_in", campaign: "SUPPORT", counter: 0, epoch: e - 5, agent_log_id: "8", token: server.pushToken });
    await pushEvent(server.url, { user: "2103", event: "state_paused", message: "PAUSED", campaign: "SUPPORT", counter: 1, epoch: e - 4, agent_log_id: "8", token: server.pushToken });
    await expect.poll(() => errors.some((m) => m.includes("agent:2103")), { timeout: 5000 }).toBe(true);
    expect(client.deltas.some((m) => m.agent.campaign === "SUPPORT")).toBe(false);
    client.close();
    // The agent is in SUPPORT now: the wall's day view is refused to a SALES supervisor...
    expect((await fetch(`${server.url}/api/agents/2103/day`, { headers: { cookie: ann.cookie } })).status).toBe(403);
    // ...and a manager sees both parts.
    const all = json(await (await fetch(`${server.url}/api/agents/2103/day`, { headers: { cookie: server.cookie } })).text()) as { segments: unknown[] };
    expect(all.segments.length).toBeGreaterThan(0);
  });
});

describe("hostile pushes (item 4)", () => {
  it("only PUSH_ALLOW_FROM may push or open the hook", async () => {
    const s = await startServer({ databaseUrl: await createTestDatabase(), env: { PUSH_ALLOW_FROM: "192.0.2.0/24" } });
    extra.push(s);
    const res = await pushEvent(s.url, { user: "2201", event: "logged_in", counter: 1, epoch: nowSec(), token: s.pushToken });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/may not push/);
    const ws = new WebSocket(`${s.url.replace("http", "ws")}/vicidial/hook?token=${s.pushToken}`);
    ws.on("error", () => {});
    const code = await new Promise<number>((resolve) => ws.once("unexpected-response", (_req, r) => resolve(r.statusCode ?? 0)).once("open", () => resolve(101)));
    expect(code).toBe(403);
    ws.terminate();
  });

  it("an epoch far in the future is refused and cannot pin an agent's state", async () => {
    const far = await pushEvent(server.url, { user: "2301", event: "state_paused", message: "PAUSED", epoch: 4_102_444_800, counter: 1, agent_log_id: "1", token: server.pushToken });
    expect(far.status).toBe(400);
    expect(far.body).toMatch(/ahead of the server clock/);
    await pushEvent(server.url, { user: "2301", event: "state_ready", message: "READY", epoch: nowSec(), counter: 2, agent_log_id: "1", token: server.pushToken });
    const agents = json((await httpRequest(`${server.url}/api/agents`)).body) as { agents: { user: string; state: string }[] };
    expect(agents.agents.find((a) => a.user === "2301")?.state).toBe("READY");
  });

  it("many unknown users cannot grow the live board past MAX_LIVE_AGENTS; the admin page says so", async () => {
    const s = await startServer({ databaseUrl: await createTestDatabase(), env: { MAX_LIVE_AGENTS: "20" } });
    extra.push(s);
    const e = nowSec();
    await Promise.all(Array.from({ length: 60 }, (_, i) => pushEvent(s.url, { user: `flood${i}`, event: "logged_in", counter: 1, epoch: e, token: s.pushToken })));
    const agents = json((await httpRequest(`${s.url}/api/agents`)).body) as { agents: unknown[] };
    expect(agents.agents.length).toBeLessThanOrEqual(20);
    const log = json((await httpRequest(`${s.url}/api/admin/ingest-log`)).body) as { ingest: { agentsEvicted: number } };
    expect(log.ingest.agentsEvicted).toBeGreaterThanOrEqual(40);
  });
});
