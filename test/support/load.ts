/**
 * Load and fault helpers for test/faults/: realistic agent-screen event scripts, an HTTP
 * sender that reports failures instead of throwing, a raw-socket exchange for requests no
 * HTTP client would send, a bounded-concurrency pool, and the stored events read back as the
 * state model's input.
 */
import { readFileSync } from "node:fs";
import { request, type Agent } from "node:http";
import { connect } from "node:net";
import type { AgentEventInput, AgentState } from "../../lib/agents/state";
import { foldEvents } from "../../lib/agents/state";
import { eventInputOf, type AgentEventRow } from "../../lib/queries/agent-event-rows";
import { query } from "./database";
import { formBody } from "./push";
import { pick, seededRandom } from "../../sim/shared/rng";
import { rssOf } from "../../support/processes";

// ---------------------------------------------------------------------------------------------
// Randomness: the simulators' seeded PRNG (sim/shared/rng.ts), so a seed means the same
// sequence in a test as in the demo and the bench.

export { seededRandom };

// ---------------------------------------------------------------------------------------------
// Agent screens

/** One Agent Events Push, with the fields VICIdial sends plus our `campaign`. */
export interface ScriptedEvent {
  user: string;
  event: string;
  message: string;
  lead_id: string;
  epoch: number;
  agent_log_id: string;
  counter: number;
  campaign: string;
}

/** Identity of a scripted event: unique per script by construction (see AgentScript). */
export const eventKey = (e: { user: string; epoch: number | null; counter: number | null }) => `${e.user}|${e.epoch}|${e.counter}`;

type Phase = "out" | "login" | "paused" | "ready" | "dialing" | "incall" | "parked" | "threeway" | "dead" | "wrapup" | "disposed";

/**
 * One agent screen going through VICIdial's cycle: log in, pause, ready, dial/answer, park,
 * 3-way, customer gone, hang up, disposition, pause or ready again, sometimes log out and
 * reload the screen (new epoch, counter back to 0), with informational events in between.
 * `epoch` is the agent PC's clock at the event (whole seconds), `counter` the screen's aec.
 * Each new screen session starts at an epoch above every epoch of the one before, so
 * (user, epoch, counter) identifies an event.
 */
export class AgentScript {
  private phase: Phase = "out";
  private counter = 0;
  private epoch = 0;
  private session = 0;
  private lead = "";

  constructor(
    readonly user: string,
    private campaign: string,
    private readonly rng: () => number,
    private readonly clock: () => number = () => Math.floor(Date.now() / 1000),
    /** Campaigns the agent may move to at a new login (VICIdial agents pick one at login). */
    private readonly campaigns: readonly string[] = [campaign],
  ) {}

  /** From the next event on, the screen sends `campaign` (the agent moved). */
  moveTo(campaign: string): void {
    this.campaign = campaign;
  }

  get currentCampaign(): string {
    return this.campaign;
  }

  next(): ScriptedEvent {
    const r = this.rng();
    if (this.phase !== "out" && this.phase !== "login" && r < 0.08) {
      return this.emit(pick(this.rng, ["agent_alert", "time_sync", "blind_monitor_alert"]), pick(this.rng, ["Call your supervisor", "", "sync 12:00:01", "monitor started"]));
    }
    switch (this.phase) {
      case "out": {
        this.session++;
        this.counter = 0;
        this.epoch = Math.max(this.clock(), this.epoch + 1);
        if (this.session > 1 && this.rng() < 0.5) this.campaign = pick(this.rng, this.campaigns);
        this.phase = "login";
        return this.emit("logged_in", `session 86000${this.session}`);
      }
      case "login":
        this.phase = "paused";
        return this.emit("state_paused", "PAUSED LOGIN");
      case "paused":
        if (r < 0.08) return this.logout();
        this.phase = "ready";
        return this.emit("state_ready", this.rng() < 0.25 ? "READY CLOSER" : "READY");
      case "ready":
        this.lead = String(100000 + Math.floor(this.rng() * 900000));
        if (r < 0.5) {
          this.phase = "dialing";
          return this.emit("call_dialed", "", this.lead);
        }
        this.phase = "incall";
        return this.emit("call_answered", "inbound", this.lead);
      case "dialing":
        this.phase = "incall";
        return this.emit("call_answered", "", this.lead);
      case "incall":
        if (r < 0.15) {
          this.phase = "parked";
          return this.emit("park_started", "", this.lead);
        }
        if (r < 0.25) {
          this.phase = "threeway";
          return this.emit("3way_start", "", this.lead);
        }
        if (r < 0.35) {
          this.phase = "dead";
          return this.emit("customer_gone", "", this.lead);
        }
        this.phase = "wrapup";
        return this.emit(r < 0.7 ? "agent_hangup" : "dispo_screen_open", "", this.lead);
      case "parked":
        this.phase = "incall";
        return this.emit("park_retrieved", "", this.lead);
      case "threeway":
        this.phase = "wrapup";
        return this.emit("3way_agent_leave", "", this.lead);
      case "dead":
        this.phase = "wrapup";
        return this.emit("agent_hangup", "", this.lead);
      case "wrapup":
        this.phase = "disposed";
        return this.emit("dispo_set", pick(this.rng, ["SALE", "NI", "CALLBK", "DNC", "A"]), this.lead);
      case "disposed":
        if (r < 0.6) {
          this.phase = "ready";
          return this.emit("state_ready", "READY");
        }
        this.phase = "paused";
        return this.emit("state_paused", pick(this.rng, ["PAUSED BREAK", "PAUSED LUNCH", "PAUSED", "PAUSED TRAIN 2"]));
    }
  }

