import { createHash } from "node:crypto";
import type { IncomingAgentEvent } from "./types";

/**
 * A text field as it survives VICIdial's Agent Push URL building (agc/vicidial.php
 * `agent_events`): spaces, tabs and newlines become `+` (a space once form-decoded), a literal
 * `+` also decodes to a space, and `` ` : ; # " { } ^ $ `` and CR are deleted. Applying it to
 * every source makes the same event identical whether it came over HTTP or the WebSocket hook
 * (which sees the text before VICIdial mangles it).
 */
export function canonicalPushText(value: string | null): string | null {
  return value === null ? null : value.replace(/[`:;#"{}^$\r]/g, "").replace(/[ \t\n+]/g, " ");
}

/**
 * The identity of an event for duplicate suppression: sha256 (hex) over user, epoch,
 * agent_log_id, counter, event and message (text fields in their canonical form). Relays
 * (get2post.php, proxies) may deliver the same push twice; the issue contract says those six
 * fields identify it. The receive time and the source are deliberately left out.
 */
export function dedupKey(e: Pick<IncomingAgentEvent, "user" | "epoch" | "agentLogId" | "counter" | "event" | "message">): string {
  // JSON keeps the encoding unambiguous whatever characters the fields hold.
  const parts = [canonicalPushText(e.user), e.epoch, e.agentLogId, e.counter, canonicalPushText(e.event), canonicalPushText(e.message)];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}
