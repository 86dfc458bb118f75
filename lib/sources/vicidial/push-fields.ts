/**
 * Validation of VICIdial Agent Events Push fields (agc/vicidial.php `agent_events`, relayed
 * by extras/get2post.php), shared by the HTTP push and the agent-screen hook: `user`, `event`,
 * `message`, `lead_id`, `epoch`, `agent_log_id`, `counter`, plus our optional `campaign`.
 * Unknown fields are kept in `raw`. Empty values count as absent (VICIdial sends `lead_id=`
 * when there is no lead).
 *
 * Text is made storable here, at the edge (issue 11 item 2): a NUL is refused (PostgreSQL
 * text cannot hold it), a lone UTF-16 surrogate (a hook frame's "\ud800") becomes U+FFFD, as
 * the HTTP push's URL decoding already does with invalid UTF-8. The epoch must lie within a
 * window around the server clock (issue 11 item 4): it is VICIdial's web server clock, so a
 * far-future epoch can only be forged (it would pin the agent's order), and a very old one
 * is older than anything the hook script still holds.
 */
import { z } from "zod";
import type { EventSourceKind, IncomingAgentEvent } from "../../events/types";

/** Longest accepted `message`, characters. */
export const MAX_MESSAGE_LENGTH = 4000;

const absentIfEmpty = (v: unknown) => (v === "" ? undefined : v);
const text = (max: number) => z.preprocess(absentIfEmpty, z.string().max(max, `longer than ${max} characters`).optional());
const digits = (name: string, max: number) =>
  z.preprocess(
    absentIfEmpty,
    z
      .string()
      .regex(/^\d{1,15}$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(z.number().max(max, `${name} must be at most ${max}`))
      .optional(),
  );

export const pushFieldsSchema = z.object({
  user: z.string({ error: "missing field user" }).min(1, "missing field user").max(100, "user longer than 100 characters"),
  event: z
    .string({ error: "missing field event" })
    .min(1, "missing field event")
    .max(64, "event longer than 64 characters")
    .regex(/^[A-Za-z0-9_.-]+$/, "event may only hold letters, digits, _ . -"),
  message: text(MAX_MESSAGE_LENGTH),
  lead_id: text(64),
  epoch: digits("epoch", Number.MAX_SAFE_INTEGER),
  agent_log_id: text(64),
  // agent_event.counter is a 4-byte integer; VICIdial's counter never comes near it.
  counter: digits("counter", 2_147_483_647),
  campaign: text(64),
});

export type PushFields = z.infer<typeof pushFieldsSchema>;

/** How far the epoch may be from the server clock, seconds (README "Ingest contract"). */
export interface EpochWindow {
  /** Oldest accepted: now − maxAgeSec (default a day: the hook script queues about a day). */
  maxAgeSec: number;
  /** Newest accepted: now + maxAheadSec (clock skew between VICIdial and us). */
  maxAheadSec: number;
}

export const DEFAULT_EPOCH_WINDOW: EpochWindow = { maxAgeSec: 86_400, maxAheadSec: 300 };

/** ES2024's String.prototype.toWellFormed (V8 11.1, so Node 20), which TypeScript's ES2023 lib does not declare. */
type ToWellFormed = (this: string) => string;
const toWellFormed = (String.prototype as unknown as { toWellFormed: ToWellFormed }).toWellFormed;

/**
 * `value` with every lone UTF-16 surrogate replaced by U+FFFD (what JSON and PostgreSQL can
 * store): the engine's own String.prototype.toWellFormed, which returns the same string
 * without copying when there is none (a regex replace cost ~1 % of the worker at ingest load).
 */
export function wellFormed(value: string): string {
  return toWellFormed.call(value);
}

/**
 * Validates the fields of one push (mutating nothing). Returns the fields, or a one-line
 * reason naming the first problem (e.g. "missing field user", "message: longer than 4000
 * characters").
 */
export function parsePushFields(fields: Record<string, string>): { ok: true; fields: PushFields } | { ok: false; reason: string } {
  for (const [name, value] of Object.entries(fields)) {
    // PostgreSQL text cannot hold NUL; refuse it rather than store something else.
    if (value.includes("\u0000") || name.includes("\u0000")) return { ok: false, reason: `field ${JSON.stringify(name.replace(/\u0000/g, ""))} contains a NUL character` };
  }
  const parsed = pushFieldsSchema.safeParse(fields);
  if (parsed.success) return { ok: true, fields: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  return { ok: false, reason: issue.message.includes(field) ? issue.message : `${field}: ${issue.message}` };
}

/**
 * Validates the fields of one event and builds what the event store takes, or returns the
 * one-line reason. `received` is every received field but the token; `raw` keeps them as
 * received, made well-formed. `receivedAt`: ms, server clock.
 */
export function toIncomingEvent(
  source: EventSourceKind,
  receivedAt: number,
  received: Record<string, string>,
  epochWindow: EpochWindow = DEFAULT_EPOCH_WINDOW,
): { ok: true; event: IncomingAgentEvent } | { ok: false; reason: string } {
  // No prototype: a field named "constructor" or "__proto__" is an ordinary unknown field.
  const raw = Object.create(null) as Record<string, string>;
  for (const [name, value] of Object.entries(received)) raw[wellFormed(name)] = wellFormed(value);
  const parsed = parsePushFields(raw);
  if (!parsed.ok) return parsed;
  const f = parsed.fields;
  if (f.epoch !== undefined) {
    const nowSec = receivedAt / 1000;
    if (f.epoch > nowSec + epochWindow.maxAheadSec) return { ok: false, reason: `epoch ${f.epoch} is more than ${epochWindow.maxAheadSec} s ahead of the server clock` };
    if (f.epoch < nowSec - epochWindow.maxAgeSec) return { ok: false, reason: `epoch ${f.epoch} is more than ${epochWindow.maxAgeSec} s behind the server clock` };
  }
  return {
    ok: true,
    event: {
      source,
      receivedAt,
      user: f.user,
      event: f.event,
      message: f.message ?? null,
      leadId: f.lead_id ?? null,
      epoch: f.epoch ?? null,
      agentLogId: f.agent_log_id ?? null,
      counter: f.counter ?? null,
      campaign: f.campaign ?? null,
      raw,
    },
  };
}
