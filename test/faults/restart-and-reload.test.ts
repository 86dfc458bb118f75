/**
 * Never lose a push (issue 12 §§1–2): a pusher sends 100 events/s, each on a new connection as
 * get2post.php does, while the server is stopped and started on a built tree (the gap must be
 * at most 2 s), and while `npm run reload` replaces the worker (no push may fail at all).
 * Every acknowledged event must be in PostgreSQL exactly once.
 */
import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { createTestDatabase, query } from "../support/database";
import { startSteadyPusher, type PushAttempt } from "../../support/agent-push";
import { ROOT } from "../../support/paths";
import { freePort } from "../../support/ports";
import { startServer, type TestServer } from "../support/server";
import { startSocketUnit, type SocketUnit } from "../support/socket-unit";

const servers: TestServer[] = [];
const units: SocketUnit[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  for (const u of units) await u.close();
});

/** Acknowledged events must be stored exactly once each. */
async function expectAcknowledgedStoredOnce(databaseUrl: string, attempts: PushAttempt[]): Promise<void> {
  const acked = attempts.filter((a) => a.result.status === 200);
  const rows = await query<{ agent_user: string; epoch: string; counter: number; n: number }>(
    databaseUrl,
    "SELECT agent_user, epoch::text, counter, count(*)::int AS n FROM agent_event GROUP BY agent_user, epoch, counter",
  );
  const stored = new Map(rows.map((r) => [`${r.agent_user}|${r.epoch}|${r.counter}`, r.n]));
  const missing = acked.filter((a) => !stored.has(`${a.event.user}|${a.event.epoch}|${a.event.counter}`));
  expect(missing.map((m) => m.event), "acknowledged but not stored").toEqual([]);
  expect(rows.filter((r) => r.n !== 1), "stored more than once").toEqual([]);
}

