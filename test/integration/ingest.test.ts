/**
 * The ingest contract (README "Ingest") over real HTTP against the real server and Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, query } from "../support/database";
import { formBody } from "../../support/agent-push";
import { httpRequest, pushEvent } from "../support/push";

/** A recent epoch (the VICIdial server clock, Unix seconds): pushes must lie within a day of the server clock. */
const E0 = Math.floor(Date.now() / 1000) - 600;
import { startServer, type TestServer } from "../support/server";

let server: TestServer;
const count = async () => Number((await query<{ n: string }>(server.databaseUrl, "SELECT count(*) AS n FROM agent_event"))[0]!.n);

beforeAll(async () => {
  server = await startServer({ databaseUrl: await createTestDatabase(), env: { PUSH_MAX_BODY_BYTES: "4096" } });
});
afterAll(async () => server?.stop());

describe("POST /api/push/vicidial", () => {
  it("stores an event sent exactly as get2post.php relays it, + as space, unknown fields kept", async () => {
    // Byte for byte what VICIdial produces after substituting --A--...--B-- and replacing spaces.
    const body = `user=1001&event=state_paused&message=PAUSED+LUNCH&lead_id=&epoch=${E0}&agent_log_id=551&counter=7&token=${server.pushToken}&session_name=abc`;
    const res = await httpRequest(`${server.url}/api/push/vicidial`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res).toEqual({ status: 200, body: "OK stored\n" });
    const [row] = await query(server.databaseUrl, "SELECT * FROM agent_event WHERE agent_user = '1001'");
    expect(row).toMatchObject({ source: "vicidial-push", event: "state_paused", message: "PAUSED LUNCH", lead_id: null, epoch: String(E0), agent_log_id: "551", counter: 7 });
    expect(row!["raw"]).toEqual({ user: "1001", event: "state_paused", message: "PAUSED LUNCH", lead_id: "", epoch: String(E0), agent_log_id: "551", counter: "7", session_name: "abc" });
    expect(Math.abs(Date.now() - (row!["received_at"] as Date).getTime())).toBeLessThan(10_000);
  });

  it("accepts the same fields as a GET query string", async () => {
    const res = await httpRequest(`${server.url}/api/push/vicidial?${formBody({ user: "1002", event: "logged_in", message: "session 8600051", counter: 1, epoch: E0 + 1, token: server.pushToken })}`);
    expect(res.status).toBe(200);
    expect(await query(server.databaseUrl, "SELECT event, message FROM agent_event WHERE agent_user = '1002'")).toEqual([{ event: "logged_in", message: "session 8600051" }]);
  });

  it("refuses a missing or wrong token with 401 and stores nothing", async () => {
    const before = await count();
    const missing = await pushEvent(server.url, { user: "1003", event: "state_ready" });
    const wrong = await pushEvent(server.url, { user: "1003", event: "state_ready", token: "not-the-token" });
    expect(missing).toEqual({ status: 401, body: "missing push token\n" });
    expect(wrong).toEqual({ status: 401, body: "wrong push token\n" });
    expect(await count()).toBe(before);
  });

  it("stores a duplicate once and still answers 200", async () => {
    const fields = { user: "1004", event: "dispo_set", message: "SALE", epoch: E0 + 100, agent_log_id: "9", counter: 12, token: server.pushToken };
    const answers = await Promise.all([pushEvent(server.url, fields), pushEvent(server.url, fields), pushEvent(server.url, fields)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body).sort()).toEqual(["OK duplicate\n", "OK duplicate\n", "OK stored\n"]);
    const again = await pushEvent(server.url, fields);
    expect(again.body).toBe("OK duplicate\n");
    expect(await query(server.databaseUrl, "SELECT count(*)::int AS n FROM agent_event WHERE agent_user = '1004'")).toEqual([{ n: 1 }]);
  });

  it("rejects bad input with a one-line reason and loses nothing stored before or sent beside it", async () => {
    const good = { user: "1005", event: "state_ready", message: "READY", epoch: E0 + 200, counter: 1, token: server.pushToken };
    expect((await pushEvent(server.url, good)).status).toBe(200);
    const before = await count();
    const t = server.pushToken;
    const cases: [Record<string, string | number>, number, string][] = [
      [{ event: "state_ready", token: t }, 400, "missing field user\n"],
      [{ user: "1005", token: t }, 400, "missing field event\n"],
      [{ user: "1005", event: "state_ready", counter: "seven", token: t }, 400, "counter must be a whole number\n"],
      [{ user: "x".repeat(101), event: "state_ready", token: t }, 400, "user longer than 100 characters\n"],
      [{ user: "1005", event: "bad event<script>", token: t }, 400, "event may only hold letters, digits, _ . -\n"],
      [{ user: "1005", event: "agent_alert", message: "nul\u0000byte", token: t }, 400, 'field "message" contains a NUL character\n'],
    ];
    const answers = await Promise.all([
      ...cases.map(([fields]) => pushEvent(server.url, fields)),
      pushEvent(server.url, { ...good, event: "agent_alert", message: "sent beside the bad ones", counter: 2 }),
    ]);
    cases.forEach(([, status, body], i) => expect(answers[i]).toEqual({ status, body }));
    expect(answers.at(-1)!.status).toBe(200);
    const big = await httpRequest(`${server.url}/api/push/vicidial`, {
      method: "POST",
      body: formBody({ user: "1005", event: "agent_alert", message: "y".repeat(5000), token: t }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(big).toEqual({ status: 413, body: "body larger than 4096 bytes\n" });
    const json = await httpRequest(`${server.url}/api/push/vicidial`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(json.status).toBe(415);
    const put = await httpRequest(`${server.url}/api/push/vicidial`, { method: "PUT", body: formBody(good), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(put.status).toBe(405);
    expect(await count()).toBe(before + 1);
    expect(await query(server.databaseUrl, "SELECT event FROM agent_event WHERE agent_user = '1005' ORDER BY id")).toEqual([{ event: "state_ready" }, { event: "agent_alert" }]);
  });

  it("keeps SQL and HTML in a message as inert text", async () => {
    const message = `'); DROP TABLE agent_event; -- <img src=x onerror=alert(1)>`;
    expect((await pushEvent(server.url, { user: "1006", event: "agent_alert", message, token: server.pushToken })).status).toBe(200);
    expect(await query(server.databaseUrl, "SELECT message FROM agent_event WHERE agent_user = '1006'")).toEqual([{ message }]);
  });

  it("answers /healthz with the database status", async () => {
    const res = await httpRequest(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, database: { ok: true } });
  });
});
