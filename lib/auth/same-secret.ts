/**
 * Comparing a presented secret with the expected one (the push token on the ingest endpoints
 * and the agent-screen hook). Where the token itself comes from and how it rotates is
 * lib/server/push-token.ts.
 */
import { timingSafeEqual } from "node:crypto";

/**
 * True when `given` equals `expected`, compared in constant time for equal lengths so that the
 * time taken does not tell an attacker how many leading characters were right. A length
 * difference returns false at once (the length of a push token is not a secret).
 */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
