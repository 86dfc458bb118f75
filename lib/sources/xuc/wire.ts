/**
 * Tolerant parsing of XiVO XuC CTI WebSocket frames (DOMAIN.md section 5, shared/seeds/002).
 *
 * Every server frame is one JSON text `{"msgType": T, "ctiMessage": ...}`; `ctiMessage` is an
 * object, or an array for the list replies (AgentList, QueueList, QueueMemberList,
 * UsersStatuses). Unknown fields are kept (`raw`), unknown msgTypes become `other`, and a
 * frame that is not such an object is `malformed` with a reason: parsing never throws.
 * List items that fail validation are dropped and counted (`dropped`), the rest is used.
 *
 * Where each rule comes from (read, not copied):
 * - Frame envelope, msgType names, list replies as arrays, heartbeat: xivo.solutions xucserver
 *   `app/assets/javascripts/cti.js` (Cti.receive publishes `message.ctiMessage` under
 *   `message.msgType`; Cti.MessageType lists AgentStateEvent, AgentConfig, AgentList,
 *   QueueConfig, QueueList, QueueMember, QueueMemberList, QueueCalls, QueueStatistics,
 *   UsersStatuses, LoggedOn, Error, ...).
 * - AgentStateEvent fields `name`, `agentId`, `phoneNb` (may be the string "null"), `since`
 *   (seconds already in the state), `queues`, `cause`, `acd`, `direction`: the CCManager
 *   XucAgent service (onAgentState: `buildMoment(since)` = now − since seconds; phoneNb
 *   "null" → none; state AgentOnAcdCall when `acd`, AgentOnIncomingCall / AgentOnOutgoingCall
 *   by `direction`).
 * - AgentConfig items `id`, `userId`, `firstName`, `lastName` (+ `number`, `groupId`):
 *   CCManager XucAgent onAgentConfig / buildAgent.
 * - QueueMember `{agentId, queueId, penalty}`, penalty < 0 = removed: CCManager XucAgent
 *   updateQueueMember.
 * - UsersStatuses items `{name, color, longName, actions:[{name, parameters}]}`, an action
 *   `queuepause_all` marks a not-ready (pause) status: CCManager XucAgent onUserStatuses.
 * - QueueStatistics `{queueId | queueRef, counters:[{statName, value}]}`, keyed by `queueId`
 *   or, when absent, by the queue's `name` in `queueRef`; only changed counters: CCManager
 *   XucQueue onQueueStatistics. Counter names: DOMAIN.md section 5 / seed 002; both
 *   LongestWaitTime (CCManager) and LongestWaitingTime (the docs) are accepted.
 * - QueueCalls `{queueId, calls:[{position, name, number, queueTime}]}`: DOMAIN.md section 5.
 *   queueTime is accepted as an ISO date, epoch ms or epoch seconds (the docs show no example).
 * - LoggedOnError `{Error: "loggedOnFailed" | "loggedOnTimeout"}` (the socket is closed right
 *   after it): XiVO documentation, api_sdk/xuc/api/generic (LoggedOnError).
 * - Error `{Error: "Maximum throttle throughput exceeded."}`: seed 002 (Throttling).
 */
import { z } from "zod";
import { excerpt, isObject, parseJsonObject, type JsonObject } from "../link/json-object";

/** Longest frame text we parse, characters (the WebSocket maxPayload bounds it before that). */
export const MAX_XUC_FRAME_CHARS = 4 * 1024 * 1024;
/** Most items taken from one list reply; the rest is dropped and counted. */
export const MAX_XUC_LIST_ITEMS = 20_000;

export const XUC_THROTTLE_ERROR = "Maximum throttle throughput exceeded.";

/** XuC ids are integers on the wire; we keep them as strings. */
const id = z.union([z.string().trim().min(1).max(200), z.number().finite()]).transform((v) => String(v));
const optText = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? null : String(v)));
const optBool = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (typeof v === "boolean" ? v : typeof v === "number" ? v !== 0 : typeof v === "string" ? ["true", "1", "yes"].includes(v.toLowerCase()) : null));

