/**
 * Scenario 3 — fan-out and memory: 5,000 live agents and 1,000 connected clients.
 *
 * 5,000 agents over 20 campaigns log in (10,000 events). 1,000 Socket.IO clients in 4
 * processes connect: 990 subscribe to one campaign each (≈50 per campaign, 250 agents in each
 * snapshot) and 10 to all campaigns (5,000-agent snapshots). Then 500 events/s for 15 s
 * (every agent changes about every 10 s) are fanned out to them. The wallboard process's RSS
 * (VmRSS from /proc, MB = 10^6 bytes) is read idle, with the agents, with the clients, and
 * every 250 ms during the fan-out (peak reported); delivery latency (push sent → delta
 * received, ms) is recorded as context.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Scenario } from "../lib/context";
import { pgDataDirOf } from "../lib/context";
import { cpuText } from "../lib/cpu";
import { runPushPhase } from "../lib/load";
import { rssOf } from "../../support/processes";
import { below, info } from "../lib/report";
import { PUSH_TOKEN, serverLogNote, startWallboardServer, type RunningServer } from "../lib/server";
import { fmt, summarise } from "../lib/stats";
import { startSubscribers } from "../lib/subscribers";
import { ROOT } from "../../support/paths";

const AGENTS = 5_000;
const CLIENTS = 1_000;
const ALL_WALLS = 10;
const CAMPAIGNS = Array.from({ length: 20 }, (_, i) => `F${String(i).padStart(2, "0")}`);
const RATE = 500;
const PHASE_MS = 15_000;
const TARGET_MB = 300;
const TARGET_IDLE_MB = 200;
const MB = 1e6;
/** A shift's worth of events per agent for the live board heap figure (about one a minute for 5 hours). */
const SHIFT_EVENTS = 300;

