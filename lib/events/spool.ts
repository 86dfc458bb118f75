/**
 * An append-only file of agent events, fsynced before an append resolves: where the event
 * store keeps events while PostgreSQL is unreachable, so that VICIdial (which never retries a
 * push) can still be answered 200 without losing anything (README "When the database is down").
 *
 * Format: one JSON object per line (an IncomingAgentEvent). Files are created mode 0600 (they
 * hold agents' event texts).
 * - Torn tail: a crash in the middle of a write leaves a last line without its newline. Its
 *   append never resolved, so it was never acknowledged; {@link EventSpool.open} truncates it
 *   away before anything is appended after it (issue 11 item 1: appending first would merge
 *   it with the next, acknowledged line and lose that one).
 * - Bounded: `maxBytes` caps the file; an append that would pass it throws
 *   {@link SpoolFullError} (the store answers 503: never a false 200).
 * - Read as a stream, in chunks: a long outage's spool is never held in memory whole.
 * - A line that PostgreSQL refuses at replay is moved to `<file>.quarantine` with the reason
 *   (see the event store), so one bad record cannot stop the replay or the next start.
 * - One file per process (`agent-events.<pid>.jsonl`): during a rolling reload two workers run
 *   at once, and neither may clear the other's events. A starting process commits the files of
 *   processes that no longer run ({@link orphanSpoolFiles}).
 */
import { createReadStream, mkdirSync, readdirSync } from "node:fs";
import { appendFile, open, rm, stat, truncate, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { IncomingAgentEvent } from "./types";

/** The spool reached its size cap: the event was not written. */
export class SpoolFullError extends Error {
  constructor(maxBytes: number) {
    super(`event spool full (${maxBytes} bytes): event not stored`);
  }
}

export class EventSpool {
  private handle: FileHandle | null = null;
  private size = 0;
  private opened = false;

  /** `file`: the spool path; `maxBytes`: its size cap (default 1 GiB). */
  constructor(
    readonly file: string,
    readonly maxBytes = 1 << 30,
  ) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }

  /** Where refused records go: one JSON line `{ at, reason, event }` each. */
  get quarantineFile(): string {
    return `${this.file}.quarantine`;
  }

  /**
   * Checks the file before first use: truncates a torn last line (see the module note).
   * Returns the number of bytes cut away. Called by every other method.
   */
  async open(): Promise<number> {
    if (this.opened) return 0;
    this.opened = true;
    let bytes: number;
    try {
      bytes = (await stat(this.file)).size;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw err;
    }
    const complete = await lastNewlineEnd(this.file, bytes);
    if (complete < bytes) await truncate(this.file, complete);
    this.size = complete;
    return bytes - complete;
  }

  /**
   * Appends events in one write and one fsync. Throws SpoolFullError past the cap, or the
   * file system's error (e.g. ENOSPC); then nothing of this append counts as written (a
   * partial write is a torn tail, cut at the next start).
   */
  async append(events: readonly IncomingAgentEvent[]): Promise<void> {
    await this.open();
    const text = events.map((e) => `${JSON.stringify(e)}\n`).join("");
    const bytes = Buffer.byteLength(text);
    if (this.size + bytes > this.maxBytes) throw new SpoolFullError(this.maxBytes);
    this.handle ??= await open(this.file, "a", 0o600);
    try {
      await this.handle.write(text);
      await this.handle.datasync();
    } catch (err) {
      // Whatever reached the file is a torn tail now: cut it before the next append.
      await this.handle.close().catch(() => {});
      this.handle = null;
      this.opened = false;
      throw err;
    }
    this.size += bytes;
  }

  /** Bytes in the file (complete lines). */
  get bytes(): number {
    return this.size;
  }

  /**
   * Every complete event in append order, `chunk` at a time (a line that is not JSON is
   * skipped: only a torn tail can be one, and open() removed it).
   */
  async *read(chunk = 2000): AsyncGenerator<IncomingAgentEvent[]> {
    await this.open();
    let stream;
    try {
      await stat(this.file);
      stream = createReadStream(this.file, { encoding: "utf8" });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    let batch: IncomingAgentEvent[] = [];
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (!line) continue;
      try {
        batch.push(JSON.parse(line) as IncomingAgentEvent);
      } catch {
        continue;
      }
      if (batch.length >= chunk) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** Keeps a record PostgreSQL refused, with the reason, out of the way of the replay. */
  async quarantine(event: IncomingAgentEvent, reason: string): Promise<void> {
    await appendFile(this.quarantineFile, `${JSON.stringify({ at: new Date().toISOString(), reason, event })}\n`, { mode: 0o600 });
  }

  /** Deletes the file (an orphan's, once its events are committed). */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true });
  }

  /** Empties the file (after its events are committed to PostgreSQL). */
  async clear(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    const h = await open(this.file, "w", 0o600);
    await h.datasync();
    await h.close();
    this.size = 0;
    this.opened = true;
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

/** Offset just after the file's last "\n" (0 when it has none), reading backwards in blocks. */
async function lastNewlineEnd(file: string, size: number): Promise<number> {
  if (size === 0) return 0;
  const h = await open(file, "r");
  try {
    const block = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const { bytesRead } = await h.read(block, 0, end - start, start);
      const i = block.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (i >= 0) return start + i + 1;
      end = start;
    }
    return 0;
  } finally {
    await h.close();
  }
}

/** This process's spool file in `dir`. */
export function spoolFileFor(dir: string, pid = process.pid): string {
  return path.join(dir, `agent-events.${pid}.jsonl`);
}

/**
 * Spool files in `dir` left by processes that no longer run (and the single file of versions
 * before per-process spools, `agent-events.jsonl`): their events were acknowledged and must
 * be committed by whoever starts next.
 */
export function orphanSpoolFiles(dir: string, ownPid = process.pid): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      if (n === "agent-events.jsonl") return true;
      const m = /^agent-events\.(\d+)\.jsonl$/.exec(n);
      if (!m) return false;
      const pid = Number(m[1]);
      return pid !== ownPid && !alive(pid);
    })
    .map((n) => path.join(dir, n));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
