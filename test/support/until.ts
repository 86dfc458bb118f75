/**
 * Polls `read` (sync or async) every `everyMs` until `ok(value)`, for at most `timeoutMs`;
 * resolves to the value that passed, or throws `<what> not met within N ms; last value ...`.
 * The one polling helper of the integration tests.
 */
export async function until<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000, what = "condition", everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
