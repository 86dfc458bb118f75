/**
 * VICIdial's database configured on Admin → Sources (no VICIDIAL_DB_URL), against Debian's
 * MariaDB with VICIdial's tables: a password inside the URL and a wrong password are refused or
 * shown as the link's error, the right one brings the dialer strip, the password is never
 * returned, a server restart keeps the stored source, and removing it stops the poll.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connection } from "mysql2/promise";
import type { DialerSlice, PbxLinkStatus } from "../../lib/realtime/contract";
import { VicidialDbDialer } from "../../sim/vicidial-db/dialer";
import { endMariaDb, startMariaDb, type MariaDbServer } from "../support/mariadb";
import { createTestDatabase } from "../support/database";
import { jsonOf as json, jsonRequest, type HttpAnswer } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { until } from "../support/until";

let maria: MariaDbServer;
let admin: Connection;
let server: TestServer;
let databaseUrl: string;

const api = (path: string, method?: string, body?: unknown): Promise<HttpAnswer> => jsonRequest(`${server.url}${path}`, method, body);
interface Row {
  name: string;
  kind: string;
  url: string | null;
  hasPassword: boolean;
  fromEnv: boolean;
  status: PbxLinkStatus | null;
}
const dbRow = async () => json<{ connections: Row[] }>(await api("/api/admin/sources")).connections.find((c) => c.name === "vicidial-db");
const dialer = async () => json<{ dialer: DialerSlice; source: PbxLinkStatus | null }>(await api("/api/dialer"));

/** The read-only account's URL split as the form takes it: without the password, and the password. */
function formOf(url: string): { url: string; password: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { url: u.toString(), password };
}

beforeAll(async () => {
  maria = await startMariaDb();
  admin = await maria.admin();
  const sim = new VicidialDbDialer(admin, { agentLogIds: "external", seed: 7 });
  await sim.install({
    campaigns: [{ id: "SALES", name: "Sales outbound", dialMethod: "RATIO", dialLevel: "2.5", hopperLevel: 20, dialableLeads: 900, inGroups: ["SALES_IN"] }],
    inGroups: [{ id: "SALES_IN", name: "Sales line", queuePriority: 5 }],
    users: [{ user: "1001", fullName: "Olivia Johnson" }],
  });
  databaseUrl = await createTestDatabase();
  server = await startServer({ databaseUrl, env: { VICIDIAL_DB_BACKOFF_MAX_MS: "2000" } });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await endMariaDb(admin, maria);
});

describe("Admin → Sources: VICIdial's database", () => {
  it("refuses a password inside the URL and a URL that is not MySQL, with the reason", async () => {
    const inUrl = await api("/api/admin/sources", "POST", { kind: "vicidial-db", name: "vicidial-db", url: maria.readOnlyUrl });
    expect(inUrl.status).toBe(400);
    expect(json<{ error: string }>(inUrl).error).toMatch(/password in its own field/);
    const http = await api("/api/admin/sources", "POST", { kind: "vicidial-db", name: "vicidial-db", url: "http://vicidial/asterisk" });
    expect(http.status).toBe(400);
    expect(json<{ error: string }>(http).error).toMatch(/mysql:\/\//);
    expect(await dbRow()).toBeUndefined();
  });

  it("shows a wrong password as the link's error, polls once it is corrected, and never returns the password", async () => {
    const form = formOf(maria.readOnlyUrl);
    expect((await api("/api/admin/sources", "POST", { kind: "vicidial-db", name: "ignored", url: form.url, password: "wrong" })).status).toBe(200);
    const down = await until(dbRow, (r) => r?.status?.state === "down" && !!r.status.lastError, 15_000, "database link down");
    expect(down!.status!.lastError).toMatch(/denied|auth/i);
    expect(down).toMatchObject({ kind: "vicidial-db", hasPassword: true, fromEnv: false });

    expect((await api("/api/admin/sources", "POST", { kind: "vicidial-db", name: "vicidial-db", url: form.url, password: form.password })).status).toBe(200);
    await until(dialer, (d) => d.source?.state === "up" && d.dialer.campaigns.some((c) => c.campaign === "SALES" && c.dialLevel === 2.5), 15_000, "dialer strip from the stored source");
    const listed = await api("/api/admin/sources");
    expect(listed.body).not.toContain(form.password);
    expect(json<{ connections: Row[] }>(listed).connections.find((c) => c.name === "vicidial-db")!.url).toBe(form.url);
  });

  it("keeps polling after a restart, and stops when the source is removed", async () => {
    await server.stop();
    server = await startServer({ databaseUrl, env: { VICIDIAL_DB_BACKOFF_MAX_MS: "2000" } });
    await until(dialer, (d) => d.source?.state === "up", 15_000, "stored source polled after the restart");
    expect((await api("/api/admin/sources/vicidial-db", "DELETE")).status).toBe(200);
    await until(dbRow, (r) => r === undefined, 10_000, "link gone from Admin → Sources");
    expect((await dialer()).source?.state ?? "none").not.toBe("up");
  });
});
