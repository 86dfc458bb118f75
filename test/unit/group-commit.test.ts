/** Group commit's bounds (lib/db/group-commit.ts, issue 11 item 9). */
import { describe, expect, it } from "vitest";
import { GroupCommit, QueueFullError } from "../../lib/db/group-commit";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe("GroupCommit", () => {
  it("without maxPending: unbounded, batches of maxBatch in order", async () => {
    const batches: number[][] = [];
    const g = gate();
    const gc = new GroupCommit<number, number>(async (b) => {
      await g.opened;
      batches.push(b);
      return { results: b.map((x) => x * 2) };
    }, { maxBatch: 3 });
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
        return { results: b.map(() => undefined) };
      },
      { maxBatch: 100, maxPending: 2 },
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
    expect(() => new GroupCommit(async () => ({ results: [] }), { maxBatch: 1, maxPending: 0 })).toThrow(RangeError);
  });
});

describe("GroupCommit pipelining (issue 14)", () => {
  it("starts the next batch's write before publishing and answering the written one; publishes in write order, each before its answers", async () => {
    const log: string[] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const gc = new GroupCommit<number, number, number[]>(
      async (b) => {
        log.push(`write ${b.join(",")}`);
        const g = gate();
        gates.push(g);
        await g.opened;
        return { results: b, publish: b };
      },
      { publish: (b) => log.push(`publish ${b.join(",")}`) },
    );
    const answered = [1, 2, 3].map((i) => gc.submit(i).then(() => log.push(`answer ${i}`)));
    await Promise.resolve();
    expect(log).toEqual(["write 1"]);
    gates[0]!.open();
    await answered[0];
    // Batch [2,3] was sent to the database before batch [1] was published.
    expect(log).toEqual(["write 1", "write 2,3", "publish 1", "answer 1"]);
    gates[1]!.open();
    await Promise.all(answered);
    expect(log).toEqual(["write 1", "write 2,3", "publish 1", "answer 1", "publish 2,3", "answer 2", "answer 3"]);
  });

  it("retries a failed batch one item at a time before writing what queued behind it", async () => {
    const writes: number[][] = [];
    const gates: ReturnType<typeof gate>[] = [];
    const gc = new GroupCommit<number, number>(async (b) => {
      writes.push(b);
      const g = gate();
      gates.push(g);
      await g.opened;
      if (b.includes(13)) throw new Error("refused 13");
      return { results: b };
    });
    const first = gc.submit(0);
    const failing = [12, 13].map((i) => gc.submit(i).then((v) => `stored ${v}`, (e: Error) => e.message));
    gates[0]!.open();
    await first;
    const behind = gc.submit(14).then((v) => `stored ${v}`);
    gates[1]!.open(); // [12, 13] fails: 12 and 13 go alone, before 14
    await until(() => gates.length === 3);
    gates[2]!.open();
    await until(() => gates.length === 4);
    gates[3]!.open();
    await until(() => gates.length === 5);
    gates[4]!.open();
    expect(await Promise.all([...failing, behind])).toEqual(["stored 12", "refused 13", "stored 14"]);
    expect(writes).toEqual([[0], [12, 13], [12], [13], [14]]);
  });

  it("a publish that throws fails the batch's items, not later batches", async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number, number[]>(async (b) => ({ results: b, publish: b }), {
      publish: () => {
        if (calls++ === 0) throw new Error("listener broke");
      },
    });
    await expect(gc.submit(1)).rejects.toThrow("listener broke");
    await expect(gc.submit(2)).resolves.toBe(2);
  });
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !ok(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!ok()) throw new Error("condition not reached");
}
