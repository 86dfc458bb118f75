/**
 * The admin APIs end to end (README "Accounts and roles", issue "admin pages"): every change
 * round-trips through the real server, takes effect without a restart (seen on the public
 * APIs and the live PBX link), and leaves an audit row naming the admin. A supervisor gets
 * 403 on every one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PbxSimulator } from "../../sim/pbx/server";
import { createTestDatabase, query } from "../support/database";
import { httpRequest, pushEvent, type HttpAnswer } from "../support/push";
import { signIn } from "../support/session";
import { startServer, type TestServer } from "../support/server";
import { until } from "../support/until";
import { endAll } from "../support/teardown";

let server: TestServer;
let sim: PbxSimulator;
const epoch = () => Math.floor(Date.now() / 1000);
let counter = 0;

const api = (path: string, method = "GET", body?: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
  httpRequest(`${server.url}${path}`, {
    method,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    headers: { ...(body === undefined ? {} : { "content-type": typeof body === "string" ? "text/csv" : "application/json" }), ...headers },
  });
const json = <T = Record<string, unknown>>(a: HttpAnswer): T => JSON.parse(a.body) as T;
const ok = async <T = Record<string, unknown>>(p: Promise<HttpAnswer>): Promise<T> => {
  const a = await p;
  expect(a.status, a.body).toBe(200);
  return json<T>(a);
};
const push = (user: string, event: string, extra: Record<string, string | number> = {}) =>
  pushEvent(server.url, { user, event, counter: ++counter, epoch: epoch(), token: server.pushToken, ...extra });

interface Agent {
  user: string;
  name: string;
  campaign: string;
  team: string | null;
  extension: string | null;
}
const agent = async (user: string) => (await ok<{ agents: Agent[] }>(api("/api/agents"))).agents.find((a) => a.user === user);

interface AuditRow {
  at: number;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
}
const auditRows = async () => (await ok<{ entries: AuditRow[] }>(api("/api/admin/audit"))).entries;
async function expectAudit(action: string, target: string | null): Promise<AuditRow> {
  const row = (await auditRows()).find((r) => r.action === action && r.target === target);
  expect(row, `audit row ${action} ${target}`).toBeDefined();
  expect(row!.actor).toBe("admin");
  expect(Date.now() - row!.at).toBeLessThan(60_000);
  return row!;
}


beforeAll(async () => {
  sim = new PbxSimulator({ username: "pbx-admin", password: "pbx-secret-pw-1" });
  await sim.start();
  sim.addAccount("2001");
  server = await startServer({ databaseUrl: await createTestDatabase(), pushToken: null });
});
afterAll(() => endAll(server, sim));

describe("push", () => {
  it("the ingest log shows accepted events with their interpretation and refused ones with the reason", async () => {
    expect((await push("3001", "state_ready", { message: "READY" })).status).toBe(200);
    expect((await pushEvent(server.url, { user: "3001", event: "state_paused", token: "wrong-token" })).status).toBe(401);
    const { entries } = await ok<{ entries: { status: number; user: string | null; event: string | null; outcome: string | null; interpretation: string }[] }>(api("/api/admin/ingest-log"));
    expect(entries[0]).toMatchObject({ status: 401, user: null, outcome: null });
    expect(entries[0]!.interpretation).toMatch(/token/);
    expect(entries[1]).toMatchObject({ status: 200, user: "3001", event: "state_ready", outcome: "stored" });
    expect(entries[1]!.interpretation).toMatch(/^state → /);
  });

  it("a test event goes through the real push endpoint with the current token", async () => {
    const answer = await ok<{ ok: boolean; status: number; body: string }>(api("/api/admin/push/test-event", "POST"));
    expect(answer).toMatchObject({ ok: true, status: 200, body: "OK stored" });
    const { entries } = await ok<{ entries: { status: number; user: string | null; event: string | null; source: string }[] }>(api("/api/admin/ingest-log"));
    expect(entries[0]).toMatchObject({ status: 200, user: "wallboard-test", event: "time_sync", source: "vicidial-push" });
    // A second one is a new event, not a duplicate.
    expect((await ok<{ body: string }>(api("/api/admin/push/test-event", "POST"))).body).toBe("OK stored");
    await expectAudit("push.test-event", "wallboard-test");
  });
});

describe("PBX connections", () => {
  it("a connection added through the API connects at once; passwords never come back", async () => {
    const saved = await api("/api/admin/pbx", "POST", { name: "sim", url: sim.url(), username: "pbx-admin", password: "pbx-secret-pw-1", enabled: true });
    expect(saved.status, saved.body).toBe(200);
    type Conn = { name: string; hasPassword: boolean; hasSession: boolean; enabled: boolean; status: { state: string; reconnects: number; lastFrameAt: number | null } | null };
    const listing = () => api("/api/admin/pbx");
    const up = await until(listing, (a) => json<{ connections: Conn[] }>(a).connections.find((c) => c.name === "sim")?.status?.state === "up", 8000);
    expect(up.body).not.toContain("pbx-secret-pw-1");
    const conn = json<{ connections: Conn[] }>(up).connections.find((c) => c.name === "sim")!;
    expect(conn).toMatchObject({ hasPassword: true, hasSession: false, enabled: true });
    // The public API sees the same live link.
    expect((await ok<{ pbx: { name: string; state: string }[] }>(api("/api/queues"))).pbx).toContainEqual(expect.objectContaining({ name: "sim", state: "up" }));
    const created = await expectAudit("pbx.create", "sim");
    expect(JSON.stringify(created.detail)).not.toContain("pbx-secret-pw-1");
    expect(created.detail).toMatchObject({ passwordChanged: true, username: "pbx-admin" });
  });

  it("reconnect now drops the link and connects again", async () => {
    const before = (await ok<{ connections: { name: string; status: { reconnects: number } }[] }>(api("/api/admin/pbx"))).connections.find((c) => c.name === "sim")!.status.reconnects;
    await ok(api("/api/admin/pbx/sim/reconnect", "POST"));
    await until(
      () => ok<{ connections: { name: string; status: { state: string; reconnects: number } }[] }>(api("/api/admin/pbx")),
      (v) => {
        const s = v.connections.find((c) => c.name === "sim")!.status;
        return s.reconnects > before && s.state === "up";
      },
      8000,
    );
    await expectAudit("pbx.reconnect", "sim");
    expect((await api("/api/admin/pbx/nope/reconnect", "POST")).status).toBe(404);
  });

  it("an edit keeps the stored password, disabling stops the link, delete removes it", async () => {
    await ok(api("/api/admin/pbx", "POST", { name: "sim", url: sim.url(), username: "pbx-admin", enabled: false }));
    const rows = await query<{ password: string | null; enabled: boolean }>(server.databaseUrl, "SELECT password, enabled FROM pbx_connection WHERE name = 'sim'");
    expect(rows).toEqual([{ password: "pbx-secret-pw-1", enabled: false }]);
    const off = (await ok<{ connections: { name: string; status: unknown }[] }>(api("/api/admin/pbx"))).connections.find((c) => c.name === "sim")!;
    expect(off.status).toBeNull();
    expect((await ok<{ pbx: { name: string }[] }>(api("/api/queues"))).pbx.map((l) => l.name)).not.toContain("sim");
    await expectAudit("pbx.update", "sim");
    await ok(api("/api/admin/pbx/sim", "DELETE"));
    expect((await ok<{ connections: unknown[] }>(api("/api/admin/pbx"))).connections).toEqual([]);
    await expectAudit("pbx.delete", "sim");
    expect((await api("/api/admin/pbx/sim", "DELETE")).status).toBe(404);
  });

  it("refuses the reserved name, bad URLs and credentials in the URL with a clear message", async () => {
    const env = await api("/api/admin/pbx", "POST", { name: "env", url: sim.url() });
    expect(env.status).toBe(400);
    expect(json(env).error).toMatch(/reserved/);
    const http = await api("/api/admin/pbx", "POST", { name: "x", url: "http://pbx.example/websocket" });
    expect(json(http).error).toBe("url must start with ws:// or wss://");
    const creds = await api("/api/admin/pbx", "POST", { name: "x", url: "wss://u:p@pbx.example/websocket" });
    expect(creds.status).toBe(400);
    const badName = await api("/api/admin/pbx", "POST", { name: "has space", url: sim.url() });
    expect(json(badName).error).toMatch(/^name: /);
    const noAuth = await api("/api/admin/pbx", "POST", { name: "x", url: sim.url(), username: "pbx-admin" });
    expect(json(noAuth).error).toMatch(/user name and password, or a session cookie/);
  });
});

describe("roster", () => {
  it("lists users seen in pushes but not on the roster", async () => {
    expect((await push("4001", "logged_in")).status).toBe(200);
    const { agents } = await ok<{ agents: { user: string; firstSeenAt: number; lastEventAt: number }[] }>(api("/api/admin/roster/unrostered"));
    const seen = agents.find((a) => a.user === "4001")!;
    expect(seen.firstSeenAt).toBeGreaterThan(Date.now() - 60_000);
    expect(seen.lastEventAt).toBeGreaterThanOrEqual(seen.firstSeenAt);
  });

  it("a CSV import changes an agent's name and campaign on the live board without a restart", async () => {
    expect(await agent("4001")).toMatchObject({ name: "4001", campaign: "UNASSIGNED" });
    const imported = await ok<{ imported: number }>(api("/api/admin/roster/import", "POST", 'user,full_name,campaign,team,extension\n4001,"Ada Lovelace",SALES,Team A,2001\n4002,Never Seen,SUPPORT,,\n'));
    expect(imported.imported).toBe(2);
    expect(await agent("4001")).toMatchObject({ name: "Ada Lovelace", campaign: "SALES", team: "Team A", extension: "2001" });
    expect((await ok<{ agents: { user: string }[] }>(api("/api/admin/roster/unrostered"))).agents.map((a) => a.user)).not.toContain("4001");
    const row = await expectAudit("roster.import", null);
    expect(row.detail).toMatchObject({ agents: 2 });
  });

  it("a bad CSV answers 400 with every bad line and changes nothing", async () => {
    const bad = await api("/api/admin/roster/import", "POST", "user,full_name,campaign\n4001,Changed,SALES\n,No User,SALES\n4003,Bad Campaign,has space\n4001,Twice,SALES\n");
    expect(bad.status).toBe(400);
    const body = json<{ error: string; errors: string[] }>(bad);
    expect(body.error).toBe("3 lines with errors; nothing was changed");
    expect(body.errors).toEqual([expect.stringMatching(/^line 3: /), expect.stringMatching(/^line 4: campaign/), expect.stringMatching(/^line 5: user 4001 already on line 2/)]);
    expect(await agent("4001")).toMatchObject({ name: "Ada Lovelace" });
    const noHeader = await api("/api/admin/roster/import", "POST", "4001,Ada,SALES\n");
    expect(noHeader.status).toBe(400);
    expect(json(noHeader).error).toMatch(/header with a user column/);
    // JSON form of the body works too.
    expect((await api("/api/admin/roster/import", "POST", { csv: "" })).status).toBe(400);
  });

  it("PUT one agent applies at once; DELETE takes it off the roster (or deletes one never seen)", async () => {
    await ok(api("/api/admin/roster/4001", "PUT", { fullName: "Ada King", campaign: "SUPPORT", team: "", extension: "2001" }));
    expect(await agent("4001")).toMatchObject({ name: "Ada King", campaign: "SUPPORT", team: null });
    const saved = await expectAudit("roster.save", "4001");
    expect(saved.detail).toMatchObject({ fullName: "Ada King", campaign: "SUPPORT" });
    expect(json(await api("/api/admin/roster/4001", "PUT", { campaign: "a b" })).error).toMatch(/^campaign: /);

    expect((await ok<{ result: string }>(api("/api/admin/roster/4002", "DELETE"))).result).toBe("deleted");
    expect((await ok<{ result: string }>(api("/api/admin/roster/4001", "DELETE"))).result).toBe("removed");
    expect(await agent("4001")).toMatchObject({ name: "4001", campaign: "UNASSIGNED" });
    expect((await ok<{ agents: { user: string }[] }>(api("/api/admin/roster/unrostered"))).agents.map((a) => a.user)).toContain("4001");
    expect((await ok<{ agents: { user: string }[] }>(api("/api/admin/roster"))).agents.map((a) => a.user)).not.toContain("4002");
    await expectAudit("roster.remove", "4001");
    expect((await api("/api/admin/roster/4001", "DELETE")).status).toBe(404);
  });

  it("CSV export → import round-trips the roster, quotes and commas included", async () => {
    await ok(api("/api/admin/roster/import", "POST", 'user,full_name,campaign,team,extension\n5001,"Smith, ""JJ"" Jr",SALES,North,2101\n5002,Émile Zola,SUPPORT,,2102\n5003,,,,\n'));
    const before = (await ok<{ agents: unknown[] }>(api("/api/admin/roster"))).agents;
    const exported = await api("/api/admin/roster/export");
    expect(exported.status).toBe(200);
    expect(exported.body.split("\r\n")[0]).toBe("user,full_name,campaign,team,extension,xuc_agent_id,voipbin_agent_id");
    expect(exported.body).toContain('5001,"Smith, ""JJ"" Jr",SALES,North,2101,,');
    const raw = await fetch(`${server.url}/api/admin/roster/export`, { headers: { cookie: server.cookie } });
    expect(raw.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(raw.headers.get("content-disposition")).toMatch(/^attachment; filename="roster-\d{4}-\d{2}-\d{2}\.csv"$/);
    for (const u of ["5001", "5002", "5003"]) await ok(api(`/api/admin/roster/${u}`, "DELETE"));
    await ok(api("/api/admin/roster/import", "POST", exported.body));
    expect((await ok<{ agents: unknown[] }>(api("/api/admin/roster"))).agents).toEqual(before);
  });

  it("CSV export neutralises spreadsheet formulas (issue 11 item 15) and re-imports unchanged", async () => {
    const hostile = [
      { user: "5101", fullName: '=HYPERLINK("http://evil.example","x")', team: "@SUM(A1)", extension: "+4930123" },
      { user: "5102", fullName: "-2+3", team: "+T", extension: "-77" },
    ];
    for (const h of hostile) await ok(api(`/api/admin/roster/${h.user}`, "PUT", { fullName: h.fullName, campaign: "SALES", team: h.team, extension: h.extension }));
    const before = (await ok<{ agents: unknown[] }>(api("/api/admin/roster"))).agents;
    const exported = await api("/api/admin/roster/export");
    const lines = exported.body.split("\r\n");
    expect(lines).toContain(`5101,"'=HYPERLINK(""http://evil.example"",""x"")",SALES,'@SUM(A1),'+4930123,,`);
    expect(lines).toContain("5102,'-2+3,SALES,'+T,'-77,,");
    // No cell of the export starts with a character a spreadsheet would run.
    for (const line of lines.slice(1)) for (const cell of line.split(",")) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/);
    for (const h of hostile) await ok(api(`/api/admin/roster/${h.user}`, "DELETE"));
    await ok(api("/api/admin/roster/import", "POST", exported.body));
    expect((await ok<{ agents: unknown[] }>(api("/api/admin/roster"))).agents).toEqual(before);
  });
});

describe("campaigns and queues", () => {
  interface QueueStat {
    queue: string;
    name: string;
    serviceLevelSec: number;
  }
  it("a queue added or changed through the API shows in /api/queues at once", async () => {
    await ok(api("/api/admin/queues", "PUT", { id: "700", name: "Support line", serviceLevelSec: 30, campaigns: ["SUPPORT"] }));
    const first = (await ok<{ queues: QueueStat[] }>(api("/api/queues?campaign=SUPPORT"))).queues;
    expect(first).toEqual([expect.objectContaining({ queue: "700", name: "Support line", serviceLevelSec: 30 })]);
    await expectAudit("queue.create", "700");
    await ok(api("/api/admin/queues", "PUT", { id: "700", name: "Support", serviceLevelSec: 45, campaigns: ["SUPPORT", "SALES"] }));
    expect((await ok<{ queues: QueueStat[] }>(api("/api/queues?campaign=SALES"))).queues).toEqual([expect.objectContaining({ queue: "700", name: "Support", serviceLevelSec: 45 })]);
    const row = await expectAudit("queue.update", "700");
    expect(row.detail).toMatchObject({ serviceLevelSec: 45, campaigns: ["SALES", "SUPPORT"] });
    const bad = await api("/api/admin/queues", "PUT", { id: "701", serviceLevelSec: 0 });
    expect(bad.status).toBe(400);
    expect(json(bad).error).toBe("service-level threshold must be between 1 and 3600");
  });

  it("campaign settings (name, queues, stale timeout, colour thresholds) are stored and applied", async () => {
    await ok(api("/api/admin/queues", "PUT", { id: "701", name: "Sales overflow", serviceLevelSec: 20, campaigns: [] }));
    await ok(api("/api/admin/campaigns", "PUT", { id: "SALES", name: "Sales floor", staleAfterSec: 120, stateThresholds: { READY: [0, 60, 300] }, queues: ["701"] }));
    const { campaigns } = await ok<{ campaigns: { id: string; name: string; staleAfterSec: number | null; stateThresholds: unknown; queues: string[] }[] }>(api("/api/admin/campaigns"));
    expect(campaigns.find((c) => c.id === "SALES")).toMatchObject({ name: "Sales floor", staleAfterSec: 120, stateThresholds: { READY: [0, 60, 300] }, queues: ["701"] });
    expect((await ok<{ queues: QueueStat[] }>(api("/api/queues?campaign=SALES"))).queues.map((q) => q.queue)).toEqual(["701"]);
    const row = await expectAudit("campaign.save", "SALES");
    expect(row.detail).toMatchObject({ staleAfterSec: 120, queues: ["701"] });
    // Clearing the thresholds stores null again.
    await ok(api("/api/admin/campaigns", "PUT", { id: "SALES", name: "Sales floor", staleAfterSec: null, stateThresholds: null }));
    const after = (await ok<{ campaigns: { id: string; staleAfterSec: number | null; stateThresholds: unknown; queues: string[] }[] }>(api("/api/admin/campaigns"))).campaigns.find((c) => c.id === "SALES");
    expect(after).toMatchObject({ staleAfterSec: null, stateThresholds: null, queues: ["701"] });
  });

  it("refuses bad thresholds, stale timeouts and unknown queues with a message naming the problem", async () => {
    const cases: [unknown, RegExp][] = [
      [{ id: "SALES", stateThresholds: { READY: [0, 300, 60] } }, /READY values must increase/],
      [{ id: "SALES", stateThresholds: { ready: [0] } }, /not a state name/],
      [{ id: "SALES", stateThresholds: "{nope" }, /not valid JSON/],
      [{ id: "SALES", staleAfterSec: 1.5 }, /stale timeout must be a whole number/],
      [{ id: "SALES", staleAfterSec: 5 }, /stale timeout must be between 10 and 86400/],
      [{ id: "SALES", queues: ["999"] }, /unknown queue: 999/],
      [{ id: "" }, /campaign id is required/],
    ];
    for (const [body, message] of cases) {
      const a = await api("/api/admin/campaigns", "PUT", body);
      expect(a.status, JSON.stringify(body)).toBe(400);
      expect(json(a).error).toMatch(message);
    }
  });

  it("deleting a queue removes it from the statistics at once", async () => {
    await ok(api("/api/admin/queues/700", "DELETE"));
    expect((await ok<{ queues: QueueStat[] }>(api("/api/queues"))).queues.map((q) => q.queue)).not.toContain("700");
    await expectAudit("queue.delete", "700");
    expect((await api("/api/admin/queues/700", "DELETE")).status).toBe(404);
  });
});

describe("audit and access", () => {
  it("the audit log lists changes newest first", async () => {
    const rows = await auditRows();
    expect(rows.length).toBeGreaterThan(10);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.at).toBeGreaterThanOrEqual(rows[i]!.at);
    expect(JSON.stringify(rows)).not.toContain("pbx-secret-pw-1");
    expect(JSON.stringify(rows)).not.toContain(server.pushToken);
  });

  it("a supervisor gets 403 on every admin API and admin page", async () => {
    await ok(api("/api/admin/users", "POST", { username: "sam", role: "supervisor", campaigns: ["SALES"], password: "sam-password-1" }));
    const sam = await signIn(server.url, "sam", "sam-password-1");
    const headers = { cookie: sam.cookie, "x-csrf-token": sam.csrf, "content-type": "application/json" };
    const calls: [string, string][] = [
      ["GET", "/api/admin/ingest-log"],
      ["POST", "/api/admin/push/test-event"],
      ["GET", "/api/admin/pbx"],
      ["POST", "/api/admin/pbx"],
      ["DELETE", "/api/admin/pbx/x"],
      ["POST", "/api/admin/pbx/x/reconnect"],
      ["GET", "/api/admin/roster"],
      ["PUT", "/api/admin/roster/4001"],
      ["DELETE", "/api/admin/roster/4001"],
      ["POST", "/api/admin/roster/import"],
      ["GET", "/api/admin/roster/export"],
      ["GET", "/api/admin/roster/unrostered"],
      ["GET", "/api/admin/campaigns"],
      ["PUT", "/api/admin/campaigns"],
      ["DELETE", "/api/admin/campaigns/SALES"],
      ["GET", "/api/admin/queues"],
      ["PUT", "/api/admin/queues"],
      ["DELETE", "/api/admin/queues/701"],
      ["GET", "/api/admin/audit"],
    ];
    for (const [method, path] of calls) {
      const a = await httpRequest(`${server.url}${path}`, { anonymous: true, method, headers, body: method === "GET" || method === "DELETE" ? undefined : "{}" });
      expect(a.status, `${method} ${path}`).toBe(403);
    }
    for (const page of ["/admin", "/admin/push", "/admin/pbx", "/admin/roster", "/admin/campaigns", "/admin/users", "/admin/wall-tokens", "/admin/audit"]) {
      expect((await httpRequest(`${server.url}${page}`, { anonymous: true, headers: { cookie: sam.cookie } })).status, page).toBe(403);
    }
    // Nothing changed on the supervisor's behalf.
    expect((await auditRows()).some((r) => r.actor === "sam")).toBe(false);
  });

  it("every admin page renders for an admin", async () => {
    for (const page of ["/admin", "/admin/push", "/admin/pbx", "/admin/roster", "/admin/campaigns", "/admin/users", "/admin/wall-tokens", "/admin/audit"]) {
      const a = await api(page);
      expect(a.status, page).toBe(200);
      expect(a.body).toContain('data-testid="admin-nav"');
    }
  });
});
