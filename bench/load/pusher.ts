/**
 * Load worker: POSTs agent events to a push endpoint in VICIdial's wire format
 * (form-encoded body, User-Agent `VICIdial get2post`), either
 *  - closed loop: `concurrency` senders, each sending its next event when the previous one
 *    is answered (throughput), or
 *  - open loop: a fixed `rate` (events/s for this worker) on a schedule, whatever the
 *    answers (response time at a given rate; requests are not held back by slow answers,
 *    up to `maxInFlight`).
 * `keepAlive: false` opens one new TCP connection per event, as get2post.php does;
 * `keepAlive: true` reuses connections.
 *
 * Records, per request, the response time in ms (from just before the request is written to
 * the end of the response body); the status and body ("OK stored" / "OK duplicate" /
 * "OK spooled", the last meaning the database was unreachable) are counted. Every loop is bounded by `durationMs` and `maxEvents`.
 */
import http from "node:http";
import { AgentEventSource, hrNow, type EventSourceOptions } from "../lib/events";
import { workerMain } from "../lib/proc";

/** What to send (token, agents, campaigns, where in the cycle: see EventSourceOptions) and how. */
export interface PusherConfig extends EventSourceOptions {
  /** Full push URL, e.g. http://127.0.0.1:3000/api/push/vicidial */
  url: string;
  keepAlive: boolean;
  mode: "closed" | "open";
  /** Closed loop: concurrent senders. */
  concurrency?: number;
  /** Open loop: events per second from this worker. */
  rate?: number;
  durationMs: number;
  maxEvents: number;
  /** Open loop: at most this many requests outstanding (the rest are counted as skipped). */
  maxInFlight?: number;
  /** Stamp the send time into each message (end-to-end latency). */
  stamp?: boolean;
  /** Keep every response time (otherwise only counts). */
  recordLatency?: boolean;
  requestTimeoutMs?: number;
}

export interface PusherResult {
  sent: number;
  stored: number;
  duplicates: number;
  /** `200 OK spooled`: durable in the server's local spool, not (yet) in PostgreSQL. */
  spooled: number;
  statuses: Record<string, number>;
  errors: number;
  errorSamples: string[];
  skipped: number;
  /** Response times, ms. */
  latencies: Float64Array;
  /** Send time (wall clock ms) of each recorded response time, same order. */
  sentAt: Float64Array;
  /** Open loop: how late sends were against the schedule, ms (p99 and max). */
  lagP99: number;
  lagMax: number;
  /** Wall-clock ms of the first send and of the last answer. */
  firstSendAt: number;
  lastAnswerAt: number;
  /** CPU this worker used during the phase (user + system), ms. */
  phaseCpuMs: number;
}

/** How long (ms) and with how many concurrent senders a pusher warms up before reporting ready. */
const WARM_UP_MS = 1_000;
const WARM_UP_SENDERS = 8;

/**
 * Runs `drive` against an HTTP sink on 127.0.0.1 that answers every POST as the wallboard
 * does (200, "OK stored"), then closes the sink.
 */
