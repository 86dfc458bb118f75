/**
 * Scenario 4 — the board in Chromium: a wall of 500 agents receiving 200 updates/s, then a
 * wall of 1,000 agents receiving the same.
 *
 * 500 agents of one campaign log in; Debian's chromium (playwright-core, headless,
 * 1920×1080) opens /wall/<campaign>; once 500 tiles are on screen, one pusher process sends
 * 200 events/s for 20 s to those agents (new connection per event). The page records, with
 * the browser's own performance APIs, `longtask` entries (main-thread tasks ≥ 50 ms),
 * `long-animation-frame` entries, and every requestAnimationFrame timestamp (frame time =
 * interval between consecutive frames, ms; frames per second = frames ÷ recorded seconds).
 * Load-time figures are reported separately from the update phase; the targets apply to the
 * update phase. At the end the tiles' states are compared with GET /api/agents (again every
 * 250 ms, for up to 10 s, until they all match). The same is
 * then done with 1,000 agents of another campaign in a new page (minimal tiles), whose target
 * is the frame rate.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import type { Scenario } from "../lib/context";
import { pgDataDirOf } from "../lib/context";
import { cpuText } from "../lib/cpu";
import { runPushPhase } from "../lib/load";
import { atLeast, below, info, type Metric } from "../lib/report";
import { PUSH_TOKEN, serverLogNote, startWallboardServer, type RunningServer } from "../lib/server";
import { fmt, summarise } from "../lib/stats";

const AGENTS = 500;
const CAMPAIGN = "WALL";
/** The large wall: its own campaign and users, measured after the 500-agent one. */
const BIG_AGENTS = 1_000;
const BIG_CAMPAIGN = "WALL1K";
const RATE = 200;
const PHASE_MS = 20_000;
const TARGET_LONGTASK_MS = 50;
const TARGET_BIG_FPS = 30;
/** What a BENCH_WALL_TRACE trace records: DevTools' timeline (tasks, style, layout, paint) and JS samples. */
const TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "disabled-by-default-v8.cpu_profiler", "blink.user_timing"];

/** Installed before any page script: observers and a rAF loop writing into window.__bench. */
const INIT_SCRIPT = `(() => {
  const b = (window.__bench = { longtasks: [], loaf: [], frames: [], recording: false });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.loaf.push({ start: e.startTime, duration: e.duration, blocking: e.blockingDuration || 0 });
    }).observe({ type: "long-animation-frame", buffered: true });
  } catch (e) { b.loafUnsupported = true; }
  const tick = (t) => { if (b.recording) b.frames.push(t); requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})();`;

interface BenchData {
  longtasks: { start: number; duration: number }[];
  loaf: { start: number; duration: number; blocking: number }[];
  frames: number[];
  loafUnsupported?: boolean;
}

