/**
 * `npm run demo`: starts the wallboard server (`tsx server.ts`) and feeds it a simulated call
 * centre over the real ingest path (POST /api/push/vicidial, as VICIdial's get2post.php does).
 *
 * Env: PORT (3000), PUSH_TOKEN (generated for this run when unset), DEMO_AGENTS (60),
 * DEMO_CAMPAIGNS (3), DEMO_SPEED (4 simulated seconds per second), DEMO_SEED (random, printed),
 * DEMO_CONCURRENCY (8 pushes in flight), DEMO_URL (push to an already running server instead
 * of starting one). Arguments after the script name are passed to server.ts (e.g. --dev).
 *
 * PBX: unless DEMO_PBX=0, a Vodia-like PBX simulator (sim/pbx/server.ts) listens on
 * 127.0.0.1:DEMO_PBX_PORT (a free port when unset) with credentials generated for this run.
 * Every roster agent's phone (extension column of the roster CSV) is an account there; a few
 * phones at a time are unregistered or on DND so mismatch flags show; the simulated customer
 * calls are mirrored onto it (sim/pbx/driver.ts). The server gets PBX_URL, PBX_USERNAME,
 * PBX_PASSWORD and CAMPAIGN_QUEUES (`CAMPAIGN=queue[,queue];...`). With DEMO_URL the
 * simulator still runs and its URL and credentials are printed for that server.
 *
 * Sources: DEMO_SOURCES picks the simulated systems, comma-separated, default
 * `vicidial,vodia`: `vicidial` (the pushes above), `vodia` (the PBX above; DEMO_PBX=0 is the
 * same as leaving it out), `xuc` (a XiVO XuC CTI server, sim/xuc) and `voipbin` (a VoIPBin
 * API, sim/voipbin), each with its own random floor of DEMO_PLATFORM_AGENTS agents (12) over
 * DEMO_PLATFORM_QUEUES queues (2), signed in with credentials generated for this run and
 * handed to the server as XUC_* / VOIPBIN_*. `DEMO_SOURCES=vicidial,vodia,xuc,voipbin` shows
 * all four on one board.
 *
 * VICIdial's database (issue 13): `vicidial-db` starts a throwaway MariaDB with VICIdial's
 * tables (Debian's mariadb-server; sim/vicidial-db/mariadb-server.ts), mirrors the simulated
 * floor into it as VICIdial's dialer would (sim/vicidial-db/follow-call-centre.ts: the same
 * agents, campaigns, in-groups and calls as the pushes) and hands the server VICIDIAL_DB_URL
 * (the read-only account), so the wall shows the dialer strip and the in-groups. It is on by
 * default when DEMO_SOURCES is unset and MariaDB is installed; without MariaDB the demo says
 * so in one line and runs without it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CallCentre, type SimEvent } from "../sim/vicidial/call-centre";
import { PbxDriver, PhoneTrouble } from "../sim/pbx/driver";
import { PbxSimulator } from "../sim/pbx/server";
import { pushEvent } from "../sim/vicidial/pusher";
import { CallCentreWorld } from "../sim/world/call-centre-world";
import { demoWorldSpec, driveRandomly } from "../sim/world/random-driver";
import { XucSimulator } from "../sim/xuc/simulator";
import { VoipbinSimulator } from "../sim/voipbin/simulator";
import { mariaDbAvailable, startMariaDb, type MariaDbServer } from "../sim/vicidial-db/mariadb-server";
import { VicidialDbDialer } from "../sim/vicidial-db/dialer";
import { CallCentreDbFollower } from "../sim/vicidial-db/follow-call-centre";
import type { SimStep } from "../sim/vicidial/call-centre";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TICK_MS = 200;
const SUMMARY_EVERY_MS = 10_000;
const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
/** Events waiting to be sent beyond this are dropped (the server is down or far too slow). */
const MAX_BACKLOG = 20_000;

function log(line: string): void {
  console.log(`[demo] ${new Date().toISOString().slice(11, 19)} ${line}`);
}

function envNumber(name: string, fallback: number, check: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!check(n)) {
    console.error(`[demo] ${name}=${raw} is not valid`);
    process.exit(2);
  }
  return n;
}

