/**
 * Tolerant parsing of what VoIPBin sends: WebSocket event frames and REST list pages
 * (DOMAIN.md section 6, shared/seeds/004). Never throws; unknown fields are kept (`raw`).
 *
 * Event frames come in two shapes, both current (bin-api-manager/docsdev/source/
 * websocket_overview.rst "Event Message Format"; pkg/subscribehandler/webhookmanager.go):
 * - wrapped `{"type": "<resource>_<verb>", "data": {...}}` (the webhook envelope), and
 * - bare: the resource object itself, with no event name at all.
 * A bare VoIPBin call has a top-level `type` too ("flow", "conference", "sip-service"), so a
 * frame counts as wrapped only when `type` looks like an event name (`word_word`) AND `data`
 * is an object. A bare frame's resource is recognised by its fields (below), since neither the
 * topic nor the event name travels with it.
 *
 * Resources (voipbin/monorepo, each model's webhook.go, which is what is published):
 * - agent (bin-agent-manager/models/agent): id, customer_id, username, name, detail,
 *   ring_method, status (available | away | busy | offline | ringing), permission (bitmask),
 *   tag_ids, addresses [{type, target, target_name, name, detail}], tm_*.
 * - queuecall (bin-queue-manager/models/queuecall): id, customer_id, reference_type ("call"),
 *   reference_id, status (initiating | waiting | connecting | kicking | service | done |
 *   abandoned), service_agent_id (nil UUID when none), duration_waiting / duration_service
 *   (ms), tm_create, tm_service, tm_update, tm_end (internal model only), tm_delete. The
 *   published message has NO queue_id; the internal model has `queue_id`, accepted if present.
 * - queue (bin-queue-manager/models/queue, REST only: queue events are not published to the
 *   WebSocket, queuehandler/db.go uses PublishEvent not PublishWebhookEvent): id, name,
 *   detail, tag_ids, wait_queuecall_ids, service_queuecall_ids (older docs:
 *   wait_queue_call_ids / service_queue_call_ids, accepted too), total_incoming_count,
 *   total_serviced_count, total_abandoned_count, tm_*.
 * - call (bin-call-manager/models/call): id, customer_id, owner_type/owner_id, type, source
 *   and destination {type, target, target_name, name}, status (dialing | ringing |
 *   progressing | terminating | canceling | hangup), direction, hangup_by, hangup_reason,
 *   tm_ringing, tm_progressing, tm_hangup, tm_*.
 * REST lists answer `{result: [...], next_page_token}` (bin-api-manager/server/main.go
 * GenerateListResponse); see rest.ts for paging.
 */
import { z } from "zod";
import { excerpt, isObject, parseJsonObject, type JsonObject } from "../link/json-object";
import { idOrNull, parseTm } from "./timestamps";

export const MAX_VOIPBIN_FRAME_CHARS = 4 * 1024 * 1024;

export const AGENT_STATUSES = ["available", "away", "busy", "offline", "ringing"] as const;
export const QUEUECALL_STATUSES = ["initiating", "waiting", "connecting", "kicking", "service", "done", "abandoned"] as const;
export const CALL_STATUSES = ["dialing", "ringing", "progressing", "terminating", "canceling", "hangup"] as const;

const text = z.union([z.string(), z.number(), z.null()]).optional().transform((v) => (v === null || v === undefined ? null : String(v)));
const ids = z
  .array(z.unknown())
  .max(100_000)
  .nullish()
  .transform((a) => (a ?? []).flatMap((x) => (idOrNull(x) ? [idOrNull(x)!] : [])));
const num = z.union([z.number(), z.string(), z.null()]).optional().transform((v) => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : null;
});
const tm = z.unknown().optional().transform((v) => parseTm(v));
const anId = z.string().trim().min(1).max(200);

const addressSchema = z.looseObject({ type: text, target: text, target_name: text, name: text });

const agentSchema = z.looseObject({
  id: anId,
  customer_id: text,
  username: text,
  name: text,
  status: text,
  permission: num,
  tag_ids: ids,
  addresses: z.array(z.unknown()).max(100).nullish(),
  tm_create: tm,
  tm_update: tm,
  tm_delete: tm,
});

