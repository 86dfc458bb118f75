/**
 * Runs a XuC and a VoIPBin simulator on one random world, for trying the links by hand:
 * `npx tsx sim/demo.ts` prints the URLs and credentials and steps the world every second.
 * Knobs: DEMO_AGENTS (default 20), DEMO_QUEUES (3), DEMO_SEED (1), DEMO_STEP_MS (1000).
 */
import { CallCentreWorld } from "./world/call-centre-world";
import { demoWorldSpec, driveRandomly } from "./world/random-driver";
import { XucSimulator } from "./xuc/simulator";
import { VoipbinSimulator } from "./voipbin/simulator";

const num = (name: string, dflt: number) => (process.env[name] ? Number(process.env[name]) : dflt);

async function main(): Promise<void> {
  const world = new CallCentreWorld(demoWorldSpec(num("DEMO_AGENTS", 20), num("DEMO_QUEUES", 3)));
  const xuc = new XucSimulator({ world, login: "supervisor", password: "demo-password", noise: true });
  const voipbin = new VoipbinSimulator({ world, username: "supervisor", password: "demo-password", noise: true });
  await xuc.start();
  await voipbin.start();
  driveRandomly(world, { seed: num("DEMO_SEED", 1), intervalMs: num("DEMO_STEP_MS", 1000) });
  console.log(`XuC:     ${xuc.url}  login supervisor / demo-password`);
  console.log(`VoIPBin: ${voipbin.url}  username supervisor / demo-password, customer ${voipbin.customerId}`);
  const stop = async () => {
    await Promise.all([xuc.stop(), voipbin.stop()]);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  setInterval(() => {}, 1 << 30);
}

void main();