export const wall: Scenario = {
  id: "4 Wall",
  title: "The board in Chromium: 500 agents, 200 updates/s; 1,000 agents",
  method: [
    `${AGENTS} agents in campaign ${CAMPAIGN}; headless Debian chromium (playwright-core) at 1920×1080 on /wall/${CAMPAIGN}; ${RATE} events/s for ${PHASE_MS / 1000} s from a pusher process.`,
    `Then ${fmt(BIG_AGENTS, 0)} agents in campaign ${BIG_CAMPAIGN}, a new page on /wall/${BIG_CAMPAIGN}, the same ${RATE} events/s for ${PHASE_MS / 1000} s (to those agents).`,
    "From the page's own PerformanceObserver: `longtask` entries (tasks ≥ 50 ms by definition) and `long-animation-frame` entries; frame time = interval between consecutive requestAnimationFrame callbacks (ms); frames per second = rAF callbacks ÷ recorded seconds.",
    "Headless chromium renders in software (--disable-gpu) on the same 2 cores as the server, PostgreSQL and the load generator.",
  ].join("\n"),
  targets: [
    { name: "longest long task during updates", target: `< ${TARGET_LONGTASK_MS} ms (none)` },
    { name: `${fmt(BIG_AGENTS, 0)} agents: frames per second during updates`, target: `≥ ${TARGET_BIG_FPS}` },
  ],
  budgetMs: 5 * 60_000,
  async run(ctx, out) {
    const db = await ctx.cluster.createDatabase("bench_wall");
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    try {
      server = await startWallboardServer(db, ctx.cluster.dataDir);
      const srv = server;
      browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      });

      const small = await measureWall(ctx, srv, browser, AGENTS, CAMPAIGN, "w");
      out.metrics.push(
        info("wall load: 500 tiles on screen", small.loadMs, "ms", `long tasks while loading: ${small.atLoad.length}, longest ${fmt(small.longestLoad)} ms (not part of the target)`),
        info("long tasks during updates", small.during.length, "", `${fmt(small.run.stored, 0)} updates stored in ${fmt(small.run.elapsedMs / 1000)} s; ${cpuText(small.run.cpu)}`, 0),
        below("longest long task during updates", small.longest, TARGET_LONGTASK_MS, "ms", () => whyLongTasks(small.during, small.loafDuring, small.run.cpu)),
        info("frame time p50 during updates", small.frames.p50, "ms"),
        info("frame time p99 during updates", small.frames.p99, "ms", `max ${fmt(small.frames.max)} ms; ${small.frames.count} frames in ${fmt(small.recordedS)} s (${fmt(small.fps)} fps); frames over 50 ms: ${small.over50}`),
        loafMetric("long animation frames (> 50 ms) during updates", small),
        info("tiles showing the server's state at the end", small.total ? (small.matching / small.total) * 100 : null, "%", `${small.matching} of ${small.total}, ${fmt(small.settledMs / 1000)} s after the last push`),
      );
      if (small.pageErrors.length) out.notes.push(`The 500-agent page threw ${small.pageErrors.length} uncaught errors, e.g. ${small.pageErrors.slice(0, 2).join("; ")}`);

      const big = await measureWall(ctx, srv, browser, BIG_AGENTS, BIG_CAMPAIGN, "k");
      const n = fmt(BIG_AGENTS, 0);
      out.metrics.push(
        info(`${n} agents: wall load`, big.loadMs, "ms", `long tasks while loading: ${big.atLoad.length}, longest ${fmt(big.longestLoad)} ms (not part of the target)`),
        atLeast(`${n} agents: frames per second during updates`, big.fps, TARGET_BIG_FPS, "fps", () => whyFps(big), 1),
        info(`${n} agents: frame time p50 / p99 during updates`, big.frames.p99, "ms (p99)", `p50 ${fmt(big.frames.p50)} ms, max ${fmt(big.frames.max)} ms; ${big.frames.count} frames in ${fmt(big.recordedS)} s; frames over 50 ms: ${big.over50}`),
        info(`${n} agents: longest long task during updates`, big.longest, "ms", `${big.during.length} long tasks (${fmt(big.during.reduce((a, t) => a + t.duration, 0), 0)} ms in all); ${fmt(big.run.stored, 0)} updates stored in ${fmt(big.run.elapsedMs / 1000)} s; ${cpuText(big.run.cpu)}`),
        loafMetric(`${n} agents: long animation frames (> 50 ms) during updates`, big),
        info(`${n} agents: tiles showing the server's state at the end`, big.total ? (big.matching / big.total) * 100 : null, "%", `${big.matching} of ${big.total}, ${fmt(big.settledMs / 1000)} s after the last push; tile variant ${big.variant ?? "?"}`),
      );
      if (big.pageErrors.length) out.notes.push(`The ${n}-agent page threw ${big.pageErrors.length} uncaught errors, e.g. ${big.pageErrors.slice(0, 2).join("; ")}`);
    } finally {
      await browser?.close().catch(() => {});
      const logNote = serverLogNote(server);
      if (logNote) out.notes.push(logNote);
      await server?.stop();
    }
  },
};

