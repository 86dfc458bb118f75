/** Group commit's bounds (lib/db/group-commit.ts, issue 11 item 9). */
import { describe, expect, it } from "vitest";
import { GroupCommit, QueueFullError } from "../../lib/db/group-commit";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe("GroupCommit", () => {
  it("without maxPending keeps its old form: (write, maxBatch), unbounded, batches of maxBatch in order", async () => {
    const batches: number[][] = [];
    const g = gate();
    const gc = new GroupCommit<number, number>(async (b) => {
      await g.opened;
      batches.push(b);
      return b.map((x) => x * 2);
    }, 3);
    const results = Promise.all(Array.from({ length: 10 }, (_, i) => gc.submit(i)));
    expect(gc.pending).toBe(9);
    g.open();
    expect(await results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7, 8, 9]]);
  });

  it("with maxPending refuses at once beyond it (QueueFullError), accepts again once drained", async () => {
    const g = gate();
    const gc = new GroupCommit<number, void>(
      async (b) => {
        await g.opened;
        return b.map(() => undefined);
      },
      100,
      2,
    );
    const first = gc.submit(0); // being written
    const queued = [gc.submit(1), gc.submit(2)];
    const refused = gc.submit(3);
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toThrow("write queue full: 2 items already wait for the database");
    expect(gc.pending).toBe(2);
    g.open();
    await Promise.all([first, ...queued]);
    await expect(gc.submit(4)).resolves.toBeUndefined();
    expect(() => new GroupCommit(async () => [], 1, 0)).toThrow(RangeError);
  });
});
