/**
 * Reading the server's GET /metrics (Prometheus text format, prom-client) in tests.
 */
import { expect } from "vitest";
import { httpRequest } from "./push";

/**
 * The value of metric `name` on the server at `baseUrl` (its first sample; labels ignored).
 * Fails the test when the metric is absent.
 */
export async function metricValue(baseUrl: string, name: string): Promise<number> {
  const res = await httpRequest(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(res.body);
  expect(m, `${name} in /metrics`).not.toBeNull();
  return Number(m![1]);
}
