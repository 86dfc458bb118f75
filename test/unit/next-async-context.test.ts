/**
 * Node's async hooks go off once no Next.js request is in flight, and on again with the next
 * (lib/server/next-async-context.ts), with Node's real AsyncLocalStorage.
 */
import { EventEmitter } from "node:events";
import { executionAsyncResource } from "node:async_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { NextAsyncContext } from "../../lib/server/next-async-context";

/**
 * True while Node tracks promise contexts (what an enabled AsyncLocalStorage turns on, and
 * what costs every promise and socket): a promise continuation then runs with its promise as
 * the execution resource.
 */
async function promiseHooksOn(): Promise<boolean> {
  await null;
  return executionAsyncResource() instanceof Promise;
}

const response = () => new EventEmitter() as EventEmitter & { once(event: "close", listener: () => void): unknown };

describe("Next.js async context", () => {
  it("turns the hooks off once the last request has closed and the quiet time passed", async () => {
    const context = new NextAsyncContext({ idleMs: 200 });
    const storage = new context.StorageClass<string>();
    expect(await promiseHooksOn()).toBe(false);

    const res = response();
    context.track(res);
    await storage.run("request 1", async () => {
      await delay(5);
      // The store follows the request across awaits, as Next.js needs.
      expect(storage.getStore()).toBe("request 1");
    });
    expect(await promiseHooksOn()).toBe(true);
    await delay(300);
    expect(await promiseHooksOn(), "a request in flight keeps them on").toBe(true);

    res.emit("close");
    await delay(10);
    expect(await promiseHooksOn(), "within the quiet time").toBe(true);
    await delay(300);
    expect(await promiseHooksOn()).toBe(false);
    expect(context.requestsInFlight).toBe(0);
  });

  it("turns them on again for the next request, whose store works", async () => {
    const context = new NextAsyncContext({ idleMs: 10 });
    const storage = new context.StorageClass<number>();
    storage.run(1, () => {});
    expect(context.disableIdle()).toBe(1);
    expect(await promiseHooksOn()).toBe(false);

    const res = response();
    context.track(res);
    const seen = await storage.run(2, async () => {
      await delay(5);
      return storage.getStore();
    });
    expect(seen).toBe(2);
    expect(await promiseHooksOn()).toBe(true);
    res.emit("close");
    await delay(40);
    expect(await promiseHooksOn()).toBe(false);
  });

  it("a request arriving in the quiet time keeps them on until it closes", async () => {
    const context = new NextAsyncContext({ idleMs: 300 });
    const storage = new context.StorageClass<string>();
    const first = response();
    context.track(first);
    storage.run("a", () => {});
    first.emit("close");
    await delay(20);
    const second = response();
    context.track(second);
    await delay(400);
    expect(await promiseHooksOn(), "the first close's timer must not disable under the second request").toBe(true);
    expect(context.disableIdle()).toBe(0);
    second.emit("close");
    await delay(400);
    expect(await promiseHooksOn()).toBe(false);
  });

  it("installs its class only where Next.js will look, and never over Next.js's own", () => {
    const context = new NextAsyncContext();
    const fresh: { AsyncLocalStorage?: unknown } = {};
    expect(context.install(fresh)).toBe(true);
    expect(fresh.AsyncLocalStorage).toBe(context.StorageClass);

    const loaded = { AsyncLocalStorage: class Other {} };
    expect(new NextAsyncContext().install(loaded)).toBe(false);
    expect(loaded.AsyncLocalStorage.name).toBe("Other");
  });
});