describe("restart on a built tree", () => {
  it("stop and start leave the push URL dead for at most 2 s, and lose nothing acknowledged", { timeout: 120_000 }, async () => {
    const databaseUrl = await createTestDatabase();
    const port = await freePort();
    let server = await startServer({ databaseUrl, port });
    const pusher = startSteadyPusher({ target: () => server.url, token: server.pushToken, rate: 100, agents: 20, userPrefix: "rs", campaign: "RESTART", timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const stopAt = Date.now();
    await server.stop();
    server = await startServer({ databaseUrl, port });
    servers.push(server);
    await new Promise((r) => setTimeout(r, 2000));
    const attempts = await pusher.stop();
    const failed = attempts.filter((a) => a.result.status !== 200);
    const after = attempts.filter((a) => a.sentAt >= stopAt);
    const firstFailure = Math.min(...failed.map((a) => a.sentAt), Infinity);
    const firstOkAfter = after.find((a) => a.result.status === 200 && a.sentAt > (Number.isFinite(firstFailure) ? firstFailure : stopAt));
    const gapMs = Number.isFinite(firstFailure) ? firstOkAfter!.sentAt - firstFailure : 0;
    console.log(`restart: ${attempts.length} pushes, ${failed.length} failed (${[...new Set(failed.map((f) => f.result.error ?? f.result.status))].join(", ")}), gap ${gapMs} ms`);
    expect(firstOkAfter, "pushes are answered again after the restart").toBeDefined();
    expect(gapMs).toBeLessThanOrEqual(2000);
    await expectAcknowledgedStoredOnce(databaseUrl, attempts);
  });
});

describe("npm run reload", () => {
  it("replaces the worker under load with zero refused, failed or unanswered pushes", { timeout: 180_000 }, async () => {
    const databaseUrl = await createTestDatabase();
    const server = await startServer({ databaseUrl });
    servers.push(server);
    const workerBefore = server.pid;
    const pusher = startSteadyPusher({ target: () => server.url, token: server.pushToken, rate: 100, agents: 20, userPrefix: "rl", campaign: "RELOAD", timeoutMs: 30_000 });
    await new Promise((r) => setTimeout(r, 1500));
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts", "reload.ts")], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: server.dataDir, ENV_FILE: path.join(server.dataDir, "no.env") },
      timeout: 150_000,
    });
    expect(stdout).toMatch(/reloaded: worker (\d+) serving/);
    const workerAfter = Number(/reloaded: worker (\d+) serving/.exec(stdout)![1]);
    expect(workerAfter).not.toBe(workerBefore);
    await new Promise((r) => setTimeout(r, 1500));
    const attempts = await pusher.stop();
    const failed = attempts.filter((a) => a.result.status !== 200);
    console.log(`reload: ${attempts.length} pushes, ${failed.length} not answered 200`);
    expect(attempts.length).toBeGreaterThan(300);
    expect(failed.map((f) => f.result)).toEqual([]);
    await expectAcknowledgedStoredOnce(databaseUrl, attempts);
    // The new worker serves pages and the board.
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe("restart on the socket of a systemd socket unit (deploy/wallboard.socket)", () => {
  it("a stop and a start refuse no push and fail none: they wait in the socket's queue and are answered by the new process", { timeout: 180_000 }, async () => {
    const databaseUrl = await createTestDatabase();
    const unit = await startSocketUnit({ databaseUrl });
    units.push(unit);
    await unit.start();
    // get2post.php sets no curl timeout: a push waits as long as the restart takes.
    const pusher = startSteadyPusher({ target: () => unit.url, token: unit.pushToken, rate: 100, agents: 20, userPrefix: "sa", campaign: "SOCKET", timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const stopAt = Date.now();
    expect(await unit.stop(), "the service's exit code after SIGTERM").toBe(0);
    await unit.start();
    const restartMs = Date.now() - stopAt;
    await new Promise((r) => setTimeout(r, 2000));
    const attempts = await pusher.stop();
    const failed = attempts.filter((a) => a.result.status !== 200);
    const duringRestart = attempts.filter((a) => a.sentAt >= stopAt && a.sentAt < stopAt + restartMs);
    const slowest = Math.max(...attempts.map((a) => a.answeredAt - a.sentAt));
    console.log(`socket unit restart: ${attempts.length} pushes, ${duringRestart.length} sent during the ${restartMs} ms restart, ${failed.length} not answered 200, slowest answer ${slowest} ms`);
    expect(duringRestart.length, "pushes were sent while no process was running").toBeGreaterThan(20);
    expect(failed.map((f) => f.result)).toEqual([]);
    await expectAcknowledgedStoredOnce(databaseUrl, attempts);
  });

  it("a worker killed with kill -9: the primary exits 1, the unit restarts it on the same socket, and no push is refused", { timeout: 180_000 }, async () => {
    const databaseUrl = await createTestDatabase();
    const unit = await startSocketUnit({ databaseUrl });
    units.push(unit);
    const workerPid = await unit.start();
    const pusher = startSteadyPusher({ target: () => unit.url, token: unit.pushToken, rate: 100, agents: 20, userPrefix: "sk", campaign: "SOCKET", timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 2000));
    const exited = unit.exited();
    const killedAt = Date.now();
    process.kill(workerPid, "SIGKILL");
    expect(await exited, "the primary's exit code once its worker died").toBe(1);
    const newWorker = await unit.ready();
    expect(newWorker).not.toBe(workerPid);
    await new Promise((r) => setTimeout(r, 2000));
    const attempts = await pusher.stop();
    const failed = attempts.filter((a) => a.result.status !== 200);
    console.log(`socket unit kill -9: ${attempts.length} pushes, ${failed.length} not answered 200 (${[...new Set(failed.map((f) => f.result.error ?? f.result.status))].join(", ")})`);
    // Only the connections the killed worker had accepted can be lost (reset, never acknowledged).
    expect(failed.filter((f) => f.result.error !== "ECONNRESET" && f.result.error !== "socket hang up"), "refused or failed other than by the kill").toEqual([]);
    expect(failed.filter((f) => f.sentAt > killedAt + 1000), "failures after the worker's own connections were reset").toEqual([]);
    await expectAcknowledgedStoredOnce(databaseUrl, attempts);
  });
});
