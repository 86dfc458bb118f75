/**
 * An append-only file of agent events, fsynced before an append resolves: where the event
 * store keeps events while PostgreSQL is unreachable, so that VICIdial (which never retries a
 * push) can still be answered 200 without losing anything (README "When the database is down").
 *
 * Format: one JSON object per line (an IncomingAgentEvent). A torn last line (a crash in the
 * middle of a write) is ignored when reading: its append never resolved, so it was never
 * acknowledged.
 */
import { mkdirSync } from "node:fs";
import { open, readFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import type { IncomingAgentEvent } from "./types";

export class EventSpool {
  private handle: FileHandle | null = null;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  /** Appends events in one write and one fsync. */
  async append(events: readonly IncomingAgentEvent[]): Promise<void> {
    this.handle ??= await open(this.file, "a");
    await this.handle.write(events.map((e) => `${JSON.stringify(e)}\n`).join(""));
    await this.handle.datasync();
  }

  /** Every complete event in the file, in append order. */
  async readAll(): Promise<IncomingAgentEvent[]> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const events: IncomingAgentEvent[] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        events.push(JSON.parse(line) as IncomingAgentEvent);
      } catch {
        // Only the last line can be torn, and it was never acknowledged.
      }
    }
    return events;
  }

  /** Empties the file (after its events are committed to PostgreSQL). */
  async clear(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    const h = await open(this.file, "w");
    await h.datasync();
    await h.close();
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}
