/**
 * Debian's HAProxy (package `haproxy`; .ci/run installs it) in front of wallboard instances
 * on loopback, with the settings of deploy/haproxy.cfg (readiness check on /readyz, kept
 * connections to the instances, retries of pushes that met a dead instance, WebSocket tunnels,
 * cookie stickiness).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "../../support/ports";
import { captureOutput, stopChild } from "../../support/processes";

export interface Haproxy {
  port: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

const EXAMPLE = path.resolve(import.meta.dirname, "../../deploy/haproxy.cfg");

/** deploy/haproxy.cfg with the test's bind port and servers. */
export function haproxyConfig(port: number, servers: readonly { name: string; port: number }[]): string {
  const example = readFileSync(EXAMPLE, "utf8");
  const withBind = example.replace(/^\s*bind :80$/m, `    bind 127.0.0.1:${port}`);
  const serverLines = servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port} check cookie ${s.name}`).join("\n");
  return withBind.replace(/(^\s*server wb1 .*\n)(^\s*server wb2 .*\n?)/m, `${serverLines}\n`);
}

export async function startHaproxy(servers: readonly { name: string; port: number }[]): Promise<Haproxy> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "wb-haproxy-"));
  const cfg = path.join(dir, "haproxy.cfg");
  writeFileSync(cfg, haproxyConfig(port, servers));
  const child: ChildProcess = spawn("haproxy", ["-db", "-f", cfg], { stdio: ["ignore", "pipe", "pipe"] });
  const output = captureOutput(child);
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${output()}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1", () => {
        s.destroy();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error(`haproxy not listening: ${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    async stop() {
      await stopChild(child, "SIGTERM");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
