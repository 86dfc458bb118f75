/**
 * VICIdial agent screens pushing events, for the fault tests and the bench's multi-instance
 * scenario: scripted agent screens going through VICIdial's cycle ({@link AgentScript}), the
 * form body get2post.php relays ({@link formBody}), an HTTP sender that reports failures
 * instead of throwing ({@link send}), and a steady pusher at a fixed rate
 * ({@link startSteadyPusher}). Times are ms since the Unix epoch unless a name says seconds.
 *
 * Part of support/, the one kit the tests (test/), the bench (bench/), the demo and the scripts
 * share. It sits at the top level, not under test/, because the bench and the demo are not
 * tests and must not reach into them; test/support/ keeps only what needs vitest or is for
 * tests alone.
 */
import { request, type Agent } from "node:http";
import { pick, seededRandom } from "../sim/shared/rng";

// ---------------------------------------------------------------------------------------------
// Form bodies

/** Push fields by name; undefined ones are left out. */
export type PushFields = Record<string, string | number | undefined>;

/** Form-encodes fields the way PHP's get2post relays them (spaces as `+`). */
export function formBody(fields: PushFields): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.append(k, String(v));
  return params.toString();
}

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

/** POSTs one scripted event form-encoded (as get2post relays it); `timeoutMs` as in {@link send}. */
export function sendEvent(baseUrl: string, token: string, e: ScriptedEvent, agent: Agent | false = false, timeoutMs?: number): Promise<SendResult> {
  return send(baseUrl, {
    body: formBody({ ...e, token }),
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "VICIdial get2post" },
    agent,
    timeoutMs,
  });
}

// ---------------------------------------------------------------------------------------------
// A steady pusher

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
      const p = sendEvent(o.target(), o.token, event, false, o.timeoutMs ?? 20_000).then((result) => {
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
