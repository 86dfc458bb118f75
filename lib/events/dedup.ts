/**
 * The identity of an agent event, for duplicate suppression, and how two copies of one event
 * are merged into the best one.
 *
 * The same event reaches us several times: a relay (get2post.php, a proxy) may deliver a push
 * twice, and a centre running both the HTTP push and the agent-screen hook gets every event
 * once each way. The copies do not carry the same text: on its way through the push URL
 * (agc/vicidial.php `agent_events`, then extras/get2post.php) a message loses `` ` : ; # " { }
 * ^ $ ' \ ``, gets `+` and `%XX` decoded, is cut at `&` and at a second `?` (issue 10 item 3),
 * while the hook sends the screen's own text. So an event is identified by what the screen
 * itself gives it — user, agent_log_id, epoch, counter and event name — not by its text.
 * Only when the epoch or the counter is missing (a message with a `?` dropped the fields after
 * it, or another sender) is the message part of the identity, in the canonical form below.
 */
import { hash } from "node:crypto";
import type { IncomingAgentEvent } from "./types";

/**
 * A text field as it survives VICIdial's Agent Push URL building (agc/vicidial.php
 * `agent_events`) and extras/get2post.php: spaces, tabs and newlines become `+` (a space once
 * form-decoded), a literal `+` also decodes to a space, `` ` : ; # " { } ^ $ `` and CR are
 * deleted by the agent screen, `'` and `\` by get2post.php. Used for the identity of events
 * that lack an epoch or a counter.
 */
export function canonicalPushText(value: string | null): string | null {
  return value === null ? null : value.replace(/[`:;#"{}^$\r'\\]/g, "").replace(/[ \t\n+]/g, " ");
}

type Identity = Pick<IncomingAgentEvent, "user" | "epoch" | "agentLogId" | "counter" | "event" | "message">;

/**
 * sha256 (hex) of an event's identity: (user, agent_log_id, epoch, counter, event), plus the
 * canonical message when the epoch or the counter is missing. The receive time and the source
 * are deliberately left out: they differ between copies of one event.
 */
export function dedupKey(e: Identity): string {
  const complete = e.epoch !== null && e.counter !== null;
  const parts = [canonicalPushText(e.user), e.agentLogId, e.epoch, e.counter, canonicalPushText(e.event), ...(complete ? [] : [canonicalPushText(e.message)])];
  // JSON keeps the encoding unambiguous whatever characters the fields hold.
  // crypto.hash: the one-shot form of createHash (same digest, no Hash object; ~3× faster per event).
  return hash("sha256", JSON.stringify(parts), "hex");
}

/** The fields a later copy of an event may improve (see {@link mergeCopies}). */
export type MergeableFields = Pick<IncomingAgentEvent, "source" | "message" | "campaign" | "leadId">;

/**
 * The best of two copies of one event (same dedup key): the first copy, with the hook's exact
 * message when the second came over the hook and the first did not, and the campaign and lead
 * the first lacks taken from the second (issue 10 item 4: a push stored first must not hide the
 * hook's campaign). Returns null when the second adds nothing. The same rule is applied in SQL
 * by lib/queries/agent-events.ts for copies already stored.
 */
export function mergeCopies<T extends MergeableFields>(first: T, second: MergeableFields): T | null {
  const exactText = second.source === "vicidial-hook" && first.source !== "vicidial-hook" && second.message !== first.message;
  const campaign = first.campaign === null && second.campaign !== null;
  const lead = first.leadId === null && second.leadId !== null;
  if (!exactText && !campaign && !lead) return null;
  return {
    ...first,
    message: exactText ? second.message : first.message,
    campaign: first.campaign ?? second.campaign,
    leadId: first.leadId ?? second.leadId,
  };
}
