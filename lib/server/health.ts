/**
 * The operator endpoints, answered by the custom server itself (before Next.js, so they work
 * while the pages are still starting):
 * - `GET /livez`: 200 while the process runs (alive);
 * - `GET /readyz`: 200 `{ ready: true }` once the instance takes all traffic (board rebuilt,
 *   pages prepared), 503 while it starts. It never asks PostgreSQL, so it answers at once
 *   under load, and a database outage (which every instance shares, and through which each
 *   one spools pushes) does not take every instance out of a load balancer: HAProxy's check
 *   (deploy/haproxy.cfg). A check through /healthz marked the survivor of a kill -9 down too
 *   in CI, and HAProxy answered 1,140 of 2,646 pushes with its own 503 (issue 14 stop 28);
 * - `GET /healthz`: 200 `{ ok, ready, database, ingest, agents, roles, uptimeSec }` when the
 *   instance is ready and PostgreSQL answers; 503 with the same shape otherwise (starting, or
 *   the database is down and ingest spools). For monitoring and people;
 * - `GET /metrics`: Prometheus text (lib/server/metrics.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HealthSources {
  ready(): boolean;
  databaseStatus(): Promise<{ ok: boolean; latencyMs?: number; error?: string }>;
  ingest(): object;
  agents(): number;
  roles(): { leader: boolean; since: number | null; roles: string[] };
  startedAt: number;
  metrics(): Promise<{ contentType: string; body: string }>;
}

/** Answers the request when it is one of the operator endpoints; returns false otherwise. */
export async function answerOperatorEndpoint(req: IncomingMessage, res: ServerResponse, src: HealthSources): Promise<boolean> {
  const path = (req.url ?? "/").split("?")[0];
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  if (path === "/livez") {
    answerJson(res, 200, { alive: true });
    return true;
  }
  if (path === "/readyz") {
    const ready = src.ready();
    answerJson(res, ready ? 200 : 503, { ready }, !ready);
    return true;
  }
  if (path === "/healthz") {
    const ready = src.ready();
    const database = await src.databaseStatus();
    const ok = ready && database.ok;
    const body = { ok, ready, alive: true, database, ingest: src.ingest(), agents: src.agents(), roles: src.roles(), uptimeSec: Math.round((Date.now() - src.startedAt) / 1000) };
    answerJson(res, ok ? 200 : 503, body, !ready);
    return true;
  }
  if (path === "/metrics") {
    const { contentType, body } = await src.metrics();
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body);
    return true;
  }
  return false;
}

/**
 * Writes `body` as an uncached JSON answer; `starting` adds `Retry-After: 2` (seconds): an
 * instance that is still starting is worth asking again soon, one whose database is down is not
 * told when.
 */
function answerJson(res: ServerResponse, status: number, body: object, starting = false): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...(starting ? { "retry-after": "2" } : {}) }).end(JSON.stringify(body));
}
