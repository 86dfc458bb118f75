/**
 * Free TCP ports on loopback, for the processes the tests, the bench, the demo and the history
 * benchmark start (wallboard servers, PostgreSQL, MariaDB, HAProxy, proxies).
 *
 * Part of support/, the one kit the tests (test/), the bench (bench/), the demo and the scripts
 * share. It sits at the top level, not under test/, because the bench and the demo are not
 * tests and must not reach into them; test/support/ keeps only what needs vitest or is for
 * tests alone.
 */
import { createServer } from "node:net";

/**
 * A TCP port free on 127.0.0.1 right now (the OS picks it). Free *now*: another process may
 * take it before the caller listens, which is why the callers that can listen on port 0 do.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