async function warmUp(drive: (sinkUrl: URL) => Promise<void>): Promise<void> {
  const sink = http.createServer((req, r) => {
    req.resume();
    req.on("end", () => r.writeHead(200, { "Content-Type": "text/plain" }).end("OK stored\n"));
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = sink.address() as import("node:net").AddressInfo;
    await drive(new URL(`http://127.0.0.1:${port}/api/push/vicidial`));
  } finally {
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  }
}

workerMain<PusherConfig, PusherResult>(async (cfg, control) => {
  // What send() targets: first a sink in this process (the warm-up below), then the server.
  let url = new URL(cfg.url);
  // The source reads only its own options from the config.
  let source = new AgentEventSource(cfg);
  const agent = cfg.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 }) : false;
  const timeoutMs = cfg.requestTimeoutMs ?? 10_000;
  const latencies = new Float64Array(Math.min(cfg.maxEvents, 5_000_000));
  const sentAts = new Float64Array(latencies.length);
  let nLat = 0;
  const fresh = (): Omit<PusherResult, "latencies" | "sentAt" | "phaseCpuMs"> => ({
    sent: 0,
    stored: 0,
    duplicates: 0,
    spooled: 0,
    statuses: {},
    errors: 0,
    errorSamples: [],
    skipped: 0,
    lagP99: 0,
    lagMax: 0,
    firstSendAt: 0,
    lastAnswerAt: 0,
  });
  let res = fresh();
  let inFlight = 0;

  function send(): Promise<void> {
    const t0 = hrNow();
    const body = source.next(cfg.stamp ? t0 : undefined);
    res.sent++;
    if (res.firstSendAt === 0) res.firstSendAt = t0;
    inFlight++;
    return new Promise<void>((resolve) => {
      let settled = false;
      const finish = (status: number | null, text: string, err?: Error) => {
        if (settled) return;
        settled = true;
        inFlight--;
        const t1 = hrNow();
        res.lastAnswerAt = Math.max(res.lastAnswerAt, t1);
        if (err) {
          res.errors++;
          if (res.errorSamples.length < 5) res.errorSamples.push(err.message);
        } else {
          const key = String(status);
          res.statuses[key] = (res.statuses[key] ?? 0) + 1;
          if (status === 200 && text.startsWith("OK stored")) res.stored++;
          else if (status === 200 && text.startsWith("OK duplicate")) res.duplicates++;
          else if (status === 200 && text.startsWith("OK spooled")) res.spooled++;
          if (cfg.recordLatency && nLat < latencies.length) {
            sentAts[nLat] = t0;
            latencies[nLat++] = t1 - t0;
          }
        }
        resolve();
      };
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          timeout: timeoutMs,
          headers: {
            "User-Agent": "VICIdial get2post",
            Accept: "*/*",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": body.length,
          },
        },
        (r) => {
          const chunks: Buffer[] = [];
          r.on("data", (c: Buffer) => chunks.push(c));
          r.on("end", () => finish(r.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
          r.on("error", (e) => finish(null, "", e));
        },
      );
      req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on("error", (e) => finish(null, "", e));
      req.end(body);
    });
  }

  // JIT warm-up: this very send() (same code, same connection mode) against a sink in this
  // process before reporting ready. A fresh pusher otherwise spends its first 2 s or so
  // running cold code at up to 1.5× its later CPU, on the cores the server under test shares:
  // at 2,000 events/s that made the first seconds of every phase the slowest (issue 14 bench).
  // Nothing of it is counted.
  await warmUp(async (sinkUrl) => {
    const real = { url, source, nLat };
    url = sinkUrl;
    source = new AgentEventSource({ ...cfg, userPrefix: `${cfg.userPrefix}warm` });
    const until = hrNow() + WARM_UP_MS;
    await Promise.all(Array.from({ length: WARM_UP_SENDERS }, async () => {
      while (hrNow() < until) await send();
    }));
    ({ url, source, nLat } = real);
    res = fresh();
  });

  // Several workers start together: ready, then the parent's `go` with a start time (wall clock ms).
  control.ready();
  const { startAt } = ((await control.go) ?? {}) as { startAt?: number };
  if (startAt && startAt > Date.now()) await new Promise((r) => setTimeout(r, startAt - Date.now()));
  const cpu0 = process.cpuUsage();
  const start = hrNow();
  const end = start + cfg.durationMs;

  if (cfg.mode === "closed") {
    const loops = Array.from({ length: cfg.concurrency ?? 1 }, async () => {
      while (hrNow() < end && res.sent < cfg.maxEvents) await send();
    });
    await Promise.all(loops);
  } else {
    const rate = cfg.rate ?? 100;
    const maxInFlight = cfg.maxInFlight ?? 4000;
    const lags: number[] = [];
    const pending = new Set<Promise<void>>();
    let scheduled = 0;
    while (scheduled < cfg.maxEvents) {
      const now = hrNow();
      if (now >= end) break;
      const due = Math.min(cfg.maxEvents, Math.floor(((now - start) * rate) / 1000) + 1);
      while (scheduled < due) {
        const planned = start + (scheduled * 1000) / rate;
        scheduled++;
        if (inFlight >= maxInFlight) {
          res.skipped++;
          continue;
        }
        lags.push(hrNow() - planned);
        const p = send();
        pending.add(p);
        void p.then(() => pending.delete(p));
      }
      // Sleep until the next event is due (timers have ~1 ms granularity).
      const nextAt = start + (scheduled * 1000) / rate;
      await new Promise((r) => setTimeout(r, Math.max(0, Math.floor(nextAt - hrNow()))));
    }
    await Promise.all(pending);
    lags.sort((a, b) => a - b);
    res.lagP99 = lags.length ? lags[Math.ceil(lags.length * 0.99) - 1]! : 0;
    res.lagMax = lags.length ? lags[lags.length - 1]! : 0;
  }
  if (agent) agent.destroy();
  const cpu = process.cpuUsage(cpu0);
  return { ...res, latencies: latencies.slice(0, nLat), sentAt: sentAts.slice(0, nLat), phaseCpuMs: (cpu.user + cpu.system) / 1000 };
});
