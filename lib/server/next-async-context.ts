/**
 * Keeps Node's async context tracking off while no Next.js request is being served (issue 14).
 *
 * Why: Next.js keeps each request's context in AsyncLocalStorage instances (its work and
 * request stores). On Node 20, the first `run()` of any instance turns on async hooks for the
 * whole process — V8 promise hooks plus an init hook on every socket, timer and tick — and
 * they stay on until every instance is disabled, which Next.js never does. From the first page
 * or sign-in on, every push then paid for them: measured with the ingest experiment of issue 14
 * (closed loop with keep-alive, the worker's CPU per event), 0.102–0.111 ms with them on,
 * 0.086–0.092 ms with them off. The push path, the live board and Socket.IO never read an
 * AsyncLocalStorage.
 *
 * How: {@link NextAsyncContext.install} makes `globalThis.AsyncLocalStorage` — the class
 * Next.js instantiates (next/dist/server/app-render/async-local-storage.js reads it when it
 * loads; node-environment-baseline.js only sets it when absent) — a subclass that registers
 * each instance. The HTTP router calls {@link NextAsyncContext.track} for each request it hands
 * to Next.js; once none is in flight for `idleMs`, every registered instance is disabled
 * (AsyncLocalStorage#disable, Node's public API), which turns the hooks off. The next
 * request's `run()` turns them on again. `idleMs` leaves time for work Next.js finishes after
 * the response has closed.
 *
 * Bounds: instances are held through WeakRefs (a disabled one can be collected) and at most
 * {@link MAX_TRACKED_STORAGES} are registered; beyond that, new ones are left alone (correct,
 * only slower).
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Most AsyncLocalStorage instances registered (Next.js 16 makes about ten, once). */
export const MAX_TRACKED_STORAGES = 1_000;
/** Default quiet time (ms) after the last Next.js request before the storages are disabled. */
export const DEFAULT_IDLE_MS = 2_000;

/** What {@link NextAsyncContext.track} needs of a response: its `close` event (answered or aborted). */
interface Closable {
  once(event: "close", listener: () => void): unknown;
}

export class NextAsyncContext {
  private readonly storages = new Set<WeakRef<AsyncLocalStorage<unknown>>>();
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: { idleMs?: number } = {}) {}

  /**
   * The AsyncLocalStorage subclass that registers its instances here. Behaves exactly like
   * Node's class otherwise.
   */
  readonly StorageClass = ((registry: NextAsyncContext) =>
    class TrackedAsyncLocalStorage<T> extends AsyncLocalStorage<T> {
      constructor() {
        super();
        registry.register(this as AsyncLocalStorage<unknown>);
      }
    })(this);

  /**
   * Makes `globalThis.AsyncLocalStorage` the {@link StorageClass}. Must run before Next.js is
   * imported. Returns false, changing nothing, when another class is already there (Next.js
   * loaded earlier): the hooks then stay on as Next.js left them.
   */
  install(target: { AsyncLocalStorage?: unknown } = globalThis as { AsyncLocalStorage?: unknown }): boolean {
    if (target.AsyncLocalStorage === this.StorageClass) return true;
    if (target.AsyncLocalStorage !== undefined) return false;
    target.AsyncLocalStorage = this.StorageClass;
    return true;
  }

  /** Counts one request handed to Next.js until `res` closes. */
  track(res: Closable): void {
    this.inFlight++;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    res.once("close", () => {
      this.inFlight--;
      if (this.inFlight === 0) this.scheduleDisable();
    });
  }

  /** Requests handed to Next.js and not yet closed. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Disables every registered instance now, unless a request is in flight. Returns how many. */
  disableIdle(): number {
    if (this.inFlight > 0) return 0;
    let n = 0;
    for (const ref of this.storages) {
      const storage = ref.deref();
      if (!storage) {
        this.storages.delete(ref);
        continue;
      }
      storage.disable();
      n++;
    }
    return n;
  }

  /** Stops the pending disable (at shutdown). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private register(storage: AsyncLocalStorage<unknown>): void {
    if (this.storages.size >= MAX_TRACKED_STORAGES) for (const ref of this.storages) if (!ref.deref()) this.storages.delete(ref);
    if (this.storages.size < MAX_TRACKED_STORAGES) this.storages.add(new WeakRef(storage));
  }

  private scheduleDisable(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.disableIdle();
    }, this.options.idleMs ?? DEFAULT_IDLE_MS);
    this.timer.unref();
  }
}
