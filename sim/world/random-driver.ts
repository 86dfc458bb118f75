/**
 * The demo's seeded random mode: steps a CallCentreWorld every `intervalMs` (ms) with a
 * mulberry32 PRNG, so a given seed always plays the same sequence of changes. At the start it
 * logs `loginShare` of the agents in.
 */
import { seededRandom } from "../shared/rng";
import type { CallCentreWorld } from "./call-centre-world";

export interface RandomDriverOptions {
  seed: number;
  /** Period between two random changes, ms. */
  intervalMs: number;
  /** Share of agents logged in at the start, 0–1 (default 0.8). */
  loginShare?: number;
  /** Called with each change's description (for logs). */
  onStep?: (what: string) => void;
}

/** Starts stepping; returns a function that stops it. */
export function driveRandomly(world: CallCentreWorld, opts: RandomDriverOptions): () => void {
  const rng = seededRandom(opts.seed);
  const share = opts.loginShare ?? 0.8;
  for (const a of world.agents()) if (a.state === "logged_out" && rng() < share) world.login(a.id);
  const timer = setInterval(() => {
    const what = world.randomStep(rng);
    opts.onStep?.(what);
  }, opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A world of `agents` agents over `queues` queues with plausible names (for the demo). */
export function demoWorldSpec(agents: number, queues: number): ConstructorParameters<typeof import("./call-centre-world").CallCentreWorld>[0] {
  const first = ["Ann", "Bob", "Cy", "Dee", "Eve", "Finn", "Gus", "Hana", "Ivo", "Jo", "Kim", "Lou"];
  const last = ["Lee", "Roy", "Oh", "Ng", "Diaz", "Berg", "Cole", "Dunn", "Fox", "Hart"];
  const qs = Array.from({ length: queues }, (_, i) => ({ id: `q${i + 1}`, name: `queue${i + 1}`, displayName: ["Sales", "Support", "Billing", "Retention"][i] ?? `Queue ${i + 1}`, number: String(3000 + i) }));
  return {
    queues: qs,
    agents: Array.from({ length: agents }, (_, i) => ({
      id: `a${i + 1}`,
      login: String(2000 + i + 1),
      firstName: first[i % first.length]!,
      lastName: last[Math.floor(i / first.length) % last.length]!,
      phone: String(1000 + i + 1),
      queues: [qs[i % queues]!.id, ...(i % 3 === 0 && queues > 1 ? [qs[(i + 1) % queues]!.id] : [])],
    })),
  };
}
