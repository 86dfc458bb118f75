import { describe, expect, it } from "vitest";
import { CallCentreWorld, type WorldChange } from "../../sim/world/call-centre-world";
import { demoWorldSpec } from "../../sim/world/random-driver";
import { seededRandom } from "../../sim/shared/rng";

function world() {
  let t = 1_000_000;
  const w = new CallCentreWorld({ ...demoWorldSpec(6, 2), now: () => (t += 1000) });
  return w;
}

describe("the simulated call centre", () => {
  it("plays a call through its states and tells every change in order", () => {
    const w = world();
    const seen: string[] = [];
    w.onChange((c: WorldChange) => seen.push(c.kind === "agent" ? `${c.agent.id}:${c.agent.state}` : c.kind === "call" ? `${c.call.id}:${c.call.state}` : "membership"));
    w.login("a1");
    const c = w.callArrives("q1", "+3361");
    w.offer(c, "a1");
    w.answer(c);
    w.hangup(c);
    w.endWrapup("a1");
    w.pause("a1", "lunch");
    expect(seen).toEqual(["a1:ready", "c1:waiting", "c1:ringing", "a1:ringing", "c1:connected", "a1:on_call", "c1:ended", "a1:wrapup", "a1:ready", "a1:paused"]);
    expect(w.call(c)).toMatchObject({ outcome: "answered", agentId: "a1" });
    expect(w.agent("a1")).toMatchObject({ state: "paused", pauseReason: "lunch" });
  });

  it("refuses changes that cannot happen", () => {
    const w = world();
    const c = w.callArrives("q1", "+3361");
    expect(() => w.offer(c, "a1")).toThrow(/logged_out/);
    expect(() => w.answer(c)).toThrow(/waiting/);
    expect(() => w.pause("a1", "nap")).toThrow(/unknown pause reason/);
  });

  it("a seed always plays the same sequence", () => {
    const run = (seed: number) => {
      const w = world();
      const rng = seededRandom(seed);
      return Array.from({ length: 200 }, () => w.randomStep(rng));
    };
    expect(run(42)).toEqual(run(42));
    expect(run(42)).not.toEqual(run(43));
  });
});