export const AGENT_STATE_NAMES = [
  "AgentLogin",
  "AgentReady",
  "AgentOnPause",
  "AgentOnWrapup",
  "AgentRinging",
  "AgentDialing",
  "AgentOnCall",
  "AgentLoggedOut",
  // Client-side names CCManager derives from AgentOnCall + acd/direction; accepted if a
  // server ever sends them.
  "AgentOnAcdCall",
  "AgentOnIncomingCall",
  "AgentOnOutgoingCall",
] as const;

const agentStateSchema = z.looseObject({
  name: z.string().min(1).max(100),
  agentId: id,
  phoneNb: optText,
  since: z.union([z.number(), z.string(), z.null()]).optional().transform((v) => {
    const n = typeof v === "string" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : null;
  }),
  queues: z.array(z.unknown()).max(MAX_XUC_LIST_ITEMS).nullish(),
  cause: optText,
  acd: optBool,
  direction: optText,
});

const agentConfigSchema = z.looseObject({
  id,
  userId: optText,
  firstName: optText,
  lastName: optText,
  number: optText,
  groupId: optText,
});

const queueConfigSchema = z.looseObject({
  id,
  name: z.string().max(500).nullish(),
  displayName: optText,
  number: optText,
});

const queueMemberSchema = z.looseObject({
  agentId: id,
  queueId: id,
  penalty: z.union([z.number(), z.string()]).transform((v) => Number(v)).pipe(z.number().finite()),
});

const userStatusSchema = z.looseObject({
  name: z.string().min(1).max(200),
  longName: optText,
  color: optText,
  actions: z.array(z.unknown()).max(100).nullish(),
});

const counterSchema = z.looseObject({
  statName: z.string().min(1).max(200),
  value: z.union([z.number(), z.string()]).transform((v) => Number(v)).pipe(z.number().finite()),
});

const queueCallSchema = z.looseObject({
  position: z.union([z.number(), z.string()]).transform((v) => Number(v)).pipe(z.number().finite()).nullish(),
  name: optText,
  number: optText,
  queueTime: z.unknown().optional(),
});

export interface XucAgentState {
  /** XuC's state name (AgentReady, AgentOnPause, ...); unknown names are kept as sent. */
  name: string;
  agentId: string;
  /** The agent's phone; null when absent or the string "null". */
  phoneNb: string | null;
  /** Seconds already spent in the state; null when absent or not a number. */
  since: number | null;
  queues: string[];
  /** Pause reason: a UsersStatuses `name`; null when none. */
  cause: string | null;
  acd: boolean | null;
  direction: "incoming" | "outgoing" | null;
  raw: JsonObject;
}

export interface XucAgentConfig {
  id: string;
  userId: string | null;
  firstName: string | null;
  lastName: string | null;
  number: string | null;
  raw: JsonObject;
}

export interface XucQueueConfig {
  id: string;
  name: string;
  displayName: string | null;
  number: string | null;
  raw: JsonObject;
}

export interface XucQueueMember {
  agentId: string;
  queueId: string;
  /** < 0: the agent was removed from the queue. */
  penalty: number;
  raw: JsonObject;
}

export interface XucUserStatus {
  /** The code an AgentStateEvent `cause` names. */
  name: string;
  longName: string | null;
  /** True when an action pauses the agent in every queue (`queuepause_all`), false when it unpauses, null when neither. */
  pauses: boolean | null;
  raw: JsonObject;
}

export interface XucCounter {
  statName: string;
  value: number;
}

export interface XucQueueCall {
  position: number;
  name: string | null;
  number: string | null;
  /** ms since the epoch when the call entered the queue; null when absent or unreadable. */
  queuedAt: number | null;
  raw: JsonObject;
}

export type XucFrame =
  | { kind: "agent-state"; state: XucAgentState }
  | { kind: "agent-config"; agents: XucAgentConfig[]; list: boolean; dropped: number }
  | { kind: "queue-config"; queues: XucQueueConfig[]; list: boolean; dropped: number }
  | { kind: "queue-member"; members: XucQueueMember[]; list: boolean; dropped: number }
  | { kind: "users-statuses"; statuses: XucUserStatus[]; dropped: number }
  | { kind: "queue-statistics"; queueId: string | null; queueRef: string | null; counters: XucCounter[]; dropped: number; raw: JsonObject }
  | { kind: "queue-calls"; queueId: string; calls: XucQueueCall[]; dropped: number; raw: JsonObject }
  | { kind: "logged-on"; raw: unknown }
  | { kind: "logged-on-error"; reason: string; raw: unknown }
  | { kind: "error"; message: string; throttled: boolean; raw: unknown }
  | { kind: "other"; msgType: string }
  | { kind: "malformed"; reason: string; excerpt: string };

