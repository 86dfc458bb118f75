/**
 * The demo's simulated call centre (scripts/demo.ts) for browser tests: a real server (child
 * process) with the demo's roster and campaign queues, the Vodia PBX simulator driven by the
 * same model, and the agents' events pushed over HTTP in VICIdial's wire format. Not a test
 * file itself (vitest runs *.test.ts only).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CallCentre, type SimEvent } from "../../sim/vicidial/call-centre";
import { PbxDriver, PhoneTrouble } from "../../sim/pbx/driver";
import { PbxSimulator } from "../../sim/pbx/server";
import { closePushConnections, pushEvent } from "../../sim/vicidial/pusher";
import { createTestDatabase } from "../support/database";
import { httpRequest } from "../support/push";
import { startServer, type TestServer } from "../support/server";

export interface DemoFloor {
  server: TestServer;
  sim: PbxSimulator;
  centre: CallCentre;
  /** Campaign → PBX queue id (inbound campaigns). */
  queues: Record<string, string>;
  /** Events pushed and answered 200 so far. */
  pushed(): number;
  stop(): Promise<void>;
}

const TICK_MS = 200;
const CONCURRENCY = 6;

export async function startDemoFloor(options: { agents?: number; campaigns?: number; seed?: number; speed?: number; env?: Record<string, string> } = {}): Promise<DemoFloor> {
  const agents = options.agents ?? 60;
  const campaigns = options.campaigns ?? 3;
  const seed = options.seed ?? 16;
  const speed = options.speed ?? 8;
  const model = new CallCentre({ agents, campaigns, seed, speed });
  const dir = mkdtempSync(path.join(tmpdir(), "wb-demo-floor-"));
  const roster = path.join(dir, "roster.csv");
  const cell = (v: string | null) => `"${(v ?? "").replace(/"/g, '""')}"`;
  writeFileSync(roster, ["user,full_name,campaign,team,extension", ...model.roster().map((r) => [r.user, r.fullName, r.campaign, r.team, r.extension].map(cell).join(","))].join("\n"));
  const queues = model.campaignQueues();

  const sim = new PbxSimulator({ username: "wallboard", password: "demo-floor-pw", domain: "localhost" });
  await sim.start();
  for (const r of model.roster()) sim.addAccount(r.extension, { name: r.fullName });
  const server = await startServer({
    databaseUrl: await createTestDatabase(),
    env: {
      ROSTER_CSV: roster,
      PBX_URL: sim.url("localhost", "wallboard"),
      PBX_USERNAME: "wallboard",
      PBX_PASSWORD: "demo-floor-pw",
      CAMPAIGN_QUEUES: Object.entries(queues).map(([c, q]) => `${c}=${q}`).join(";"),
      ...options.env,
    },
  });
  // Queues named as an admin would (the demo does the same).
  for (const [campaign, queue] of Object.entries(queues)) {
    const name = `${model.campaigns.find((c) => c.id === campaign)?.name ?? campaign} line`;
    await httpRequest(`${server.url}/api/admin/queues`, { method: "PUT", body: JSON.stringify({ id: queue, name, serviceLevelSec: 20, campaigns: [campaign] }), headers: { "content-type": "application/json" } });
  }

  const centre = new CallCentre({ agents, campaigns, seed, speed, startMs: Date.now() });
  const driver = PbxDriver.fromCentre(sim, centre);
  const trouble = new PhoneTrouble(sim, centre.roster().map((r) => r.extension), { seed, share: 0.06, everyMs: 20_000 });

  // One FIFO per agent, a few agents in flight: each agent's events leave in order.
  const backlog = new Map<string, SimEvent[]>();
  const inFlight = new Set<string>();
  let ok = 0;
  let stopped = false;
  const pump = () => {
    for (const [user, q] of backlog) {
      if (stopped || inFlight.size >= CONCURRENCY) return;
      if (inFlight.has(user) || q.length === 0) continue;
      const ev = q.shift()!;
      if (q.length === 0) backlog.delete(user);
      inFlight.add(user);
      void pushEvent(server.url, server.pushToken, ev)
        .then((status) => {
          if (status === 200) ok++;
        })
        .catch(() => undefined)
        .finally(() => {
          inFlight.delete(user);
          pump();
        });
    }
  };
  const timer = setInterval(() => {
    const now = Date.now();
    const step = centre.advance(now);
    for (const ev of step.agentEvents) {
      const q = backlog.get(ev.user) ?? [];
      q.push(ev);
      backlog.set(ev.user, q);
    }
    pump();
    try {
      driver.handleAll(step.callEvents);
      trouble.tick(now);
    } catch {
      // A model/PBX disagreement must not stop the agents' side (the demo does the same).
    }
  }, TICK_MS);

  return {
    server,
    sim,
    centre,
    queues,
    pushed: () => ok,
    async stop() {
      stopped = true;
      clearInterval(timer);
      closePushConnections();
      await server.stop();
      await sim.stop();
    },
  };
}
