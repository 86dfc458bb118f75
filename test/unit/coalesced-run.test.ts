/**
 * Reloads never overlap, and the last one reads after the last call (lib/server/coalesced-run.ts).
 */
import { describe, expect, it } from "vitest";
import { coalescedRun } from "../../lib/server/coalesced-run";

describe("coalesced reload", () => {
  it("applies what the newest read saw, whatever order the reads would finish in", async () => {
    // A "database" changed between calls; each read takes longer than the one after it, so
    // overlapping runs would finish in reverse order.
    let stored = ["q1"];
    let shown: string[] = [];
    let delay = 60;
    let running = 0;
    let most = 0;
    const reload = coalescedRun(async () => {
      most = Math.max(most, ++running);
      const read = [...stored];
      await new Promise((r) => setTimeout(r, (delay -= 20)));
      shown = read;
      running--;
    });
    const first = reload();
    stored = ["q1", "q2"];
    const second = reload();
    stored = ["q1", "q2", "q3"];
    const third = reload();
    expect(third).toBe(second); // calls while one runs share the one queued run
    await Promise.all([first, second, third]);
    expect(shown).toEqual(["q1", "q2", "q3"]);
    expect(most).toBe(1);
  });

  it("runs the queued reload after a failed one, and reports each failure to its own callers", async () => {
    let calls = 0;
    const reload = coalescedRun(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      if (calls === 1) throw new Error("database gone");
    });
    const first = reload();
    const second = reload();
    await expect(first).rejects.toThrow("database gone");
    await expect(second).resolves.toBeUndefined();
    expect(calls).toBe(2);
    await reload();
    expect(calls).toBe(3);
  });

  it("a call made just as a run ends, with one queued, joins the queued run instead of starting one beside it", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const reload = coalescedRun(async () => {
      runs++;
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 10));
      running--;
    });
    const first = reload();
    const queued = reload();
    // Runs in the microtask right after the first run settles, before the queued one starts.
    const late = first.then(() => reload());
    await Promise.all([first, queued, late]);
    expect(most).toBe(1);
    expect(runs).toBe(2);
  });
});