/** Parses one frame's text. Never throws. */
export function parseXucFrame(text: string): XucFrame {
  if (text.length > MAX_XUC_FRAME_CHARS) return malformed(`frame longer than ${MAX_XUC_FRAME_CHARS} characters`, text);
  const parsed = parseJsonObject(text);
  if (!parsed.ok) return malformed(parsed.reason, text);
  const o = parsed.value;
  const msgType = o["msgType"];
  if (typeof msgType !== "string" || msgType === "") return malformed("no msgType", text);
  const m = o["ctiMessage"];
  switch (msgType) {
    case "AgentStateEvent": {
      const r = agentStateSchema.safeParse(m);
      return r.success && isObject(m) ? { kind: "agent-state", state: toAgentState(r.data, m) } : malformed(`AgentStateEvent: ${r.success ? "not an object" : issue(r.error)}`, text);
    }
    case "AgentConfig":
    case "AgentList": {
      const { items, dropped } = listOf(m, agentConfigSchema);
      if (msgType === "AgentConfig" && items.length === 0) return malformed("AgentConfig without a valid agent", text);
      return { kind: "agent-config", list: msgType === "AgentList", dropped, agents: items.map((a) => ({ id: a.id, userId: a.userId, firstName: a.firstName, lastName: a.lastName, number: nullIfNullWord(a.number), raw: a.original })) };
    }
    case "QueueConfig":
    case "QueueList": {
      const { items, dropped } = listOf(m, queueConfigSchema);
      if (msgType === "QueueConfig" && items.length === 0) return malformed("QueueConfig without a valid queue", text);
      return { kind: "queue-config", list: msgType === "QueueList", dropped, queues: items.map((q) => ({ id: q.id, name: q.name ?? q.id, displayName: q.displayName, number: q.number, raw: q.original })) };
    }
    case "QueueMember":
    case "QueueMemberList": {
      const { items, dropped } = listOf(m, queueMemberSchema);
      if (msgType === "QueueMember" && items.length === 0) return malformed("QueueMember without agentId/queueId/penalty", text);
      return { kind: "queue-member", list: msgType === "QueueMemberList", dropped, members: items.map((q) => ({ agentId: q.agentId, queueId: q.queueId, penalty: q.penalty, raw: q.original })) };
    }
    case "UsersStatuses": {
      const { items, dropped } = listOf(m, userStatusSchema);
      return { kind: "users-statuses", dropped, statuses: items.map((s) => ({ name: s.name, longName: s.longName, pauses: pauseAction(s.actions), raw: s.original })) };
    }
    case "QueueStatistics":
      return queueStatistics(m, text);
    case "QueueCalls":
      return queueCalls(m, text);
    case "LoggedOn":
      return { kind: "logged-on", raw: m };
    case "LoggedOnError": {
      const reason = isObject(m) && typeof m["Error"] === "string" ? m["Error"] : typeof m === "string" ? m : "unknown";
      return { kind: "logged-on-error", reason, raw: m };
    }
    case "Error": {
      const message = isObject(m) && typeof m["Error"] === "string" ? m["Error"] : typeof m === "string" ? m : JSON.stringify(m ?? null).slice(0, 200);
      return { kind: "error", message, throttled: message.trim().toLowerCase().startsWith("maximum throttle throughput exceeded"), raw: m };
    }
    default:
      return { kind: "other", msgType };
  }
}

/** Client → server command frame (cti.js WebsocketMessageFactory.createMessage). */
export function xucCommand(command: string, args: Record<string, unknown> = {}): string {
  return JSON.stringify({ claz: "web", command, ...args });
}

/** The heartbeat (cti.js createPing). */
export const XUC_PING = JSON.stringify({ claz: "ping" });

// ---------------------------------------------------------------------------------------------

function malformed(reason: string, text: string): XucFrame {
  return { kind: "malformed", reason, excerpt: excerpt(text) };
}

function issue(err: z.ZodError): string {
  const first = err.issues[0];
  return first ? `${first.path.join(".") || "message"}: ${first.message}` : "invalid";
}

