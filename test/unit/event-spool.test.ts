import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EventSpool, SpoolFullError } from "../../lib/events/spool";
import type { IncomingAgentEvent } from "../../lib/events/types";

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ev = (counter: number): IncomingAgentEvent => ({
  source: "vicidial-push",
  receivedAt: 1,
  user: "u1",
  event: "agent_alert",
  message: `m${counter}`,
  leadId: null,
  epoch: 100,
  agentLogId: "1",
  counter,
  campaign: null,
  raw: {},
});

async function readAll(spool: EventSpool): Promise<IncomingAgentEvent[]> {
  const out: IncomingAgentEvent[] = [];
  for await (const chunk of spool.read(2)) out.push(...chunk);
  return out;
}

describe("EventSpool (issue 11 item 1)", () => {
  it("cuts a torn last line before appending, so the next acknowledged event is not merged into it and lost", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "spool-"));
    const file = path.join(dir, "s.jsonl");
    writeFileSync(file, `${JSON.stringify(ev(1))}\n{"source":"vicidial-push","rece`);
    const spool = new EventSpool(file);
    await spool.append([ev(2)]);
    expect((await readAll(spool)).map((e) => e.counter)).toEqual([1, 2]);
    await spool.close();
  });

  it("refuses an append beyond its cap without writing it, and writes files readable only by the owner", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "spool-"));
    const file = path.join(dir, "s.jsonl");
    const one = Buffer.byteLength(`${JSON.stringify(ev(1))}\n`);
    const spool = new EventSpool(file, one * 2 + 10);
    await spool.append([ev(1)]);
    await spool.append([ev(2)]);
    await expect(spool.append([ev(3)])).rejects.toBeInstanceOf(SpoolFullError);
    expect((await readAll(spool)).map((e) => e.counter)).toEqual([1, 2]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await spool.clear();
    await spool.append([ev(4)]);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(1);
    await spool.close();
  });
});
