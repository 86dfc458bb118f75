/**
 * Admin → Sources end to end (issue 15 §1): an admin adds a XuC and a VoIPBin link against the
 * simulators, they connect at once and their agents reach the board; the admin page's API shows
 * each link's state and last error (a wrong password), never a password; edits keep the stored
 * secret; a bad configuration is refused with the field's reason; reconnect and remove apply at
 * once; every change leaves an audit row.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallCentreWorld } from "../../sim/world/call-centre-world";
import { XucSimulator } from "../../sim/xuc/simulator";
import { VoipbinSimulator } from "../../sim/voipbin/simulator";
import { createTestDatabase } from "../support/database";
import { jsonOf as json, jsonRequest, type HttpAnswer } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { until as poll } from "../support/until";
import { endAll } from "../support/teardown";

let server: TestServer;
let xuc: XucSimulator;
let voipbin: VoipbinSimulator;

const api = (path: string, method?: string, body?: unknown): Promise<HttpAnswer> => jsonRequest(`${server.url}${path}`, method, body);

interface Row {
  name: string;
  kind: string;
  url: string | null;
  login: string | null;
  hasPassword: boolean;
  hasAccessKey: boolean;
  enabled: boolean;
  fromEnv: boolean;
  status: { state: string; lastError: string | null; reconnects: number; kind?: string } | null;
}
const rows = async () => json<{ connections: Row[]; types: { kind: string }[] }>(await api("/api/admin/sources"));
/** The shared poller with a 10 s bound: links connect in the background. */
const until = <T,>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> => poll(read, ok, 10_000);
const row = (list: { connections: Row[] }, name: string) => list.connections.find((c) => c.name === name);

beforeAll(async () => {
  const world = new CallCentreWorld({
    queues: [{ id: "sales", name: "sales", displayName: "Sales", number: "3000" }],
    agents: [{ id: "a1", login: "2001", firstName: "Ann", lastName: "Lee", phone: "1001", queues: ["sales"] }],
  });
  world.login("a1");
  const vbWorld = new CallCentreWorld({ queues: [{ id: "billing", name: "billing", displayName: "Billing", number: "4000" }], agents: [{ id: "b1", login: "dana", firstName: "Dana", lastName: "Vo", phone: "5001", queues: ["billing"] }] });
  vbWorld.login("b1");
  xuc = new XucSimulator({ world, login: "sup", password: "right-pw" });
  voipbin = new VoipbinSimulator({ world: vbWorld, username: "sup", password: "vb-pw", accessKeys: ["ak-123"] });
  await xuc.start();
  await voipbin.start();
  server = await startServer({ databaseUrl: await createTestDatabase() });
}, 120_000);

afterAll(() => endAll(server, xuc, voipbin));

