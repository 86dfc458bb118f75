/**
 * POST /api/admin/push/test-event: sends a `time_sync` event for user "wallboard-test" through
 * the real ingest path (an HTTP POST from this server to its own push endpoint with the
 * current token, form-encoded like get2post.php) and returns the endpoint's answer
 * `{ status, body }`. It shows up in the ingest log like any other push.
 */
import { request as httpRequest } from "node:http";
import { adminRoute } from "@/app/api/_lib/route";
import { audit } from "@/lib/queries/audit";
import { AdminError } from "@/lib/server/admin-actions";
import { TEST_USER } from "../../_lib/test-user";

export const dynamic = "force-dynamic";

let counter = 0;

/** Where this process listens, as seen from itself (HOST unset or a wildcard: loopback). */
function selfOrigin(port: number): string {
  const host = (process.env.HOST ?? "").trim();
  const loopback = !host || host === "0.0.0.0" || host === "::" || host === "localhost";
  return `http://${loopback ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
}

function post(url: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: "POST", agent: false, timeout: 10_000, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), "user-agent": "wallboard admin test event" } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8").trim() }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer within 10 s")));
    req.on("error", reject);
    req.end(body);
  });
}

export const POST = adminRoute({}, async ({ actor, runtime }) => {
  const now = runtime.now();
  counter = (counter + 1) % 1_000_000;
  const fields = new URLSearchParams({
    token: runtime.pushToken(),
    user: TEST_USER,
    event: "time_sync",
    message: `admin test event from ${actor}`,
    epoch: String(Math.floor(now / 1000)),
    agent_log_id: `test-${now}`,
    counter: String(counter),
  });
  const url = `${selfOrigin(runtime.port())}/api/push/vicidial`;
  let answer: { status: number; body: string };
  try {
    answer = await post(url, fields.toString());
  } catch (err) {
    throw new AdminError(502, `test event not delivered to ${url}: ${(err as Error).message}`);
  }
  await audit(runtime.db, actor, "push.test-event", TEST_USER, { status: answer.status, answer: answer.body.slice(0, 200) });
  return { ok: answer.status === 200, ...answer };
});