const isPositiveInt = (n: number) => Number.isInteger(n) && n > 0;
const port = envNumber("PORT", 3000, (n) => isPositiveInt(n) && n < 65536);
const agents = envNumber("DEMO_AGENTS", 60, isPositiveInt);
const campaigns = envNumber("DEMO_CAMPAIGNS", 3, isPositiveInt);
const speed = envNumber("DEMO_SPEED", 4, (n) => Number.isFinite(n) && n > 0);
const seed = envNumber("DEMO_SEED", randomInt(1, 2 ** 31), Number.isInteger);
const concurrency = envNumber("DEMO_CONCURRENCY", 8, isPositiveInt);
const externalUrl = process.env.DEMO_URL?.trim() || null;
// The demo knows the token because it is the one handing it to the server.
const tokenGenerated = !process.env.PUSH_TOKEN;
const token = process.env.PUSH_TOKEN || randomBytes(24).toString("hex");
const baseUrl = externalUrl ?? `http://localhost:${port}`;
const KNOWN_SOURCES = ["vicidial", "vodia", "xuc", "voipbin", "vicidial-db"] as const;
const sources = new Set(
  (process.env.DEMO_SOURCES?.trim() || "vicidial,vodia")
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean),
);
for (const s of sources) {
  if (!(KNOWN_SOURCES as readonly string[]).includes(s)) {
    console.error(`[demo] DEMO_SOURCES: unknown source "${s}" (known: ${KNOWN_SOURCES.join(", ")})`);
    process.exit(2);
  }
}
const vicidialEnabled = sources.has("vicidial");
/** The simulated VICIdial database: asked for, or by default when MariaDB is installed. */
const dbAsked = sources.has("vicidial-db") || !process.env.DEMO_SOURCES?.trim();
let maria: MariaDbServer | null = null;
let dbFollower: CallCentreDbFollower | null = null;
let dbChain: Promise<void> = Promise.resolve();
let dbPending = 0;
let dbFailures = 0;
/** Steps waiting for the database beyond this: the mirror is stopped (the database is far too slow). */
const MAX_DB_PENDING = 100;
const pbxEnabled = sources.has("vodia") && !["0", "false", "off", "no"].includes((process.env.DEMO_PBX ?? "").trim().toLowerCase());
const platformAgents = envNumber("DEMO_PLATFORM_AGENTS", 12, isPositiveInt);
const platformQueues = envNumber("DEMO_PLATFORM_QUEUES", 2, (n) => isPositiveInt(n) && n <= 4);
const platformPassword = randomBytes(12).toString("hex");
const xucSim = sources.has("xuc") ? new XucSimulator({ world: platformWorld("xuc"), login: "wallboard", password: platformPassword, noise: true, seed }) : null;
const voipbinSim = sources.has("voipbin") ? new VoipbinSimulator({ world: platformWorld("voipbin"), username: "wallboard", password: platformPassword, noise: true, seed }) : null;

/**
 * A random floor for one platform simulator. Each platform gets its own people, phones and
 * queue names, so a board showing several platforms never shows the same name twice.
 */
function platformWorld(kind: "xuc" | "voipbin"): CallCentreWorld {
  const spec = demoWorldSpec(platformAgents, platformQueues);
  const first = kind === "xuc" ? ["Mia", "Noah", "Olga", "Pau", "Quinn", "Rosa"] : ["Sven", "Tara", "Uma", "Viktor", "Wen", "Yara"];
  const last = kind === "xuc" ? ["Martin", "Bernard", "Dubois", "Moreau"] : ["Schmidt", "Novak", "Silva", "Kowal"];
  const phoneBase = kind === "xuc" ? 6000 : 7000;
  const queueNames = kind === "xuc" ? ["XiVO Sales", "XiVO Support", "XiVO Billing", "XiVO Retention"] : ["VoIPBin Orders", "VoIPBin Returns", "VoIPBin Billing", "VoIPBin Care"];
  return new CallCentreWorld({
    queues: spec.queues.map((q, i) => ({ ...q, displayName: queueNames[i]! })),
    agents: spec.agents.map((a, i) => ({ ...a, firstName: first[i % first.length]!, lastName: last[Math.floor(i / first.length) % last.length]!, phone: String(phoneBase + i + 1) })),
  });
}

/** The platform link variables for the server, for the simulators that run. */
function platformEnv(): Record<string, string> {
  return {
    ...(xucSim ? { XUC_URL: xucSim.url, XUC_LOGIN: "wallboard", XUC_PASSWORD: platformPassword } : {}),
    ...(voipbinSim ? { VOIPBIN_URL: voipbinSim.url, VOIPBIN_CUSTOMER_ID: voipbinSim.customerId, VOIPBIN_USERNAME: "wallboard", VOIPBIN_PASSWORD: platformPassword } : {}),
  };
}