export const fanout: Scenario = {
  id: "3 Fan-out",
  title: "Fan-out and memory: 1,000 clients, 5,000 agents",
  method: [
    `${fmt(AGENTS, 0)} agents over ${CAMPAIGNS.length} campaigns logged in (2 events each); ${fmt(CLIENTS, 0)} Socket.IO clients in 4 processes: ${CLIENTS - ALL_WALLS} on one campaign each, ${ALL_WALLS} on \`campaign:*\`.`,
    `Then ${RATE} events/s for ${PHASE_MS / 1000} s (new connection per event). Server RSS = VmRSS of the wallboard process (/proc), MB = 10^6 bytes, sampled every 250 ms; the target applies to the peak.`,
    `Live board heap (not a target): the agents here have 2–4 events each, a real board keeps more by the end of a shift (lib/agents/event-log.ts), so bench/board-heap.ts feeds the server's agent book ${SHIFT_EVENTS} events for each of ${fmt(AGENTS, 0)} agents in a process of its own and reports the heap it holds after a full GC.`,
  ].join("\n"),
  targets: [
    { name: "server RSS idle (after start)", target: `< ${TARGET_IDLE_MB} MB` },
    { name: `server RSS peak, ${fmt(CLIENTS, 0)} clients + ${fmt(AGENTS, 0)} agents`, target: `< ${TARGET_MB} MB` },
  ],
  budgetMs: 3 * 60_000,
  async run(ctx, out) {
    const db = await ctx.cluster.createDatabase("bench_fanout");
    let server: RunningServer | undefined;
    let sampler: NodeJS.Timeout | undefined;
    try {
      server = await startWallboardServer(db, ctx.cluster.dataDir);
      const srv = server;
      const pgDir = pgDataDirOf(ctx.cluster);
      let peak = 0;
      const sample = () => {
        const r = rssOf(srv.pid);
        if (r) peak = Math.max(peak, r.rss);
        return r?.rss ?? NaN;
      };
      sampler = setInterval(sample, 250);
      await new Promise((r) => setTimeout(r, 1_000));
      const idle = sample();
      ctx.log(`idle RSS ${fmt(idle / MB)} MB`);

      const epoch = Math.floor(Date.now() / 1000) - 60;
      // One session id for every phase (bench/lib/events.ts `session`): the updates continue the logins.
      const base = { url: srv.pushUrl, token: PUSH_TOKEN, agents: AGENTS, userPrefix: "f", campaigns: CAMPAIGNS, epoch, session: 1 };
      ctx.log(`logging in ${fmt(AGENTS, 0)} agents`);
      const login = await runPushPhase({ ...base, keepAlive: true, mode: "closed", workers: 2, totalConcurrency: 128, durationMs: 60_000, maxEvents: AGENTS * 2 }, srv, pgDir);
      await new Promise((r) => setTimeout(r, 1_000));
      const withAgents = sample();
      ctx.log(`  ${fmt(login.stored, 0)} events stored; RSS ${fmt(withAgents / MB)} MB`);

      ctx.log(`connecting ${fmt(CLIENTS, 0)} clients`);
      const topics = Array.from({ length: CLIENTS }, (_, i) => (i < ALL_WALLS ? "campaign:*" : `campaign:${CAMPAIGNS[i % CAMPAIGNS.length]}`));
      const subs = startSubscribers(srv.url, srv.cookie, topics, 4, 150_000);
      const ready = await subs.ready;
      await new Promise((r) => setTimeout(r, 2_000));
      const withClients = sample();
      ctx.log(`  ${ready.connected} connected, ${ready.failed} failed; RSS ${fmt(withClients / MB)} MB`);

      ctx.log(`${RATE} events/s for ${PHASE_MS / 1000} s`);
      const run = await runPushPhase(
        { ...base, login: false, counterStart: 10, keepAlive: false, mode: "open", workers: 1, totalRate: RATE, durationMs: PHASE_MS, maxEvents: (RATE * PHASE_MS) / 1000, stamp: true, recordLatency: true },
        srv,
        pgDir,
      );
      await new Promise((r) => setTimeout(r, 2_000));
      const after = sample();
      const got = await subs.stop();
      const peakAll = Math.max(peak, rssOf(srv.pid)?.peak ?? 0);
      const lat = summarise(got.latency);
      const perClient = CLIENTS - ALL_WALLS;
      const expected = run.stored * (perClient / CAMPAIGNS.length + ALL_WALLS);
      ctx.log(`  peak RSS ${fmt(peakAll / MB)} MB; delivery p50 ${fmt(lat.p50)} ms p99 ${fmt(lat.p99)} ms; ${lat.count} of ${fmt(expected, 0)} deliveries`);

      out.metrics.push(
        below("server RSS idle (after start)", idle / MB, TARGET_IDLE_MB, "MB", () => "Next.js with its React server runtime, the Prisma client and the JavaScript heap's young generation (two 16 MB semi-spaces) make most of it; see the note on the peak."),
        info(`server RSS with ${fmt(AGENTS, 0)} agents`, withAgents / MB, "MB"),
        info(`server RSS with ${fmt(CLIENTS, 0)} clients connected`, withClients / MB, "MB", `${ready.connected} connected, ${ready.failed} failed; snapshots carried ${fmt(got.snapshotAgents, 0)} agents in ${fmt(got.connectMs / 1000)} s`),
        below(`server RSS peak, ${fmt(CLIENTS, 0)} clients + ${fmt(AGENTS, 0)} agents`, peakAll / MB, TARGET_MB, "MB", () =>
          `Idle ${fmt(idle / MB)} MB (Next.js, React server runtime, Prisma client), +${fmt((withAgents - idle) / MB)} MB for the agents, +${fmt((withClients - withAgents) / MB)} MB for the clients (Socket.IO/engine.io state and WebSocket buffers per connection), peak during fan-out ${fmt(peakAll / MB)} MB (send buffers of slow clients and garbage between collections).`,
        ),
        info("server RSS after the fan-out", after / MB, "MB"),
        info(`delivery p50 / p99 at ${RATE} events/s to ${fmt(CLIENTS, 0)} clients`, lat.p99, "ms (p99)", `p50 ${fmt(lat.p50)} ms, max ${fmt(lat.max)} ms; ${fmt(lat.count, 0)} of ${fmt(expected, 0)} expected deliveries; ${cpuText(run.cpu)}`),
      );
      const board = boardHeap(AGENTS, SHIFT_EVENTS);
      out.metrics.push(
        board
          ? info(`live board heap, ${fmt(AGENTS, 0)} agents after ${SHIFT_EVENTS} events each`, board.heapBytes / MB, "MB", `${board.keptPerAgent} events kept per agent (lib/agents/event-log.ts EVENT_LOG_CAPACITY), ${fmt(board.heapBytes / board.agents / 1000, 1)} kB per agent; old-generation heap for as long as the agents are on the board`)
          : info(`live board heap, ${fmt(AGENTS, 0)} agents after ${SHIFT_EVENTS} events each`, null, "MB", "bench/board-heap.ts failed"),
      );
      if (got.failed) out.notes.push(`${got.failed} clients failed to subscribe: ${got.failures.join("; ")}`);
      if (got.disconnects) out.notes.push(`${got.disconnects} client disconnects during the run.`);
    } finally {
      clearInterval(sampler);
      const logNote = serverLogNote(server);
      if (logNote) out.notes.push(logNote);
      await server?.stop();
    }
  },
};

/** bench/board-heap.ts in a process of its own (needs --expose-gc); null when it fails. */
function boardHeap(agents: number, events: number): { agents: number; heapBytes: number; keptPerAgent: number } | null {
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", path.join("bench", "board-heap.ts"), String(agents), String(events)], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  const line = r.stdout?.trim().split("\n").at(-1);
  if (r.status !== 0 || !line) return null;
  try {
    return JSON.parse(line) as { agents: number; heapBytes: number; keptPerAgent: number };
  } catch {
    return null;
  }
}
