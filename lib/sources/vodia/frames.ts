/**
 * Tolerant parsing of the Vodia PBX WebSocket frames (shared/seeds/001, DOMAIN.md section 4).
 *
 * Every frame is one UTF-8 JSON text. Frames with an `action` we know become typed values;
 * WebRTC signalling frames (a reserved top-level key instead of an action) are recognised and
 * ignored; anything else is `other`; text that is not a JSON object is `malformed`. Unknown
 * fields are kept (`raw`) because Vodia documents only part of them.
 *
 * What we rely on, beyond the seed document (inferred, and what our PBX simulator sends):
 * - `domain-state`: `{ action, accounts: Account[], calls: CallFrame[] }` is a full snapshot.
 * - `user-state`: `{ action, type: "extensions", account, registered, dnd, chatstatus, ... }`.
 * - `call-state`: `{ action, calls: CallFrame[] | CallFrame }`: the calls that changed.
 * - A call frame: `{ id, from, to, callstate, queue?, agent?, ... }`. `from`/`to` may be
 *   SIP-style (`"Ann" <sip:500@dom>`). The queue is `queue` (or `acd`) when present.
 *   `agent` (or `ext`/`extension`) names the agent phone the call is with.
 * - Booleans may arrive as true/false, "true"/"false", "yes"/"no" or 1/0.
 */

export const SIGNALLING_KEYS = ["sdp", "invitesdp", "candidate", "bye", "ringtones", "response", "cancel", "cancelresponse", "info", "change"] as const;

export interface AccountFrame {
  account: string;
  registered: boolean | null;
  dnd: boolean | null;
  chatStatus: string | null;
  raw: Record<string, unknown>;
}

/** Call progress as the PBX names it, mapped onto a few phases. */
export type CallPhase = "waiting" | "ringing" | "connected" | "held" | "ended" | "transferred" | "unknown";

export interface CallFrame {
  id: string;
  from: string;
  to: string;
  /** The PBX's own word, lower-cased. */
  callState: string;
  phase: CallPhase;
  queue: string | null;
  agent: string | null;
  raw: Record<string, unknown>;
}

export type PbxFrame =
  | { kind: "domain-state"; accounts: AccountFrame[]; calls: CallFrame[] }
  | { kind: "user-state"; account: AccountFrame }
  | { kind: "call-state"; calls: CallFrame[] }
  | { kind: "signalling"; key: string }
  | { kind: "other"; action: string | null }
  | { kind: "malformed"; reason: string };

/** The PBX's `callstate` words (outside input: a Map, so "constructor" is just unknown). */
const PHASES: ReadonlyMap<string, CallPhase> = new Map(Object.entries({
  waiting: "waiting",
  queued: "waiting",
  queue: "waiting",
  acd: "waiting",
  ringing: "ringing",
  alerting: "ringing",
  early: "ringing",
  calling: "ringing",
  trying: "ringing",
  connected: "connected",
  talking: "connected",
  established: "connected",
  answered: "connected",
  hold: "held",
  holding: "held",
  onhold: "held",
  held: "held",
  disconnected: "ended",
  ended: "ended",
  terminated: "ended",
  released: "ended",
  hangup: "ended",
  idle: "ended",
  bye: "ended",
  transferred: "transferred",
} satisfies Record<string, CallPhase>));

/** Parses one frame's text. Never throws. */
export function parsePbxFrame(text: string): PbxFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "malformed", reason: "not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "malformed", reason: "not a JSON object" };
  const o = value as Record<string, unknown>;
  const action = typeof o["action"] === "string" ? o["action"] : null;
  if (action === null) {
    const key = SIGNALLING_KEYS.find((k) => k in o);
    return key ? { kind: "signalling", key } : { kind: "other", action: null };
  }
  switch (action) {
    case "domain-state":
      return { kind: "domain-state", accounts: list(o["accounts"]).flatMap(account), calls: list(o["calls"]).flatMap(call) };
    case "user-state": {
      const a = account(o);
      return a.length ? { kind: "user-state", account: a[0]! } : { kind: "malformed", reason: "user-state without account" };
    }
    case "call-state":
      return { kind: "call-state", calls: list(o["calls"]).flatMap(call) };
    default:
      return { kind: "other", action };
  }
}

/** The extension inside a party string: `"Ann" <sip:500@dom>` → "500", "500" → "500". */
export function extensionOf(party: string | null | undefined): string | null {
  if (!party) return null;
  const sip = /sips?:([^@;>]+)@/i.exec(party);
  if (sip) return sip[1]!;
  const trimmed = party.trim();
  return trimmed === "" ? null : trimmed;
}

function list(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x));
  if (typeof v === "object" && v !== null) return [v as Record<string, unknown>];
  return [];
}

function text(v: unknown): string | null {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

function bool(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (["true", "yes", "1", "on"].includes(s)) return true;
    if (["false", "no", "0", "off", ""].includes(s)) return false;
  }
  return null;
}

function account(o: Record<string, unknown>): AccountFrame[] {
  const id = text(o["account"]) ?? text(o["ext"]) ?? text(o["extension"]) ?? text(o["name"]) ?? text(o["id"]);
  if (!id) return [];
  return [{ account: id, registered: bool(o["registered"]), dnd: bool(o["dnd"]), chatStatus: text(o["chatstatus"]), raw: o }];
}

function call(o: Record<string, unknown>): CallFrame[] {
  const id = text(o["id"]) ?? text(o["callid"]) ?? text(o["call_id"]);
  if (!id) return [];
  const callState = (text(o["callstate"]) ?? text(o["state"]) ?? "").trim().toLowerCase();
  return [
    {
      id,
      from: text(o["from"]) ?? "",
      to: text(o["to"]) ?? "",
      callState,
      phase: PHASES.get(callState) ?? "unknown",
      queue: text(o["queue"]) ?? text(o["acd"]),
      agent: text(o["agent"]) ?? text(o["ext"]) ?? text(o["extension"]),
      raw: o,
    },
  ];
}
