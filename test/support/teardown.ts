/**
 * How a test file ends what it started (servers, simulators, browsers, clients, links): all at
 * once after the file ({@link endAll}) or after each test ({@link undoAfterEach}).
 */
import { afterEach } from "vitest";

/** Something a test starts and must end: a server or simulator (`stop`), a browser or client (`close`); unset when never started. */
type Started = { stop(): unknown } | { close(): unknown } | null | undefined;

/**
 * Ends each of `things` in order, awaiting each: `stop()` where it has one, else `close()`;
 * skips those never started. `afterAll(() => endAll(browser, server, sim))`.
 */
export async function endAll(...things: Started[]): Promise<void> {
  for (const t of things) {
    if (!t) continue;
    if ("stop" in t) await t.stop();
    else await t.close();
  }
}

/**
 * Undo steps for each test of a file: `const undo = undoAfterEach();` at the top level, then
 * `undo(() => sim.stop())` as a test starts things. After each test the steps run newest first
 * (a link stops before the simulator it talks to), each awaited, and the list starts empty again.
 */
export function undoAfterEach(): (step: () => unknown) => void {
  const steps: (() => unknown)[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
  });
  return (step) => {
    steps.push(step);
  };
}