/** Items of a list reply: an array, a single object, or an object wrapping the array. */
function listOf<S extends z.ZodType>(m: unknown, schema: S): { items: (z.output<S> & { original: JsonObject })[]; dropped: number } {
  let arr: unknown[];
  if (Array.isArray(m)) arr = m;
  else if (isObject(m)) {
    const inner = ["list", "items", "agents", "queues", "members", "statuses"].map((k) => m[k]).find(Array.isArray) as unknown[] | undefined;
    arr = inner ?? [m];
  } else arr = [];
  const items: (z.output<S> & { original: JsonObject })[] = [];
  let dropped = Math.max(0, arr.length - MAX_XUC_LIST_ITEMS);
  for (const item of arr.slice(0, MAX_XUC_LIST_ITEMS)) {
    const r = schema.safeParse(item);
    // `original` is the item as received (raw keeps XuC's own values, not our coerced ones).
    if (r.success && isObject(item)) items.push(Object.assign({}, r.data as object, { original: item }) as z.output<S> & { original: JsonObject });
    else dropped++;
  }
  return { items, dropped };
}

function nullIfNullWord(v: string | null): string | null {
  if (v === null) return null;
  const t = v.trim();
  return t === "" || t.toLowerCase() === "null" ? null : t;
}

function toAgentState(d: z.output<typeof agentStateSchema>, original: JsonObject): XucAgentState {
  const dir = d.direction?.toLowerCase() ?? null;
  return {
    name: d.name,
    agentId: d.agentId,
    phoneNb: nullIfNullWord(d.phoneNb),
    since: d.since,
    queues: (d.queues ?? []).flatMap((q) => (typeof q === "number" || (typeof q === "string" && q !== "") ? [String(q)] : [])),
    cause: nullIfNullWord(d.cause),
    acd: d.acd,
    direction: dir === "incoming" ? "incoming" : dir === "outgoing" ? "outgoing" : null,
    raw: original,
  };
}

function pauseAction(actions: unknown[] | null | undefined): boolean | null {
  const names = (actions ?? []).map((a) => (isObject(a) && typeof a["name"] === "string" ? a["name"] : null));
  if (names.includes("queuepause_all")) return true;
  if (names.includes("queueunpause_all")) return false;
  return null;
}

function queueStatistics(m: unknown, text: string): XucFrame {
  if (!isObject(m)) return malformed("QueueStatistics is not an object", text);
  const queueId = typeof m["queueId"] === "number" || (typeof m["queueId"] === "string" && m["queueId"] !== "") ? String(m["queueId"]) : null;
  const queueRef = typeof m["queueRef"] === "string" && m["queueRef"] !== "" ? m["queueRef"] : null;
  if (queueId === null && queueRef === null) return malformed("QueueStatistics without queueId or queueRef", text);
  const { items, dropped } = listOf(Array.isArray(m["counters"]) ? m["counters"] : [], counterSchema);
  return { kind: "queue-statistics", queueId, queueRef, dropped, counters: items.map((c) => ({ statName: c.statName, value: c.value })), raw: m };
}

function queueCalls(m: unknown, text: string): XucFrame {
  if (!isObject(m)) return malformed("QueueCalls is not an object", text);
  const qid = m["queueId"];
  if (!(typeof qid === "number" || (typeof qid === "string" && qid !== ""))) return malformed("QueueCalls without queueId", text);
  const { items, dropped } = listOf(Array.isArray(m["calls"]) ? m["calls"] : [], queueCallSchema);
  const calls = items.map((c, i) => ({ position: c.position ?? i + 1, name: nullIfNullWord(c.name), number: nullIfNullWord(c.number), queuedAt: instant(c.queueTime), raw: c.original }));
  return { kind: "queue-calls", queueId: String(qid), calls, dropped, raw: m };
}

/** An instant as XuC may write it: ISO text, epoch ms, or epoch seconds. */
export function instant(v: unknown): number | null {
  if (typeof v === "number" && Number.isFinite(v)) return v > 1e11 ? v : v * 1000;
  if (typeof v === "string" && v.trim() !== "") {
    if (/^\d+(\.\d+)?$/.test(v.trim())) return instant(Number(v));
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}