const queuecallSchema = z.looseObject({
  id: anId,
  customer_id: text,
  queue_id: text,
  reference_type: text,
  reference_id: text,
  status: text,
  service_agent_id: text,
  duration_waiting: num,
  duration_service: num,
  tm_create: tm,
  tm_service: tm,
  tm_update: tm,
  tm_end: tm,
  tm_delete: tm,
});

const queueSchema = z.looseObject({
  id: anId,
  customer_id: text,
  name: text,
  detail: text,
  tag_ids: ids,
  wait_queuecall_ids: ids,
  service_queuecall_ids: ids,
  wait_queue_call_ids: ids,
  service_queue_call_ids: ids,
  total_incoming_count: num,
  total_serviced_count: num,
  total_abandoned_count: num,
  tm_update: tm,
  tm_delete: tm,
});

const callSchema = z.looseObject({
  id: anId,
  customer_id: text,
  status: text,
  direction: text,
  source: z.unknown().optional(),
  destination: z.unknown().optional(),
  tm_ringing: tm,
  tm_progressing: tm,
  tm_hangup: tm,
  tm_create: tm,
  tm_update: tm,
  tm_delete: tm,
});

export interface VbAddress {
  type: string | null;
  target: string | null;
  targetName: string | null;
  name: string | null;
}

export interface VbAgent {
  id: string;
  customerId: string | null;
  username: string | null;
  name: string | null;
  /** Lower-cased; "" when absent. */
  status: string;
  permission: number | null;
  tagIds: string[];
  addresses: VbAddress[];
  /** ms, platform clock; null when unset. */
  tmUpdate: number | null;
  tmDelete: number | null;
  raw: JsonObject;
}

export interface VbQueuecall {
  id: string;
  customerId: string | null;
  /** Only when the frame carries one (the published message does not). */
  queueId: string | null;
  referenceType: string | null;
  referenceId: string | null;
  status: string;
  serviceAgentId: string | null;
  /** ms. */
  durationWaiting: number | null;
  durationService: number | null;
  tmCreate: number | null;
  tmService: number | null;
  tmUpdate: number | null;
  tmEnd: number | null;
  tmDelete: number | null;
  raw: JsonObject;
}

export interface VbQueue {
  id: string;
  name: string;
  detail: string | null;
  tagIds: string[];
  waitQueuecallIds: string[];
  serviceQueuecallIds: string[];
  totalIncoming: number | null;
  totalServiced: number | null;
  totalAbandoned: number | null;
  tmUpdate: number | null;
  tmDelete: number | null;
  raw: JsonObject;
}

export interface VbCall {
  id: string;
  status: string;
  direction: string | null;
  source: VbAddress | null;
  destination: VbAddress | null;
  tmRinging: number | null;
  tmProgressing: number | null;
  tmHangup: number | null;
  tmCreate: number | null;
  tmUpdate: number | null;
  tmDelete: number | null;
  raw: JsonObject;
}

export type VbResource =
  | { resource: "agent"; agent: VbAgent }
  | { resource: "queuecall"; queuecall: VbQueuecall }
  | { resource: "call"; call: VbCall }
  | { resource: "queue"; queue: VbQueue };

export type VbFrame =
  | ({ kind: "event"; shape: "wrapped" | "bare"; eventType: string | null } & VbResource)
  /** A valid event of a resource we do not use (e.g. activeflow_updated). */
  | { kind: "other"; shape: "wrapped" | "bare"; eventType: string | null }
  | { kind: "malformed"; reason: string; excerpt: string };

