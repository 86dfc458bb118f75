/**
 * While an instance starts (issue 12 §1, and the load balancer's check in deploy/haproxy.cfg):
 * pushes are already accepted and stored, `/readyz` and `/healthz` answer 503 with
 * Retry-After and pages answer `503 starting`; once ready, `/readyz` answers 200 without
 * asking PostgreSQL (its outage is covered by test/faults/postgres-outage.test.ts).
 */
import { afterAll, describe, expect, it } from "vitest";
import { request } from "node:http";
import { createTestDatabase } from "../support/database";
import { pushEvent } from "../support/push";
import { startServer, type TestServer } from "../support/server";
import { freePort } from "../../support/ports";

let server: TestServer | undefined;
afterAll(async () => server?.stop());

interface Seen {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

/** One anonymous GET on a new connection; null when nothing listens yet. */
function get(url: string): Promise<Seen | null> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"] as string | undefined, body }));
    });
    req.on("error", () => resolve(null));
    req.end();
  });
}

describe("readiness while starting", () => {
  it("takes pushes before it is ready; /readyz, /healthz and pages say 503 with Retry-After until then, /readyz 200 after", { timeout: 120_000 }, async () => {
    const databaseUrl = await createTestDatabase();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const starting: { readyz: Seen; healthz: Seen | null; page: Seen | null; push: number | null }[] = [];
    let polling = true;
    let counter = 0;
    const epoch = Math.floor(Date.now() / 1000);
    const poll = (async () => {
      while (polling) {
        const readyz = await get(`${base}/readyz`);
        if (readyz?.status === 503) {
          const [healthz, page, push] = await Promise.all([
            get(`${base}/healthz`),
            get(`${base}/`),
            pushEvent(base, { user: "r001", event: "logged_in", epoch, counter: counter++, token: "test-push-token-0001" }).then(
              (a) => a.status,
              () => null,
            ),
          ]);
          starting.push({ readyz, healthz, page, push });
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    server = await startServer({ databaseUrl, port });
    polling = false;
    await poll;

    expect(starting.length, "the instance was seen starting (listening, not ready)").toBeGreaterThan(0);
    for (const s of starting) {
      expect([s.readyz.status, s.readyz.retryAfter, JSON.parse(s.readyz.body)]).toEqual([503, "2", { ready: false }]);
    }
    // Seen in the same moment as a 503 of /readyz (the instance may turn ready between the calls).
    expect(starting.some((s) => s.push === 200), "a push stored while starting").toBe(true);
    expect(starting.some((s) => s.healthz?.status === 503 && s.healthz.retryAfter === "2"), "/healthz 503 while starting").toBe(true);
    expect(starting.some((s) => s.page?.status === 503 && s.page.body.startsWith("starting")), "a page 503 starting").toBe(true);

    const ready = await get(`${base}/readyz`);
    expect([ready?.status, ready && JSON.parse(ready.body)]).toEqual([200, { ready: true }]);
  });
});