describe("Admin → Sources", () => {
  it("lists every source type", async () => {
    expect((await rows()).types.map((t) => t.kind)).toEqual(["vicidial-push", "vicidial-hook", "vicidial-db", "vodia", "xuc", "voipbin"]);
  });

  it("refuses a bad configuration with the field's reason, and names taken by the environment or the PBX", async () => {
    const bad = await api("/api/admin/sources", "POST", { kind: "xuc", name: "paris", url: "ftp://xuc", login: "sup", password: "x" });
    expect(bad.status).toBe(400);
    expect(json<{ error: string }>(bad).error).toMatch(/http:\/\/ or https:\/\//);
    const noPassword = await api("/api/admin/sources", "POST", { kind: "xuc", name: "paris", url: xuc.url, login: "sup" });
    expect(noPassword.status).toBe(400);
    expect(json<{ error: string }>(noPassword).error).toMatch(/password/);
    const badName = await api("/api/admin/sources", "POST", { kind: "xuc", name: "bad name", url: xuc.url, login: "sup", password: "x" });
    expect(badName.status).toBe(400);
    expect((await rows()).connections).toEqual([]);
  });

  it("shows a wrong password as the link's last error, and connects once it is corrected (the password never returned)", async () => {
    const created = await api("/api/admin/sources", "POST", { kind: "xuc", name: "paris", url: xuc.url, login: "sup", password: "wrong-pw" });
    expect(created.status, created.body).toBe(200);
    const failing = await until(rows, (l) => !!row(l, "paris")?.status?.lastError);
    expect(row(failing, "paris")!.status!.state).not.toBe("up");
    expect(row(failing, "paris")!.status!.lastError).toMatch(/401|403|sign-in|login/i);
    expect(JSON.stringify(failing)).not.toContain("wrong-pw");
    expect((await api("/api/admin/sources", "POST", { kind: "xuc", name: "paris", url: xuc.url, login: "sup", password: "right-pw" })).status).toBe(200);
    const up = await until(rows, (l) => row(l, "paris")?.status?.state === "up");
    expect(row(up, "paris")).toMatchObject({ kind: "xuc", login: "sup", hasPassword: true, fromEnv: false });
    expect(JSON.stringify(up)).not.toContain("right-pw");
    await until(async () => json<{ agents: { user: string; name: string }[] }>(await api("/api/agents")).agents, (a) => a.some((x) => x.name === "Ann Lee" && x.user.startsWith("paris:")));
  });

  it("keeps the stored password when an edit leaves it empty", async () => {
    const before = row(await rows(), "paris")!.status!.reconnects;
    expect((await api("/api/admin/sources", "POST", { kind: "xuc", name: "paris", url: xuc.url, login: "sup", password: "" })).status).toBe(200);
    const up = await until(rows, (l) => row(l, "paris")?.status?.state === "up" && xuc.clients() === 1);
    expect(row(up, "paris")!.hasPassword).toBe(true);
    expect(row(up, "paris")!.status!.lastError === null || row(up, "paris")!.status!.reconnects >= before).toBe(true);
  });

  it("adds a VoIPBin link with an access key, reconnects it and removes it, each with an audit row", async () => {
    expect((await api("/api/admin/sources", "POST", { kind: "voipbin", name: "vb", url: voipbin.url, customerId: voipbin.customerId, accessKey: "ak-123" })).status).toBe(200);
    await until(rows, (l) => row(l, "vb")?.status?.state === "up");
    expect(row(await rows(), "vb")).toMatchObject({ hasAccessKey: true, hasPassword: false });
    await until(async () => json<{ agents: { name: string }[] }>(await api("/api/agents")).agents, (a) => a.some((x) => x.name === "Dana Vo"));
    expect((await api("/api/admin/sources/vb/reconnect", "POST")).status).toBe(200);
    expect((await api("/api/admin/sources/nope/reconnect", "POST")).status).toBe(404);
    expect((await api("/api/admin/sources/vb", "DELETE")).status).toBe(200);
    await until(rows, (l) => !row(l, "vb"));
    expect((await api("/api/admin/sources/vb", "DELETE")).status).toBe(404);
    const audit = json<{ entries: { action: string; target: string }[] }>(await api("/api/admin/audit")).entries.map((e) => `${e.action} ${e.target}`);
    expect(audit).toEqual(expect.arrayContaining(["source.create vb", "source.reconnect vb", "source.delete vb", "source.create paris", "source.update paris"]));
  });

  it("links a roster agent to the same person on XuC and VoIPBin: kept when not sent, removed when empty, one person per platform agent, exported", async () => {
    const put = (user: string, body: object) => api(`/api/admin/roster/${user}`, "PUT", body);
    expect((await put("7001", { fullName: "Ann Lee", campaign: "SALES", xucAgentId: "paris:2001", voipbinAgentId: "dana" })).status).toBe(200);
    const clash = await put("7002", { fullName: "Someone Else", xucAgentId: "paris:2001" });
    expect(clash.status).toBe(409);
    expect(json<{ error: string }>(clash).error).toMatch(/XuC agent id already linked to another agent/);
    expect((await put("7003", { xucAgentId: "has space" })).status).toBe(400);
    // An edit that does not send the links keeps them (the CSV import without those columns too).
    expect((await put("7001", { fullName: "Ann Lee-Roy", campaign: "SALES" })).status).toBe(200);
    expect((await api("/api/admin/roster/import", "POST", "user,full_name,campaign\n7001,Ann Lee-Roy,SALES\n")).status).toBe(200);
    const roster = async () => json<{ agents: { user: string; xucAgentId?: string | null; voipbinAgentId?: string | null }[] }>(await api("/api/admin/roster")).agents.find((a) => a.user === "7001");
    expect(await roster()).toMatchObject({ xucAgentId: "paris:2001", voipbinAgentId: "dana" });
    const csv = (await api("/api/admin/roster/export")).body.split(/\r?\n/);
    expect(csv[0]).toBe("user,full_name,campaign,team,extension,xuc_agent_id,voipbin_agent_id");
    expect(csv).toContain("7001,Ann Lee-Roy,SALES,,,paris:2001,dana");
    // An empty cell removes the link.
    expect((await api("/api/admin/roster/import", "POST", "user,full_name,campaign,xuc_agent_id\n7001,Ann Lee-Roy,SALES,\n")).status).toBe(200);
    expect(await roster()).toMatchObject({ xucAgentId: null, voipbinAgentId: "dana" });
  });
});
