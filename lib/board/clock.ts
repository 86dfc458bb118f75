/**
 * Server-clock arithmetic for the browser. Time in state comes from the server's timestamps
 * (`stateSince`, ms, server clock), never from when the page loaded, so reloading a wall or
 * reconnecting does not reset any timer; the browser only needs its offset to the server.
 */

/**
 * Offset (ms) to add to the browser's `Date.now()` to get server time, from a message's
 * `serverTime` (ms, server clock) and the browser time it was received (ms, browser clock).
 * Transit delay makes it slightly low, which only delays a timer by that delay.
 */
export function clockOffset(serverTime: number, receivedAt: number): number {
  return serverTime - receivedAt;
}

/** Whole seconds from `since` to `serverNow` (both ms, server clock); never negative. */
export function secondsSince(since: number, serverNow: number): number {
  return Math.max(0, Math.floor((serverNow - since) / 1000));
}

/** ms until the next whole second of `serverNow` (ms, server clock): lets every timer tick together. */
export function msToNextSecond(serverNow: number): number {
  return 1000 - (((serverNow % 1000) + 1000) % 1000);
}
