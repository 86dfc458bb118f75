/**
 * An imitation VICIdial web server for tests, run by PHP's built-in server (Debian's php-cli
 * with php-curl; .ci/run installs them): the agent screen page (test/fixtures/vicidial-web/
 * agc/vicidial.php, VICIdial's URL building in the browser), a get2post.php relay that behaves
 * as VICIdial's does, and a reverse proxy of /api/push/vicidial to the wallboard (for the
 * path-only push URL). The agent screen's XHRs go to this origin, as they must with VICIdial.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Page } from "playwright-core";
import { freePort } from "../../support/ports";

const DOCROOT = path.resolve(import.meta.dirname, "../fixtures/vicidial-web");

/**
 * Fires one agent event in an agent screen open in `page` (ours or any page with VICIdial's
 * `agent_events(event, message, aec)`, `aec` counter and `vicidial_form`), the way VICIdial's
 * own code does: the lead id into the form's lead_id field first, then the call with the
 * current counter, then the counter up by one.
 */
export function fireAgentEvent(page: Page, event: string, message: string, lead = ""): Promise<void> {
  return page.evaluate(
    ([e, m, l]) => {
      const w = window as unknown as { aec: number; agent_events(t: string, m: string, c: number): void; document: Document };
      (w.document.forms.namedItem("vicidial_form")!.elements.namedItem("lead_id") as HTMLInputElement).value = l!;
      w.agent_events(e!, m!, w.aec);
      w.aec++;
    },
    [event, message, lead],
  );
}

export interface VicidialWebOptions {
  /** The Agent Push URL as an admin types it into System Settings ("" = push off). */
  agentPushUrl: string;
  /** The options.php values $INSERT_head_js / $INSERT_agent_events (hook), if any. */
  insertHeadJs?: string;
  insertAgentEvents?: string;
  /** Where /api/push/vicidial is reverse-proxied to, e.g. http://127.0.0.1:41234. */
  wallboardUpstream: string;
  /** curl CONNECT_TO for get2post.php: the wallboard's port 80 as the relay sees it, e.g. wallboard.test:80:127.0.0.1:41234. */
  connectTo?: string;
}

export interface VicidialWeb {
  /** Origin, e.g. http://localhost:40000. */
  origin: string;
  /** URL of an agent screen for `user` in `campaign` with the login's agent_log_id. */
  agentScreen(user: string, campaign: string, agentLogId: number): string;
  output(): string;
  stop(): Promise<void>;
}

export async function startVicidialWeb(options: VicidialWebOptions): Promise<VicidialWeb> {
  const port = await freePort();
  const child: ChildProcess = spawn("php", ["-S", `127.0.0.1:${port}`, "-t", DOCROOT, path.join(DOCROOT, "router.php")], {
    env: {
      ...process.env,
      // Several requests at once, like a real web server (get2post.php blocks on its curl).
      PHP_CLI_SERVER_WORKERS: "4",
      AGENT_PUSH_URL: options.agentPushUrl,
      INSERT_HEAD_JS: options.insertHeadJs ?? "",
      INSERT_AGENT_EVENTS: options.insertAgentEvents ?? "",
      WALLBOARD_UPSTREAM: options.wallboardUpstream,
      WALLBOARD_CONNECT_TO: options.connectTo ?? "",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: PHP_CLI_SERVER_WORKERS forks workers that must stop with it.
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const origin = `http://localhost:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`php -S exited (${child.exitCode}); is php-cli installed?\n${out}`);
    try {
      if ((await fetch(`${origin}/agc/get2post.php`)).status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`php -S not answering:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    agentScreen: (user, campaign, agentLogId) => `${origin}/agc/vicidial.php?user=${encodeURIComponent(user)}&campaign=${encodeURIComponent(campaign)}&agent_log_id=${agentLogId}`,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        try {
          process.kill(-child.pid!, "SIGTERM");
        } catch {
          child.kill("SIGTERM");
        }
      }),
  };
}