  private logout(): ScriptedEvent {
    this.phase = "out";
    return this.emit(this.rng() < 0.5 ? "logged_out" : "logged_out_complete", "");
  }

  private emit(event: string, message: string, leadId = ""): ScriptedEvent {
    // The screen's clock moves on; it never goes back within a session.
    this.epoch = Math.max(this.epoch, this.clock());
    return {
      user: this.user,
      event,
      message,
      lead_id: leadId,
      epoch: this.epoch,
      agent_log_id: `${this.session}`,
      counter: this.counter++,
      campaign: this.campaign,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP

export type SendResult = { status: number; body: string; error?: undefined } | { status?: undefined; body?: undefined; error: string };

export interface SendOptions {
  method?: string;
  path?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** An http.Agent (keep-alive) or false for a new connection per request (get2post). */
  agent?: Agent | false;
  timeoutMs?: number;
}

/** One HTTP request; never throws: a failure comes back as `{ error }` (code or message). */
export function send(baseUrl: string, options: SendOptions): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SendResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    // An explicit length: Node's client frames neither HEAD, DELETE nor OPTIONS bodies by itself.
    const headers = options.body === undefined ? options.headers : { "content-length": String(Buffer.byteLength(options.body)), ...options.headers };
    const req = request(`${baseUrl}${options.path ?? "/api/push/vicidial"}`, { method: options.method ?? "POST", agent: options.agent ?? false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    });
    req.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.setTimeout(options.timeoutMs ?? 15_000, () => {
      done({ error: "TIMEOUT" });
      req.destroy();
    });
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

/** POSTs one scripted event form-encoded (as get2post relays it). */
export function sendEvent(baseUrl: string, token: string, e: ScriptedEvent, agent: Agent | false = false): Promise<SendResult> {
  return send(baseUrl, {
    body: formBody({ ...e, token }),
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "VICIdial get2post" },
    agent,
  });
}

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

/** One push of a steady pusher: when it was sent (ms), what, and how it was answered. */
export interface PushAttempt {
  sentAt: number;
  answeredAt: number;
  event: ScriptedEvent;
  result: SendResult;
}

export interface SteadyPusher {
  /** Attempts so far (answered ones; pending ones are added when answered). */
  attempts: PushAttempt[];
  /** Stops sending and waits for every request in flight; returns all attempts. */
  stop(): Promise<PushAttempt[]>;
}

/**
 * Pushes `rate` events per second, spread over `agents` scripted agent screens, each on a new
 * connection (as get2post.php does), without waiting for answers (VICIdial does not wait
 * either). `target()` is asked for the base URL before each push (a test may switch it).
 */
export function startSteadyPusher(o: { target: () => string; token: string; rate: number; agents: number; userPrefix: string; campaign: string; seed?: number; timeoutMs?: number }): SteadyPusher {
  const rng = seededRandom(o.seed ?? 7);
  const scripts = Array.from({ length: o.agents }, (_, i) => new AgentScript(`${o.userPrefix}${String(i).padStart(3, "0")}`, o.campaign, rng));
  const attempts: PushAttempt[] = [];
  const inFlight = new Set<Promise<void>>();
  let i = 0;
  const interval = 1000 / o.rate;
  const started = Date.now();
  let sent = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    // Catch up with the schedule (timers are coarse under load).
    const due = Math.floor((Date.now() - started) / interval) + 1;
    while (sent < due) {
      sent++;
      const event = scripts[i++ % scripts.length]!.next();
      const sentAt = Date.now();
      const p = send(o.target(), {
        body: formBody({ ...event, token: o.token }),
        headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "VICIdial get2post" },
        agent: false,
        timeoutMs: o.timeoutMs ?? 20_000,
      }).then((result) => {
        attempts.push({ sentAt, answeredAt: Date.now(), event, result });
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    timer = setTimeout(tick, Math.max(1, interval / 2));
  };
  let timer = setTimeout(tick, 0);
  return {
    attempts,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      while (inFlight.size > 0) await Promise.all([...inFlight]);
      return attempts.sort((a, b) => a.sentAt - b.sentAt);
    },
  };
}
