/**
 * The VICIdial database poller under failure, against a real MariaDB: a table lock makes a
 * poll time out on the server's clock and be reported, never hang, then recover; a stalled
 * network path is cut by the client-side timeout; a stopped server puts the source down with
 * a capped, growing backoff and a restarted one brings it back; stop() is prompt; nothing of
 * this escapes as an exception.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VicidialDbDialer } from "../../sim/vicidial-db/dialer";
import { VicidialDbPoller, type VicidialDbStatus } from "../../lib/sources/vicidial-db/poller";
import { startMariaDb, type MariaDbServer } from "../support/mariadb";
import { startStallProxy } from "../support/stall-proxy";
import { dbNowMs, testConfig, waitFor } from "../support/vicidial-db";

let server: MariaDbServer;
const pollers: VicidialDbPoller[] = [];
const escaped: unknown[] = [];
const onEscape = (err: unknown) => escaped.push(err);

function track(p: VicidialDbPoller): VicidialDbPoller {
  pollers.push(p);
  return p;
}

beforeAll(async () => {
  process.on("unhandledRejection", onEscape);
  process.on("uncaughtException", onEscape);
  server = await startMariaDb();
  // Closed before the tests: the outage test stops the server under every open connection.
  const admin = await server.admin();
  try {
    const dialer = new VicidialDbDialer(admin);
    await dialer.install({
      campaigns: [{ id: "SALES", name: "Sales", dialMethod: "RATIO", dialLevel: "1.5", hopperLevel: 5, dialableLeads: 100 }],
      users: [{ user: "1001", fullName: "Olivia Johnson" }],
    });
    await dialer.login("1001", "SALES", await dbNowMs(admin));
  } finally {
    await admin.end();
  }
});

afterEach(async () => {
  while (pollers.length > 0) await pollers.pop()!.stop();
  expect(escaped).toEqual([]);
});

afterAll(async () => {
  process.off("unhandledRejection", onEscape);
  process.off("uncaughtException", onEscape);
  await server?.destroy();
});

describe("a table lock", () => {
  it("makes the poll time out on the server within its budget, is reported, never blocks the event loop, and recovers", async () => {
    const statuses: VicidialDbStatus[] = [];
    let snapshots = 0;
    const p = track(
      new VicidialDbPoller(testConfig(server.readOnlyUrl, { statementTimeoutMs: 500 }), {
        onSnapshot: () => void snapshots++,
        onStatus: (s) => statuses.push(s),
      }),
    );
    p.start();
    await waitFor(() => p.status().state === "up", 5000, "first poll");

    const locker = await server.admin();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      await locker.query("LOCK TABLES vicidial_live_agents WRITE");
      const lockedAt = Date.now();
      await waitFor(() => p.status().state === "down", 5000, "the source to go down");
      const downAfter = Date.now() - lockedAt;
      const err = p.status().lastError!;
      expect(err.kind).toBe("timeout");
      // Cut by MariaDB's max_statement_time (error 1969), not by the client's backstop.
      expect(err.code).toBe("ER_STATEMENT_TIMEOUT");
      // One poll budget (500 ms) plus at most one poll interval before it started, plus slack
      // for a loaded machine; the client's backstop alone would need 1 s more (and another code).
      expect(downAfter).toBeLessThan(500 + 250 + 800);
      expect(statuses.at(-1)).toMatchObject({ state: "down", consecutiveFailures: 1 });
      expect(statuses.at(-1)!.nextPollAt).not.toBeNull();
      // Still down while the lock holds, retrying with backoff.
      await waitFor(() => p.status().consecutiveFailures >= 2, 5000, "a second failure");
      expect(ticks).toBeGreaterThan((Date.now() - lockedAt) / 20 / 2);
    } finally {
      clearInterval(ticker);
      await locker.query("UNLOCK TABLES");
      await locker.end();
    }
    const before = snapshots;
    await waitFor(() => p.status().state === "up", 5000, "recovery");
    expect(snapshots).toBeGreaterThan(before);
    expect(p.status()).toMatchObject({ consecutiveFailures: 0, lastError: { kind: "timeout" } });
    expect(p.status().lastPollAt!).toBeGreaterThan(p.status().lastError!.atMs);
    expect(p.latest()!.agents.map((a) => a.user)).toEqual(["1001"]);
  });

  it("lets stop() return at once while a poll waits on the lock", async () => {
    const p = track(new VicidialDbPoller(testConfig(server.readOnlyUrl, { statementTimeoutMs: 10_000 })));
    const locker = await server.admin();
    try {
      await locker.query("LOCK TABLES vicidial_campaigns WRITE");
      p.start();
      await new Promise((r) => setTimeout(r, 300));
      expect(p.status().state).toBe("connecting");
      const t0 = Date.now();
      await p.stop();
      expect(Date.now() - t0).toBeLessThan(500);
      expect(p.status().state).toBe("stopped");
      expect(p.status().nextPollAt).toBeNull();
    } finally {
      await locker.query("UNLOCK TABLES");
      await locker.end();
    }
    // A stopped poller does not poll again.
    expect(await p.pollOnce()).toBeNull();
  });
});

describe("a stalled network path", () => {
  it("is cut by the client-side timeout (the server never answers), then by the connect timeout, and recovers when it flows again", async () => {
    const proxy = await startStallProxy(server.port);
    try {
      const url = server.readOnlyUrl.replace(`:${server.port}/`, `:${proxy.port}/`);
      const p = track(new VicidialDbPoller(testConfig(url, { statementTimeoutMs: 300, connectTimeoutMs: 600, backoffMaxMs: 1000 })));
      p.start();
      await waitFor(() => p.status().state === "up", 5000, "first poll");
      proxy.stall();
      const stalledAt = Date.now();
      await waitFor(() => p.status().state === "down", 5000, "the stall to be noticed");
      // 300 ms budget + 1000 ms client grace + up to one interval, plus slack.
      expect(Date.now() - stalledAt).toBeLessThan(300 + 1000 + 250 + 800);
      expect(p.status().lastError).toMatchObject({ kind: "timeout", code: "PROTOCOL_SEQUENCE_TIMEOUT" });
      // The next attempt opens a new connection, which cannot complete its handshake.
      await waitFor(() => p.status().lastError?.code === "ETIMEDOUT", 6000, "a connect timeout");
      expect(p.status().lastError!.kind).toBe("timeout");
      proxy.thaw();
      await waitFor(() => p.status().state === "up", 6000, "recovery");
    } finally {
      await proxy.close();
    }
  });
});

describe("a database outage", () => {
  it("puts the source down with a capped, growing backoff, and recovers when the server is back", async () => {
    const statuses: VicidialDbStatus[] = [];
    const delays: number[] = [];
    const p = track(
      new VicidialDbPoller(
        testConfig(server.readOnlyUrl, { pollMs: 250, backoffBaseMs: 250, backoffMaxMs: 1000 }),
        {
          onStatus: (s) => {
            statuses.push(s);
            if (s.state === "down" && s.nextPollAt !== null) delays.push(s.nextPollAt - Date.now());
          },
        },
        // Jitter pinned to the middle: each delay is 3/4 of min(1000, 250 × 2^(n−1)).
        { random: () => 0.5 },
      ),
    );
    p.start();
    await waitFor(() => p.status().state === "up", 5000, "first poll");

    await server.stop();
    await waitFor(() => p.status().consecutiveFailures >= 5, 10_000, "five failed polls");
    expect(p.status().state).toBe("down");
    expect(p.status().lastError).toMatchObject({ kind: "connect", code: "ECONNREFUSED" });
    // The first failure was the connection breaking under the poller.
    expect(["lost", "connect"]).toContain(statuses.find((s) => s.state === "down")!.lastError!.kind);
    expect(statuses.filter((s) => s.state === "up").length).toBe(1);
    const expected = [188, 375, 750, 750, 750];
    expect(delays.length).toBeGreaterThanOrEqual(5);
    delays.slice(0, 5).forEach((d, i) => {
      expect(d).toBeGreaterThan(expected[i]! - 40);
      expect(d).toBeLessThanOrEqual(expected[i]! + 1);
    });
    // A manual poll while down resolves with null, never throws.
    await expect(p.pollOnce()).resolves.toBeNull();

    const restartedAt = Date.now();
    await server.start();
    await waitFor(() => p.status().state === "up", 5000, "recovery after the restart");
    expect(p.status().lastPollAt!).toBeGreaterThan(restartedAt);
    expect(p.status().consecutiveFailures).toBe(0);
    // VICIdial's MEMORY tables come back empty after a restart; the live agents survive (MyISAM).
    expect(p.latest()!.agents.map((a) => a.user)).toEqual(["1001"]);
    expect(p.latest()!.campaigns[0]!.hopper.leads).toBe(0);
  });

  it("reports a server that is not there at all as down from the first attempt, without throwing", async () => {
    const p = track(new VicidialDbPoller(testConfig("mysql://ro:pw@127.0.0.1:1/asterisk", { connectTimeoutMs: 500 })));
    p.start();
    await waitFor(() => p.status().state === "down", 3000, "down");
    expect(p.status().lastError).toMatchObject({ kind: "connect", code: "ECONNREFUSED" });
    expect(p.status().lastPollAt).toBeNull();
  });

  it("reports a refused statement (missing grant) as a query error", async () => {
    const locker = await server.admin();
    try {
      await locker.query(`REVOKE SELECT ON asterisk.vicidial_hopper FROM '${server.readOnlyUser}'@'127.0.0.1'`);
      const p = track(new VicidialDbPoller(testConfig(server.readOnlyUrl)));
      expect(await p.pollOnce()).toBeNull();
      expect(p.status()).toMatchObject({ state: "down", lastError: { kind: "query", code: "ER_TABLEACCESS_DENIED_ERROR" } });
    } finally {
      await locker.query(`GRANT SELECT ON asterisk.vicidial_hopper TO '${server.readOnlyUser}'@'127.0.0.1'`);
      await locker.end();
    }
  });
});