interface WallRun {
  loadMs: number;
  atLoad: { start: number; duration: number }[];
  longestLoad: number;
  during: { start: number; duration: number }[];
  longest: number;
  loafDuring: { start: number; duration: number; blocking: number }[];
  loafUnsupported: boolean;
  frames: ReturnType<typeof summarise>;
  over50: number;
  recordedS: number;
  fps: number;
  run: Awaited<ReturnType<typeof runPushPhase>>;
  matching: number;
  total: number;
  variant: string | null;
  /** Uncaught errors of the page (none expected). */
  pageErrors: string[];
  /** ms from the last push answered to the last comparison of the tiles with the API. */
  settledMs: number;
}

/**
 * One wall: `agents` agents of `campaign` (users `<prefix><i>`) log in, a new page opens the
 * wall, and once every tile is on screen, RATE updates/s for PHASE_MS go to those agents while
 * the page records its long tasks, long animation frames and frames.
 */
async function measureWall(ctx: Parameters<Scenario["run"]>[0], srv: RunningServer, browser: Browser, agents: number, campaign: string, prefix: string): Promise<WallRun> {
  const epoch = Math.floor(Date.now() / 1000) - 60;
  // One session for both phases, so the updates continue the sessions the logins opened.
  const base = { url: srv.pushUrl, token: PUSH_TOKEN, agents, userPrefix: prefix, campaigns: [campaign], epoch, session: 1 };
  ctx.log(`logging in ${fmt(agents, 0)} agents (${campaign})`);
  await runPushPhase({ ...base, keepAlive: true, mode: "closed", workers: 1, totalConcurrency: 50, durationMs: 30_000, maxEvents: agents * 2 }, srv, pgDataDirOf(ctx.cluster));

  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    if (srv.cookie) {
      const [name, ...rest] = srv.cookie.split("=");
      await context.addCookies([{ name: name!, value: rest.join("="), url: srv.url }]);
    }
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message.split("\n")[0]!.slice(0, 200)));
    await page.addInitScript({ content: INIT_SCRIPT });
    const t0 = Date.now();
    await page.goto(`${srv.url}/wall/${campaign}`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="agent-tile"]').length >= n, agents, { timeout: 60_000 });
    const loadMs = Date.now() - t0;
    ctx.log(`wall shows ${fmt(agents, 0)} tiles after ${fmt(loadMs, 0)} ms`);
    await page.waitForTimeout(2_000);
    const mark = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { recording: boolean } }).__bench;
      b.recording = true;
      return performance.now();
    });

    ctx.log(`${RATE} updates/s for ${PHASE_MS / 1000} s`);
    // BENCH_WALL_TRACE=<dir>: a Chromium trace of the update phase, to find what the long tasks
    // hold (bench/lib/trace-top.ts sums it). Off by default: tracing slows the page.
    const traceDir = process.env["BENCH_WALL_TRACE"];
    const tracePath = traceDir ? path.join(traceDir, `wall-${agents}.json`) : null;
    if (tracePath) {
      mkdirSync(traceDir!, { recursive: true });
      await browser.startTracing(page, { path: tracePath, categories: TRACE_CATEGORIES });
    }
    const run = await runPushPhase(
      { ...base, login: false, counterStart: 10, keepAlive: false, mode: "open", workers: 1, totalRate: RATE, durationMs: PHASE_MS, maxEvents: (RATE * PHASE_MS) / 1000 },
      srv,
      pgDataDirOf(ctx.cluster),
    );
    await page.waitForTimeout(1_000);
    if (tracePath) {
      await browser.stopTracing();
      ctx.log(`  trace written to ${tracePath}`);
    }
    const data = (await page.evaluate(() => {
      const b = (window as unknown as { __bench: { recording: boolean } }).__bench;
      b.recording = false;
      return b;
    })) as unknown as BenchData;

    // Do the tiles show what the server says? A wall that batches deltas may still be applying
    // the last ones: compared again every 250 ms for up to 10 s after the last push.
    const api = (await (await fetch(`${srv.url}/api/agents?campaign=${campaign}`, { headers: srv.cookie ? { cookie: srv.cookie } : {} })).json()) as { agents: { user: string; state: string }[] };
    const shown = () => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid="agent-tile"]')].map((t) => [t.getAttribute("data-user"), t.getAttribute("data-state")])));
    let tiles = await shown();
    let matching = api.agents.filter((a) => tiles[a.user] === a.state).length;
    for (let i = 0; i < 36 && matching < api.agents.length; i++) {
      await page.waitForTimeout(250);
      tiles = await shown();
      matching = api.agents.filter((a) => tiles[a.user] === a.state).length;
    }
    const settledMs = Date.now() - run.lastAnswerAt;
    const variant = await page.getAttribute('[data-testid="agent-fit"]', "data-variant");

    const during = data.longtasks.filter((t) => t.start >= mark);
    const atLoad = data.longtasks.filter((t) => t.start < mark);
    const loafDuring = data.loaf.filter((t) => t.start >= mark);
    const intervals: number[] = [];
    for (let i = 1; i < data.frames.length; i++) intervals.push(data.frames[i]! - data.frames[i - 1]!);
    const frames = summarise(intervals);
    const longest = during.reduce((m, t) => Math.max(m, t.duration), 0);
    const longestLoad = atLoad.reduce((m, t) => Math.max(m, t.duration), 0);
    const recordedS = (data.frames.at(-1)! - data.frames[0]!) / 1000;
    const fps = frames.count / recordedS;
    ctx.log(`  long tasks during updates: ${during.length} (longest ${fmt(longest)} ms); frames p50 ${fmt(frames.p50)} ms p99 ${fmt(frames.p99)} ms, ${fmt(fps)} fps; tiles matching server ${matching}/${api.agents.length} (${Object.keys(tiles).length} tiles on the page)`);
    if (during.length > 0) ctx.log(`    long tasks at (s after the updates began: ms): ${during.slice(0, 12).map((t) => `+${fmt((t.start - mark) / 1000)}: ${fmt(t.duration)}`).join(", ")}`);
    if (pageErrors.length) ctx.log(`  page errors: ${pageErrors.slice(0, 3).join("; ")}`);
    return {
      loadMs,
      atLoad,
      longestLoad,
      during,
      longest,
      loafDuring,
      loafUnsupported: !!data.loafUnsupported,
      frames,
      over50: intervals.filter((v) => v > 50).length,
      recordedS,
      fps,
      run,
      matching,
      total: api.agents.length,
      variant,
      pageErrors,
      settledMs,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

function loafMetric(name: string, w: WallRun): Metric {
  return info(
    name,
    w.loafUnsupported ? null : w.loafDuring.filter((f) => f.duration > 50).length,
    "",
    w.loafUnsupported ? "long-animation-frame not supported by this chromium" : `longest ${fmt(w.loafDuring.reduce((m, f) => Math.max(m, f.duration), 0))} ms, total blocking ${fmt(w.loafDuring.reduce((a, f) => a + f.blocking, 0), 0)} ms`,
    0,
  );
}

function whyFps(w: WallRun): string {
  return `Frame time p50 ${fmt(w.frames.p50)} ms, p99 ${fmt(w.frames.p99)} ms; ${w.during.length} long tasks (longest ${fmt(w.longest)} ms). Each frame that applies deltas re-lays out and repaints the tiles that moved (a state change moves a tile to its state group), in software rendering on cores shared with the server (${cpuText(w.run.cpu)}).`;
}

function whyLongTasks(tasks: { duration: number }[], loaf: { duration: number; blocking: number }[], cpu: Record<string, number>): string {
  const total = tasks.reduce((a, t) => a + t.duration, 0);
  return `${tasks.length} long tasks (${fmt(total, 0)} ms in all) and ${loaf.filter((f) => f.duration > 50).length} long animation frames. Deltas are applied once per animation frame and only the tiles whose agent changed re-render; what a long task still holds is the browser's style, layout and paint of the tiles that moved (a state change moves a tile into its state group, shifting the tiles between) and the once-a-second tick of every timer, in software rendering on cores shared with the server (${cpuText(cpu)}).`;
}