/** Starts the platform simulators and their random floors (one change per second at speed 1). */
async function startPlatforms(): Promise<void> {
  const stepMs = Math.max(100, Math.round(1000 / speed));
  for (const [name, sim] of [["XuC", xucSim], ["VoIPBin", voipbinSim]] as const) {
    if (!sim) continue;
    await sim.start();
    driveRandomly(sim.world, { seed, intervalMs: stepMs });
    log(`${name} simulator on ${sim.url} (${platformAgents} agents, ${platformQueues} queues)`);
  }
  if (externalUrl && (xucSim || voipbinSim)) log(`  configure that server with ${Object.entries(platformEnv()).map(([k, v]) => `${k}=${v}`).join(" ")}`);
}
const pbxPort = envNumber("DEMO_PBX_PORT", 0, (n) => Number.isInteger(n) && n >= 0 && n < 65536);
/** Agents' phones: 2001, 2002, ...; the PBX domain they live in. */
const PBX_DOMAIN = "localhost";
const PBX_USERNAME = "wallboard";
const pbxPassword = randomBytes(12).toString("hex");
const pbxSim = pbxEnabled ? new PbxSimulator({ username: PBX_USERNAME, password: pbxPassword, domain: PBX_DOMAIN }) : null;

let child: ChildProcess | null = null;
let childExit: Promise<number> = Promise.resolve(0);
let stopping = false;

/**
 * Writes the simulated agents' roster (names, campaigns, teams) as a CSV for ROSTER_CSV, so
 * the board shows full names as it would with a real roster.
 */
function writeDemoRoster(): string {
  const dir = path.resolve(ROOT, DEMO_DATA_DIR);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "demo-roster.csv");
  const rows = new CallCentre({ agents, campaigns, seed, speed }).roster();
  const cell = (v: string | null) => `"${(v ?? "").replace(/"/g, '""')}"`;
  writeFileSync(
    file,
    ["user,full_name,campaign,team,extension", ...rows.map((r) => [r.user, r.fullName, r.campaign, r.team, r.extension].map(cell).join(","))].join("\n"),
  );
  return file;
}

/** `SUPPORT=700;CAMP04=701` for CAMPAIGN_QUEUES: the PBX queue of each inbound campaign. */
function campaignQueuesEnv(): string {
  const queues = new CallCentre({ agents, campaigns, seed, speed }).campaignQueues();
  return Object.entries(queues)
    .map(([campaign, queue]) => `${campaign}=${queue}`)
    .join(";");
}

/**
 * Names the demo's queues after their campaigns ("Customer support line"), as an admin would
 * under Admin → Campaigns & queues, so walls show a queue's name rather than "700". Uses the
 * admin API like a browser: sign in, read the CSRF token, PUT each queue.
 */
async function nameQueues(): Promise<void> {
  const cc = new CallCentre({ agents, campaigns, seed, speed });
  const queues = cc.campaignQueues();
  if (Object.keys(queues).length === 0) return;
  const headers = { "content-type": "application/json", origin: baseUrl };
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers, body: JSON.stringify({ username: "admin", password: DEMO_ADMIN_PASSWORD }) });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  if (!login.ok || !cookie) throw new Error(`sign-in as admin refused (${login.status})`);
  const me = (await (await fetch(`${baseUrl}/api/auth/me`, { headers: { cookie } })).json()) as { csrf?: string };
  for (const [campaign, queue] of Object.entries(queues)) {
    const name = `${cc.campaigns.find((c) => c.id === campaign)?.name ?? campaign} line`;
    const res = await fetch(`${baseUrl}/api/admin/queues`, {
      method: "PUT",
      headers: { ...headers, cookie, "x-csrf-token": me.csrf ?? "" },
      body: JSON.stringify({ id: queue, name, serviceLevelSec: 20, campaigns: [campaign] }),
    });
    if (!res.ok) throw new Error(`naming queue ${queue}: ${res.status} ${await res.text()}`);
  }
}

/** The PBX variables for the server, when the simulator runs. */
function pbxEnv(): Record<string, string> {
  if (!pbxSim) return {};
  return {
    PBX_URL: pbxSim.url(PBX_DOMAIN, "wallboard"),
    PBX_USERNAME,
    PBX_PASSWORD: pbxPassword,
    CAMPAIGN_QUEUES: campaignQueuesEnv(),
  };
}


