/**
 * Events a previous run spooled during a database outage and could not commit (it was killed
 * first) are committed at the next start, before the board is rebuilt; a torn last line (a
 * write the crash interrupted, never acknowledged) is ignored.
 */
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { IncomingAgentEvent } from "../../lib/events/types";
import { createTestDatabase, query } from "../support/database";
import { httpRequest } from "../support/push";
import { startServer, TEST_SERVERS_DIR, type TestServer } from "../support/server";

let server: TestServer | undefined;
afterAll(async () => server?.stop());

const event = (counter: number, event: string, extra: Partial<IncomingAgentEvent> = {}): IncomingAgentEvent => ({
  source: "vicidial-push",
  receivedAt: Date.now() - 60_000 + counter,
  user: "9901",
  event,
  message: null,
  leadId: null,
  epoch: Math.floor(Date.now() / 1000) - 60,
  agentLogId: "1",
  counter,
  campaign: "SPOOL",
  raw: { user: "9901", event },
  ...extra,
});

describe("spool recovery at start", () => {
  it("commits the spooled events once and shows them on the board", async () => {
    const databaseUrl = await createTestDatabase();
    const db = new URL(databaseUrl);
    const spoolFile = path.join(TEST_SERVERS_DIR, `${db.port}-${db.pathname.slice(1)}`, "spool", "agent-events.jsonl");
    mkdirSync(path.dirname(spoolFile), { recursive: true });
    const lines = [event(1, "logged_in"), event(2, "state_ready", { message: "READY" }), event(3, "call_answered", { leadId: "55" })].map((e) => JSON.stringify(e));
    writeFileSync(spoolFile, `${lines.join("\n")}\n{"source":"vicidial-push","receivedAt":1,"us`);
    server = await startServer({ databaseUrl });
    expect(await query(databaseUrl, "SELECT event FROM agent_event ORDER BY id")).toEqual([{ event: "logged_in" }, { event: "state_ready" }, { event: "call_answered" }]);
    const agents = JSON.parse((await httpRequest(`${server.url}/api/agents?campaign=SPOOL`)).body) as { agents: { user: string; state: string; leadId: string }[] };
    expect(agents.agents).toEqual([expect.objectContaining({ user: "9901", state: "INCALL", leadId: "55" })]);
    // The file of a process that no longer runs is committed, then removed.
    expect(existsSync(spoolFile)).toBe(false);
  });
});