/** Parses one WebSocket frame's text. Never throws. */
export function parseVoipbinFrame(frameText: string): VbFrame {
  if (frameText.length > MAX_VOIPBIN_FRAME_CHARS) return malformed(`frame longer than ${MAX_VOIPBIN_FRAME_CHARS} characters`, frameText);
  const parsed = parseJsonObject(frameText);
  if (!parsed.ok) return malformed(parsed.reason, frameText);
  const o = parsed.value;
  const wrapped = typeof o["type"] === "string" && /^[a-z][a-z0-9]*_[a-z0-9_.]+$/.test(o["type"]) && isObject(o["data"]);
  if (wrapped) {
    const eventType = o["type"] as string;
    const resource = eventType.split("_")[0]!;
    const data = o["data"] as JsonObject;
    const r = parseResource(resource, data);
    if (r === "unknown") return { kind: "other", shape: "wrapped", eventType };
    if (typeof r === "string") return malformed(`${eventType}: ${r}`, frameText);
    return { kind: "event", shape: "wrapped", eventType, ...r };
  }
  const resource = recogniseBare(o);
  if (resource === null) {
    if (typeof o["id"] !== "string") return malformed("neither a {type, data} event nor a resource with an id", frameText);
    return { kind: "other", shape: "bare", eventType: null };
  }
  const r = parseResource(resource, o);
  if (r === "unknown") return { kind: "other", shape: "bare", eventType: null };
  if (typeof r === "string") return malformed(`bare ${resource}: ${r}`, frameText);
  return { kind: "event", shape: "bare", eventType: null, ...r };
}

/** Which resource a bare object is, by the fields only that resource has; null when none fits. */
export function recogniseBare(o: JsonObject): "agent" | "queuecall" | "call" | "queue" | null {
  const has = (k: string) => k in o;
  if (has("reference_type") || has("service_agent_id") || has("duration_waiting") || has("reference_activeflow_id")) return "queuecall";
  if (has("username") || has("ring_method") || has("permission")) return "agent";
  if (has("wait_queuecall_ids") || has("service_queuecall_ids") || has("wait_queue_call_ids") || has("routing_method")) return "queue";
  // Calls have parties and call-only fields; messages (not subscribed, but possible) have parties too.
  const callStatus = typeof o["status"] === "string" && (CALL_STATUSES as readonly string[]).includes(o["status"]);
  if ((has("source") || has("destination")) && (has("hangup_reason") || has("hangup_by") || has("tm_progressing") || has("tm_ringing") || callStatus)) return "call";
  // Last resort: the status word (agent "ringing" and call "ringing" clash; agents win, they are what we track).
  const st = typeof o["status"] === "string" ? o["status"] : "";
  if ((QUEUECALL_STATUSES as readonly string[]).includes(st) && st !== "waiting") return "queuecall";
  if ((AGENT_STATUSES as readonly string[]).includes(st)) return "agent";
  if ((CALL_STATUSES as readonly string[]).includes(st)) return "call";
  return null;
}

/** One resource object; "unknown" for resources we do not use; a string reason when invalid. */
export function parseResource(resource: string, o: JsonObject): VbResource | "unknown" | string {
  switch (resource) {
    case "agent": {
      const r = agentSchema.safeParse(o);
      return r.success ? { resource: "agent", agent: toAgent(r.data, o) } : issue(r.error);
    }
    case "queuecall": {
      const r = queuecallSchema.safeParse(o);
      return r.success ? { resource: "queuecall", queuecall: toQueuecall(r.data, o) } : issue(r.error);
    }
    case "queue": {
      const r = queueSchema.safeParse(o);
      return r.success ? { resource: "queue", queue: toQueue(r.data, o) } : issue(r.error);
    }
    case "call": {
      const r = callSchema.safeParse(o);
      return r.success ? { resource: "call", call: toCall(r.data, o) } : issue(r.error);
    }
    default:
      return "unknown";
  }
}

export interface VbPage<T> {
  items: T[];
  /** Items that failed validation. */
  dropped: number;
  /** The cursor for the next page; VoIPBin sends one even on the last page (see rest.ts). */
  nextPageToken: string | null;
  /** Number of entries in `result` as received. */
  received: number;
}

