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