/** Where the demo's embedded PostgreSQL lives (DATA_DIR overrides). */
const DEMO_DATA_DIR = process.env.DATA_DIR ?? ".data/demo";
/** The demo admin's password (used only when the demo database is created). */
const DEMO_ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? "demo-admin-password";

function startServer(): void {
  const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
  const roster = process.env.ROSTER_CSV ?? writeDemoRoster();
  // Own process group: a terminal Ctrl-C then reaches the server once, forwarded by us, not twice.
  child = spawn(process.execPath, [tsxCli, "server.ts", ...process.argv.slice(2)], {
    cwd: ROOT,
    env: {
      // The demo keeps its own embedded database, so its simulated data never mixes with a
      // real install's, and its admin password is known.
      DATA_DIR: DEMO_DATA_DIR,
      EMBEDDED_PG_PORT: "54339",
      ADMIN_PASSWORD: DEMO_ADMIN_PASSWORD,
      ...process.env,
      PORT: String(port),
      PUSH_TOKEN: token,
      ROSTER_CSV: roster,
      ...pbxEnv(),
      ...platformEnv(),
      ...(maria ? { VICIDIAL_DB_URL: maria.readOnlyUrl } : {}),
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const c = child;
  childExit = new Promise((resolve) => {
    c.on("exit", (code, signal) => {
      child = null;
      if (!stopping) {
        log(`server exited on its own (${signal ?? `code ${code}`}); stopping the demo`);
        void stop(null, code === 0 || code === null ? 1 : code);
      }
      resolve(code ?? (signal ? 1 : 0));
    });
  });
  c.on("error", (err) => {
    log(`cannot start the server: ${err.message}`);
    process.exit(1);
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const get = url.startsWith("https:") ? https.get : http.get;
    const req = get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve(0));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

async function waitForHealth(): Promise<boolean> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!stopping && Date.now() < deadline) {
    if ((await getStatus(`${baseUrl}/healthz`)) === 200) return true;
    if (!externalUrl && child === null) return false;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

// -- sending ---------------------------------------------------------------------------------
// One FIFO per agent, several agents in flight at once: each agent's events leave in counter
// order (the receiver must still cope with reordering, which AJAX causes in production).

const backlog = new Map<string, SimEvent[]>();
const inFlight = new Set<string>();
let queued = 0;
const stats = { sent: 0, non200: 0, failed: 0, dropped: 0, statusCounts: new Map<number, number>() };
let lastError = "";

function enqueue(events: readonly SimEvent[]): void {
  for (const ev of events) {
    if (queued >= MAX_BACKLOG) {
      stats.dropped++;
      continue;
    }
    let q = backlog.get(ev.user);
    if (!q) backlog.set(ev.user, (q = []));
    q.push(ev);
    queued++;
  }
  pump();
}

function pump(): void {
  if (stopping) return;
  for (const [user, q] of backlog) {
    if (inFlight.size >= concurrency) return;
    if (inFlight.has(user) || q.length === 0) continue;
    const ev = q.shift()!;
    queued--;
    if (q.length === 0) backlog.delete(user);
    inFlight.add(user);
    pushEvent(baseUrl, token, ev)
      .then((status) => {
        stats.sent++;
        stats.statusCounts.set(status, (stats.statusCounts.get(status) ?? 0) + 1);
        if (status !== 200) stats.non200++;
      })
      .catch((err: unknown) => {
        // Connection refused while the server restarts, timeouts: count it and go on.
        stats.sent++;
        stats.non200++;
        stats.failed++;
        lastError = err instanceof Error ? err.message : String(err);
      })
      .finally(() => {
        inFlight.delete(user);
        pump();
      });
  }
}

// -- main ------------------------------------------------------------------------------------

let tick: NodeJS.Timeout | null = null;
let summary: NodeJS.Timeout | null = null;

async function stop(signal: NodeJS.Signals | null, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (tick) clearInterval(tick);
  if (summary) clearInterval(summary);
  const running = child;
  if (running?.pid !== undefined) {
    log(`stopping the server (${signal ?? "SIGTERM"})`);
    running.kill(signal ?? "SIGTERM");
    const timer = setTimeout(() => {
      log(`server still running after ${STOP_TIMEOUT_MS / 1000} s; killing it`);
      killGroup("SIGKILL");
    }, STOP_TIMEOUT_MS);
    const code = await childExit;
    clearTimeout(timer);
    // Stopped on request: the demo's outcome is whether the server shut down cleanly.
    if (signal !== null || exitCode === 0) exitCode = code;
  }
  // After the server, so it does not see its PBX "crash" while shutting down.
  await pbxSim?.stop();
  await xucSim?.stop();
  await voipbinSim?.stop();
  await dbChain.catch(() => undefined);
  await maria?.destroy().catch(() => undefined);
  printSummary();
  process.exit(exitCode);
}

function killGroup(signal: NodeJS.Signals): void {
  const pid = child?.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let previousSent = 0;
let centre: CallCentre | null = null;
let phoneTrouble: PhoneTrouble | null = null;
let pbxFailures = 0;

/**
 * Starts the PBX simulator with every roster phone registered (plus a reception line that no
 * agent owns), before the server is started so PBX_URL is known and the first domain-state
 * is complete.
 */
async function startPbx(): Promise<void> {
  if (!pbxSim) return;
  await pbxSim.start(pbxPort || undefined);
  for (const r of new CallCentre({ agents, campaigns, seed, speed }).roster()) pbxSim.addAccount(r.extension, { name: r.fullName });
  pbxSim.addAccount("100", { name: "Reception" });
  const queues = campaignQueuesEnv();
  log(`PBX simulator on ${pbxSim.url(PBX_DOMAIN, "wallboard")}${queues ? `, queues ${queues}` : ""}`);
  if (externalUrl) log(`  configure that server with PBX_URL=${pbxSim.url(PBX_DOMAIN, "wallboard")} PBX_USERNAME=${PBX_USERNAME} PBX_PASSWORD=${pbxPassword} CAMPAIGN_QUEUES="${queues}"`);
}

/**
 * Starts the simulated VICIdial database (before the server, so VICIDIAL_DB_URL is known), or
 * says in one line why not.
 */
async function startVicidialDb(): Promise<void> {
  if (!dbAsked) return;
  if (externalUrl) return log("VICIdial database: not simulated with DEMO_URL (the server there has its own VICIDIAL_DB_URL)");
  if (!mariaDbAvailable()) return log("VICIdial database: skipped, MariaDB is not installed (apt-get install -y mariadb-server adds the dialer strip and in-groups)");
  try {
    maria = await startMariaDb();
    log(`VICIdial database (MariaDB) on 127.0.0.1:${maria.port}, database ${maria.database}, read-only user ${maria.readOnlyUser}`);
  } catch (err) {
    log(`VICIdial database: skipped, MariaDB did not start (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`);
  }
}

/** Mirrors the floor into the VICIdial database: the same campaigns, in-groups, agents and calls as the pushes. */
async function followInDatabase(cc: CallCentre): Promise<void> {
  if (!maria) return;
  const admin = await maria.admin();
  const dialer = new VicidialDbDialer(admin, { agentLogIds: "external", seed });
  const follower = new CallCentreDbFollower(dialer, cc, { hopperLevel: 50, hopperEveryMs: 30_000, statsEveryMs: 15_000 });
  await follower.install();
  dbFollower = follower;
  log("VICIdial database follows the floor (dialer, hopper, in-groups, vicidial_live_agents)");
}

/** Queues one step for the database mirror, in order; never blocks the tick. */
function mirrorStep(step: SimStep, now: number): void {
  const follower = dbFollower;
  if (!follower) return;
  if (dbPending >= MAX_DB_PENDING) {
    dbFollower = null;
    log(`VICIdial database mirror stopped: ${dbPending} steps waiting (the database is too slow)`);
    return;
  }
  dbPending++;
  dbChain = dbChain
    .then(() => follower.apply(step, now))
    .catch((err: unknown) => {
      if (dbFailures++ === 0) log(`VICIdial database mirror: ${err instanceof Error ? err.message : String(err)} (further errors counted silently)`);
    })
    .finally(() => dbPending--);
}

/** One tick of the simulated floor: agent events to the push queue, calls to the PBX and the VICIdial database. */
function runTick(cc: CallCentre, driver: PbxDriver | null): void {
  const now = Date.now();
  const step = cc.advance(now);
  enqueue(step.agentEvents);
  mirrorStep(step, now);
  if (!driver) return;
  try {
    driver.handleAll(step.callEvents);
    phoneTrouble?.tick(now);
  } catch (err) {
    // A model/PBX disagreement must not stop the VICIdial side of the demo.
    if (pbxFailures++ === 0) log(`PBX simulator: ${err instanceof Error ? err.message : String(err)} (further errors counted silently)`);
  }
}

function printSummary(): void {
  const delta = stats.sent - previousSent;
  previousSent = stats.sent;
  const statuses = [...stats.statusCounts].map(([s, n]) => `${s}×${n}`).join(" ");
  let floor = "";
  if (centre) {
    const snap = centre.snapshot();
    const by = new Map<string, number>();
    for (const a of snap.agents) if (a.status !== "LOGGED_OUT") by.set(a.status, (by.get(a.status) ?? 0) + 1);
    const loggedIn = [...by.values()].reduce((s, n) => s + n, 0);
    floor = ` | ${loggedIn} agents in (${[...by].map(([s, n]) => `${s} ${n}`).join(", ")}), ${snap.waiting.length} calls waiting`;
  }
  const pbxErrors = (pbxFailures > 0 ? ` | PBX driver errors ${pbxFailures}` : "") + (dbFollower ? ` | VICIdial DB: ${dbPending} steps pending${dbFailures ? `, ${dbFailures} errors` : ""}` : "");
  const failure = stats.failed > 0 && lastError ? ` (connection failures ${stats.failed}, last: ${lastError})` : "";
  const dropped = stats.dropped > 0 ? `, dropped ${stats.dropped}` : "";
  const pbx = pbxSim
    ? ` | PBX: ${pbxSim.clients()} client(s), ${pbxSim.activeCalls().length} calls, ${pbxSim.framesSent} frames sent, phones in trouble ${phoneTrouble?.current().join(" ") || "none"}`
    : "";
  log(`events sent ${stats.sent} (+${delta}), non-200 ${stats.non200}${failure}, backlog ${queued}${dropped} [${statuses}]${floor}${pbx}${pbxErrors}`);
}

async function main(): Promise<void> {
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      // A second Ctrl-C while waiting for the server: do not wait any longer.
      if (stopping) killGroup("SIGKILL");
      void stop(sig === "SIGHUP" ? "SIGTERM" : sig, 0);
    });
  }
  // Never leave an orphaned server behind, whatever ends this process.
  process.on("exit", () => killGroup("SIGKILL"));

  await startPbx();
  await startPlatforms();
  await startVicidialDb();
  if (externalUrl) {
    log(`pushing to ${externalUrl} (DEMO_URL set; not starting a server)`);
  } else {
    log(`starting the wallboard server on port ${port}${tokenGenerated ? " with a PUSH_TOKEN generated for this run" : ""}`);
    startServer();
  }
  if (!(await waitForHealth())) {
    if (stopping) return;
    log(`${baseUrl}/healthz did not answer 200 within ${HEALTH_TIMEOUT_MS / 1000} s`);
    return stop(null, 1);
  }
  log(`wallboard is up: open ${externalUrl ?? `http://localhost:${port}/`} in a browser`);
  if (!externalUrl) log(`sign in as "admin" with password "${DEMO_ADMIN_PASSWORD}" (the demo's own database in ${DEMO_DATA_DIR})`);
  if (!externalUrl && pbxSim) await nameQueues().catch((err: unknown) => log(`queues keep their ids as names: ${err instanceof Error ? err.message : String(err)}`));
  log(`sources: ${[...sources, ...(maria && !sources.has("vicidial-db") ? ["vicidial-db"] : [])].join(", ")}`);
  if (!vicidialEnabled) return;
  log(`simulating ${agents} VICIdial agents in ${campaigns} campaigns at ${speed}x speed, seed ${seed} (DEMO_SEED=${seed} replays it)`);

  centre = new CallCentre({ agents, campaigns, seed, speed, startMs: Date.now() });
  const cc = centre;
  await followInDatabase(cc).catch((err: unknown) => log(`VICIdial database: not followed (${err instanceof Error ? err.message : String(err)})`));
  const driver = pbxSim ? PbxDriver.fromCentre(pbxSim, cc) : null;
  if (pbxSim) phoneTrouble = new PhoneTrouble(pbxSim, cc.roster().map((r) => r.extension), { seed, share: 0.06, everyMs: 20_000 });
  tick = setInterval(() => runTick(cc, driver), TICK_MS);
  summary = setInterval(printSummary, SUMMARY_EVERY_MS);
}

main().catch((err: unknown) => {
  console.error("[demo] failed:", err);
  void stop(null, 1);
});
