/**
 * The VICIdial database source's status (lib/sources/vicidial-db/poller.ts) in the shape every
 * link shares (lib/realtime/contract.ts PbxLinkStatus, kind "vicidial-db"), so the wall's
 * banner (lib/wall/pbx.ts) and the `pbx_down` alert cover "database source down". Pure.
 */
import type { PbxLinkStatus } from "../../realtime/contract";
import type { VicidialDbStatus } from "./poller";

/** The link's name in statuses, alerts and the source_status row. */
export const VICIDIAL_DB_LINK = "vicidial-db";

/** Longest error text carried (the poller's message may quote SQL). */
const MAX_ERROR = 200;

/**
 * idle/connecting → "connecting" (a first connection is not an outage), up → "up", down and
 * stopped → "down". `lastFrameAt` is the last successful poll, `reconnects` the failed polls
 * in a row, `lastError` "kind: message" while down (null once up again). Times: ms, server clock.
 */
export function vicidialDbLinkStatus(s: VicidialDbStatus): PbxLinkStatus & { kind: string } {
  const state = s.state === "up" ? "up" : s.state === "down" || s.state === "stopped" ? "down" : "connecting";
  const error = state !== "up" && s.lastError ? `${s.lastError.kind}${s.lastError.code ? ` (${s.lastError.code})` : ""}: ${s.lastError.message}` : null;
  return {
    name: VICIDIAL_DB_LINK,
    kind: "vicidial-db",
    url: s.url,
    state,
    since: s.since,
    lastFrameAt: s.lastPollAt,
    reconnects: s.consecutiveFailures,
    lastError: error === null ? null : error.length > MAX_ERROR ? `${error.slice(0, MAX_ERROR - 1)}…` : error,
    malformedFrames: 0,
  };
}
