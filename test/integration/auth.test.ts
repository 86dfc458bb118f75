/**
 * Accounts, roles and scoping (README "Accounts and roles") with real HTTP requests and
 * Socket.IO clients.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io } from "socket.io-client";
import { createTestDatabase } from "../support/database";
import { httpRequest, pushEvent } from "../support/push";
import { ADMIN_PASSWORD, signIn } from "../support/session";
import { startServer, type TestServer } from "../support/server";
import { connectClient } from "../support/socket";

let server: TestServer;
const json = (body: string) => JSON.parse(body) as Record<string, unknown>;
const asAdmin = (path: string, method: string, body?: unknown) =>
  httpRequest(`${server.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { "content-type": "application/json" } });

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase(), pushToken: null, env: { CLIENT_THROTTLE_POINTS: "5", CLIENT_THROTTLE_BURST: "8", LOG_LEVEL: "info" } });
  for (const [user, campaign] of [["1101", "SALES"], ["1102", "SUPPORT"]] as const) {
    await pushEvent(server.url, { user, event: "logged_in", campaign, counter: 1, epoch: Math.floor(Date.now() / 1000), token: server.pushToken });
  }
});
afterAll(async () => server?.stop());

describe("anonymous", () => {
  it("pages redirect to sign-in, APIs answer 401, Socket.IO refuses the handshake", async () => {
    for (const path of ["/", "/wall/SALES", "/wall", "/account", "/admin"]) {
      const res = await httpRequest(`${server.url}${path}`, { anonymous: true });
      expect(res.status, path).toBe(302);
    }
    for (const path of ["/api/agents", "/api/calls", "/api/queues", "/api/campaigns", "/api/admin/users", "/api/auth/me"]) {
      const res = await httpRequest(`${server.url}${path}`, { anonymous: true });
      expect(res.status, path).toBe(401);
    }
    await expect(connectClient(server.url, null)).rejects.toThrow(/unauthorized/);
    // Public: sign-in page, health, the push endpoint (its own token).
    expect((await httpRequest(`${server.url}/login`, { anonymous: true })).status).toBe(200);
    expect((await httpRequest(`${server.url}/healthz`, { anonymous: true })).status).toBe(200);
  });

  it("a forged cookie or a spoofed principal header gets nothing", async () => {
    const forged = await httpRequest(`${server.url}/api/agents`, { anonymous: true, headers: { cookie: "wb_session=Fe26.2**forged" } });
    expect(forged.status).toBe(401);
    const spoofed = await httpRequest(`${server.url}/api/agents`, {
      anonymous: true,
      headers: { "x-wallboard-principal": encodeURIComponent(JSON.stringify({ kind: "user", id: 1, username: "admin", role: "admin", campaigns: [] })) },
    });
    expect(spoofed.status).toBe(401);
  });
});

describe("sign-in", () => {
  it("sets an HttpOnly SameSite session cookie and refuses wrong passwords", async () => {
    const ok = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }) });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^wb_session=/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    const bad = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "nope-nope-nope" }) });
    expect(bad.status).toBe(401);
    expect(bad.headers.getSetCookie()).toEqual([]);
  });
});

describe("supervisor scope", () => {
  let supervisor: { cookie: string; csrf: string };
  beforeAll(async () => {
    const created = await asAdmin("/api/admin/users", "POST", { username: "sue", role: "supervisor", campaigns: ["SALES"], password: "sue-password-1" });
    expect(created.status).toBe(200);
    supervisor = await signIn(server.url, "sue", "sue-password-1");
  });

  it("gets 403 on admin APIs and only its campaigns from the APIs", async () => {
    const headers = { cookie: supervisor.cookie, "x-csrf-token": supervisor.csrf, "content-type": "application/json" };
    expect((await httpRequest(`${server.url}/api/admin/users`, { anonymous: true, headers })).status).toBe(403);
    expect((await httpRequest(`${server.url}/api/admin/push/rotate`, { anonymous: true, method: "POST", headers })).status).toBe(403);
    const agents = json((await httpRequest(`${server.url}/api/agents`, { anonymous: true, headers })).body).agents as { campaign: string }[];
    expect(agents.map((a) => a.campaign)).toEqual(["SALES"]);
    expect((await httpRequest(`${server.url}/api/agents?campaign=SUPPORT`, { anonymous: true, headers })).status).toBe(403);
  });

  it("is denied other campaigns' topics, campaign:* and agents outside its scope", async () => {
    const client = await connectClient(server.url, supervisor.cookie);
    try {
      const ack = await client.subscribe(["campaign:SALES", "campaign:SUPPORT", "campaign:*", "agent:1101", "agent:1102"]);
      expect(ack.topics).toEqual(["campaign:SALES", "agent:1101"]);
      expect(ack.denied).toEqual([
        { topic: "campaign:SUPPORT", reason: "campaign not in your scope" },
        { topic: "campaign:*", reason: "campaign:* is for managers and admins" },
        { topic: "agent:1102", reason: "agent not in your scope" },
      ]);
      expect(client.snapshots.map((s) => s.topic)).toEqual(["campaign:SALES", "agent:1101"]);
    } finally {
      client.close();
    }
  });
});

describe("admins", () => {
  it("cannot disable or demote their own account", async () => {
    const me = json((await httpRequest(`${server.url}/api/auth/me`)).body) as { principal: { id: number } };
    for (const patch of [{ role: "manager" }, { disabled: true }]) {
      const res = await asAdmin(`/api/admin/users/${me.principal.id}`, "PATCH", patch);
      expect(res.status).toBe(400);
      expect(json(res.body).error).toBe("you cannot disable or demote your own account");
    }
  });
});

describe("wall display tokens", () => {
  it("open a read-only session scoped to their campaigns; a revoked token stops working on the next connection", async () => {
    const created = json((await asAdmin("/api/admin/wall-tokens", "POST", { name: "Floor TV", campaigns: ["SUPPORT"] })).body) as { id: number; path: string };
    const open = await httpRequest(`${server.url}${created.path}`, { anonymous: true });
    expect(open.status).toBe(302);
    const tv = await fetch(`${server.url}${created.path}`, { redirect: "manual" });
    expect(tv.headers.get("location")).toBe("/wall/SUPPORT");
    const cookie = tv.headers.getSetCookie()[0]!.split(";")[0]!;
    const client = await connectClient(server.url, cookie);
    const ack = await client.subscribe(["campaign:SUPPORT", "campaign:SALES"]);
    expect(ack.topics).toEqual(["campaign:SUPPORT"]);
    // Read-only: no admin, no history, no state changes.
    expect((await httpRequest(`${server.url}/api/admin/users`, { anonymous: true, headers: { cookie } })).status).toBe(403);
    expect((await asAdmin(`/api/admin/wall-tokens/${created.id}`, "DELETE")).status).toBe(200);
    client.close();
    await expect(connectClient(server.url, cookie)).rejects.toThrow(/unauthorized/);
    expect((await httpRequest(`${server.url}${created.path}`, { anonymous: true })).status).toBe(404);
  });
});

describe("CSRF", () => {
  it("refuses state-changing requests without the session's CSRF token or from another origin", async () => {
    const noToken = await httpRequest(`${server.url}/api/admin/wall-tokens`, { method: "POST", body: "{}", headers: { "content-type": "application/json", "x-csrf-token": "" } });
    expect(noToken.status).toBe(403);
    expect(json(noToken.body).error).toBe("CSRF token missing or wrong");
    const foreign = await httpRequest(`${server.url}/api/auth/logout`, { method: "POST", headers: { origin: "http://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(json(foreign.body).error).toBe("cross-site request refused");
  });
});

describe("throttle", () => {
  it("answers a client that sends too much with the throttle error", async () => {
    const socket = io(server.url, { transports: ["websocket"], forceNew: true, reconnection: false, extraHeaders: { cookie: server.cookie } });
    const errors: string[] = [];
    socket.on("error" as never, (m: { message: string }) => {
      errors.push(m.message);
    });
    await new Promise<void>((r) => socket.once("connect", () => r()));
    for (let i = 0; i < 12; i++) socket.emit("unsubscribe", { topics: ["campaign:X"] }, () => {});
    await expect.poll(() => errors.length, { timeout: 3000 }).toBeGreaterThanOrEqual(1);
    expect(errors[0]).toBe("Maximum throttle throughput exceeded.");
    expect(errors.length).toBe(4);
    socket.close();
  });
});

describe("push token rotation and logs", () => {
  it("the old token gets 401 right after a rotation", async () => {
    const old = server.pushToken;
    const rotated = json((await asAdmin("/api/admin/push/rotate", "POST")).body) as { token: string };
    expect(rotated.token).not.toBe(old);
    expect((await pushEvent(server.url, { user: "1101", event: "time_sync", token: old })).status).toBe(401);
    expect((await pushEvent(server.url, { user: "1101", event: "time_sync", token: rotated.token })).status).toBe(200);
    server.pushToken = rotated.token;
  });

  it("no password, push token or session cookie appears in the server's logs", async () => {
    await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "admin", password: "a-wrong-password-xyz" }) });
    const logLines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"));
    expect(logLines.length).toBeGreaterThan(0);
    const logs = logLines.join("\n");
    for (const secret of [ADMIN_PASSWORD, "sue-password-1", "a-wrong-password-xyz", server.pushToken, server.cookie.split("=")[1]!]) {
      expect(logs).not.toContain(secret);
    }
  });
});
