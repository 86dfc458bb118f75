/**
 * Load and fault helpers for test/faults/: a raw-socket exchange for requests no HTTP client
 * would send, a bounded-concurrency pool, the server process's memory and liveness, and the
 * stored events read back as the state model's input. The scripted agent screens, the HTTP
 * sender and the steady pusher the bench uses too are in the shared kit (support/agent-push.ts).
 */
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import type { AgentEventInput, AgentState } from "../../lib/agents/state";
import { foldEvents } from "../../lib/agents/state";
import { eventInputOf, type AgentEventRow } from "../../lib/queries/agent-event-rows";
import { query } from "./database";
import { rssOf } from "../../support/processes";

// ---------------------------------------------------------------------------------------------
// Raw HTTP and concurrency

export interface RawAnswer {
  /** Status of the response, when one arrived. */
  status?: number;
  head: string;
  body: string;
  /** How the exchange ended. */
  end: "response" | "closed" | "timeout" | "error";
  error?: string;
}

/**
 * Writes `bytes` on a new TCP connection and reads one HTTP response. Ends at the first
 * complete response (Content-Length body), when the server closes, or after `timeoutMs`
 * (then the test closes the connection itself: the request was incomplete on purpose).
 */
export function rawExchange(port: number, bytes: Buffer, timeoutMs = 1_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (end: RawAnswer["end"], error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = data.toString("latin1");
      const sep = text.indexOf("\r\n\r\n");
      const head = sep < 0 ? text : text.slice(0, sep);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: m ? Number(m[1]) : undefined, head, body: sep < 0 ? "" : data.subarray(sep + 4).toString("utf8"), end: m ? "response" : end, error });
    };
    const timer = setTimeout(() => finish("timeout"), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const text = data.toString("latin1");
      const sep = text.indexOf("\r\n\r\n");
      if (sep < 0) return;
      const len = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, sep));
      if (len && data.length - (sep + 4) >= Number(len[1])) finish("response");
    });
    socket.on("end", () => finish("closed"));
    socket.on("close", () => finish("closed"));
    socket.on("error", (err: NodeJS.ErrnoException) => finish("error", err.code ?? err.message));
    socket.write(bytes);
  });
}

/** Runs `fn` over `items` with at most `concurrency` in flight; results in input order. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// The server process

/** Resident set size of a process in KiB (VmRSS, read by the kit's rssOf); throws when unreadable. */
export function rssKb(pid: number): number {
  const bytes = rssOf(pid)?.rss ?? Number.NaN;
  if (Number.isNaN(bytes)) throw new Error(`no VmRSS for pid ${pid}`);
  return bytes / 1024;
}

/** True while the process exists (and is not a zombie). */
export function processAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// What is stored, and what the board should show for it

export interface StoredRow extends AgentEventInput {
  user: string;
  agentLogId: string | null;
}

/** Every row of agent_event, as the state model reads it (times ms, server clock), by id. */
export async function readStoredEvents(databaseUrl: string): Promise<StoredRow[]> {
  const rows = await query<AgentEventRow & { agent_user: string }>(
    databaseUrl,
    `SELECT id, (extract(epoch FROM received_at) * 1000)::float8 AS received_ms, agent_user, event, message, lead_id, epoch,
            agent_log_id, counter, campaign
     FROM agent_event ORDER BY id`,
  );
  return rows.map((r) => ({ ...eventInputOf(r), user: r.agent_user }));
}

export function groupByUser<T extends { user: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.user) ?? [];
    list.push(r);
    out.set(r.user, list);
  }
  return out;
}

/** The agent-object fields that foldEvents determines, as GET /api/agents should show them. */
export interface FoldedView {
  state: AgentState["status"];
  stateSince: number;
  leadId: string | null;
  disposition: string | null;
  pauseCode: string | null;
  campaign: string;
  lastEvent: string;
  lastMessage: string | null;
  notice: AgentState["notice"];
  lastEventAt: number;
}

/** foldEvents over one agent's stored events, shaped like the agent object (no roster). */
export function foldedView(events: readonly AgentEventInput[]): FoldedView {
  const s = foldEvents(events);
  return {
    state: s.status,
    stateSince: s.stateSince,
    leadId: s.leadId,
    disposition: s.disposition,
    pauseCode: s.pauseCode,
    campaign: s.campaign ?? "UNASSIGNED",
    lastEvent: s.lastEvent,
    lastMessage: s.lastMessage,
    notice: s.notice,
    // The board's lastEventAt is the newest receive time, whatever the event's place in the order.
    lastEventAt: Math.max(...events.map((e) => e.receivedAt)),
  };
}

/** The same fields picked from an agent object of the API or the realtime feed. */
export function viewFields(a: FoldedView): FoldedView {
  return {
    state: a.state,
    stateSince: a.stateSince,
    leadId: a.leadId,
    disposition: a.disposition,
    pauseCode: a.pauseCode,
    campaign: a.campaign,
    lastEvent: a.lastEvent,
    lastMessage: a.lastMessage,
    notice: a.notice,
    lastEventAt: a.lastEventAt,
  };
}
