import { createHash } from "node:crypto";
import type { IncomingAgentEvent } from "./types";

/**
 * The identity of an event for duplicate suppression: sha256 (hex) over user, epoch,
 * agent_log_id, counter, event and message. Relays (get2post.php, proxies) may deliver the
 * same push twice; the issue contract says those six fields identify it. The receive time and
 * the source are deliberately left out, so the same event over HTTP and over the WebSocket
 * hook is stored once.
 */
export function dedupKey(e: Pick<IncomingAgentEvent, "user" | "epoch" | "agentLogId" | "counter" | "event" | "message">): string {
  // JSON keeps the encoding unambiguous whatever characters the fields hold.
  const parts = [e.user, e.epoch, e.agentLogId, e.counter, e.event, e.message];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}