/** A REST list answer `{result, next_page_token}` of `resource` items. Null when not such an answer. */
export function parsePage<R extends VbResource["resource"]>(body: unknown, resource: R, maxItems: number): VbPage<Extract<VbResource, { resource: R }>> | null {
  if (!isObject(body) || !(Array.isArray(body["result"]) || body["result"] === null)) return null;
  const arr = (body["result"] as unknown[] | null) ?? [];
  const items: Extract<VbResource, { resource: R }>[] = [];
  let dropped = Math.max(0, arr.length - maxItems);
  for (const item of arr.slice(0, maxItems)) {
    const r = isObject(item) ? parseResource(resource, item) : "not an object";
    if (typeof r === "object" && r.resource === resource) items.push(r as Extract<VbResource, { resource: R }>);
    else dropped++;
  }
  const tok = body["next_page_token"];
  return { items, dropped, nextPageToken: typeof tok === "string" && tok !== "" ? tok : null, received: arr.length };
}

/** The subscribe / unsubscribe frame (seed 004). */
export function subscribeFrame(topics: string[], type: "subscribe" | "unsubscribe" = "subscribe"): string {
  return JSON.stringify({ type, topics });
}

// ---------------------------------------------------------------------------------------------

function malformed(reason: string, t: string): VbFrame {
  return { kind: "malformed", reason, excerpt: excerpt(t) };
}

function issue(err: z.ZodError): string {
  const first = err.issues[0];
  return first ? `${first.path.join(".") || "object"}: ${first.message}` : "invalid";
}

function address(v: unknown): VbAddress | null {
  const r = addressSchema.safeParse(v);
  if (!r.success) return null;
  return { type: r.data.type, target: r.data.target, targetName: r.data.target_name, name: r.data.name };
}

function toAgent(d: z.output<typeof agentSchema>, original: JsonObject): VbAgent {
  return {
    id: d.id,
    customerId: d.customer_id,
    username: d.username,
    name: d.name,
    status: (d.status ?? "").trim().toLowerCase(),
    permission: d.permission,
    tagIds: d.tag_ids,
    addresses: (d.addresses ?? []).flatMap((a) => (address(a) ? [address(a)!] : [])),
    tmUpdate: d.tm_update,
    tmDelete: d.tm_delete,
    raw: original,
  };
}

function toQueuecall(d: z.output<typeof queuecallSchema>, original: JsonObject): VbQueuecall {
  return {
    id: d.id,
    customerId: d.customer_id,
    queueId: idOrNull(d.queue_id),
    referenceType: d.reference_type,
    referenceId: idOrNull(d.reference_id),
    status: (d.status ?? "").trim().toLowerCase(),
    serviceAgentId: idOrNull(d.service_agent_id),
    durationWaiting: d.duration_waiting,
    durationService: d.duration_service,
    tmCreate: d.tm_create,
    tmService: d.tm_service,
    tmUpdate: d.tm_update,
    tmEnd: d.tm_end,
    tmDelete: d.tm_delete,
    raw: original,
  };
}

function toQueue(d: z.output<typeof queueSchema>, original: JsonObject): VbQueue {
  return {
    id: d.id,
    name: d.name ?? d.id,
    detail: d.detail,
    tagIds: d.tag_ids,
    // The current model writes wait_queuecall_ids; older docs wait_queue_call_ids. Either.
    waitQueuecallIds: d.wait_queuecall_ids.length ? d.wait_queuecall_ids : d.wait_queue_call_ids,
    serviceQueuecallIds: d.service_queuecall_ids.length ? d.service_queuecall_ids : d.service_queue_call_ids,
    totalIncoming: d.total_incoming_count,
    totalServiced: d.total_serviced_count,
    totalAbandoned: d.total_abandoned_count,
    tmUpdate: d.tm_update,
    tmDelete: d.tm_delete,
    raw: original,
  };
}

function toCall(d: z.output<typeof callSchema>, original: JsonObject): VbCall {
  return {
    id: d.id,
    status: (d.status ?? "").trim().toLowerCase(),
    direction: d.direction,
    source: address(d.source),
    destination: address(d.destination),
    tmRinging: d.tm_ringing,
    tmProgressing: d.tm_progressing,
    tmHangup: d.tm_hangup,
    tmCreate: d.tm_create,
    tmUpdate: d.tm_update,
    tmDelete: d.tm_delete,
    raw: original,
  };
}
