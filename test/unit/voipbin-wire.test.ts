import { describe, expect, it } from "vitest";
import { parseTm, idOrNull, NIL_UUID } from "../../lib/sources/voipbin/timestamps";
import { parsePage, parseVoipbinFrame, recogniseBare, subscribeFrame } from "../../lib/sources/voipbin/wire";
import { jwtExpiry } from "../../lib/sources/voipbin/rest";

const AGENT = { id: "a-1", customer_id: "c-1", username: "ann", name: "Ann Lee", detail: "", ring_method: "ringall", status: "available", permission: 16, tag_ids: ["t1"], addresses: [{ type: "extension", target: "2001" }], tm_create: "2026-03-02T08:00:00.000000Z", tm_update: "2026-03-02T09:00:00.000000Z", tm_delete: null };
const QUEUECALL = { id: "qc-1", customer_id: "c-1", reference_type: "call", reference_id: "call-1", status: "waiting", service_agent_id: NIL_UUID, duration_waiting: 0, duration_service: 0, tm_create: "2026-03-02T09:00:00.000000Z", tm_service: null, tm_update: "2026-03-02T09:00:01.000000Z", tm_delete: null };
const CALL = { id: "call-1", customer_id: "c-1", type: "flow", source: { type: "tel", target: "+33611" }, destination: { type: "tel", target: "3000" }, status: "progressing", direction: "incoming", tm_progressing: "2026-03-02T09:00:00Z" };

describe("VoIPBin tm_* timestamps", () => {
  it("reads RFC 3339, the legacy space form as UTC, and unset markers", () => {
    expect(parseTm("2026-03-02T09:15:02.123456Z")).toBe(Date.parse("2026-03-02T09:15:02.123Z"));
    expect(parseTm("2026-03-02T10:15:02+01:00")).toBe(Date.parse("2026-03-02T09:15:02Z"));
    expect(parseTm("2022-03-29 15:07:46.111715")).toBe(Date.UTC(2022, 2, 29, 15, 7, 46, 111));
    expect(parseTm("2022-03-29 15:07:46")).toBe(Date.UTC(2022, 2, 29, 15, 7, 46));
    for (const unset of [null, undefined, "", "9999-01-01 00:00:00.000000", "9999-01-01T00:00:00Z", "yesterday", 12345]) expect(parseTm(unset), String(unset)).toBeNull();
  });

  it("treats the nil UUID and empty ids as no id", () => {
    expect(idOrNull(NIL_UUID)).toBeNull();
    expect(idOrNull("")).toBeNull();
    expect(idOrNull("a-1")).toBe("a-1");
  });
});

describe("VoIPBin event frames", () => {
  it("reads the wrapped {type, data} shape", () => {
    const f = parseVoipbinFrame(JSON.stringify({ type: "agent_status_updated", data: AGENT }));
    expect(f).toMatchObject({ kind: "event", shape: "wrapped", eventType: "agent_status_updated", resource: "agent" });
    expect(f.kind === "event" && f.resource === "agent" && f.agent).toMatchObject({ id: "a-1", status: "available", username: "ann", tagIds: ["t1"], tmDelete: null, addresses: [{ type: "extension", target: "2001" }] });
  });

  it("recognises bare resources by their own fields", () => {
    expect(parseVoipbinFrame(JSON.stringify(AGENT))).toMatchObject({ kind: "event", shape: "bare", eventType: null, resource: "agent" });
    const qc = parseVoipbinFrame(JSON.stringify(QUEUECALL));
    expect(qc).toMatchObject({ kind: "event", shape: "bare", resource: "queuecall" });
    expect(qc.kind === "event" && qc.resource === "queuecall" && qc.queuecall).toMatchObject({ serviceAgentId: null, queueId: null, status: "waiting", tmService: null });
    // A bare call has a top-level "type" ("flow") that is not an event name: still bare.
    expect(parseVoipbinFrame(JSON.stringify(CALL))).toMatchObject({ kind: "event", shape: "bare", resource: "call" });
    expect(recogniseBare({ id: "q", wait_queuecall_ids: [] })).toBe("queue");
  });

  it("keeps unknown fields and accepts a queue_id when a frame has one", () => {
    const f = parseVoipbinFrame(JSON.stringify({ ...QUEUECALL, queue_id: "q-9", reference_activeflow_id: "af" }));
    expect(f.kind === "event" && f.resource === "queuecall" && [f.queuecall.queueId, f.queuecall.raw["reference_activeflow_id"]]).toEqual(["q-9", "af"]);
  });

  it("reads the older legacy timestamps in an event", () => {
    const f = parseVoipbinFrame(JSON.stringify({ type: "queuecall_serviced", data: { ...QUEUECALL, status: "service", tm_service: "2026-03-02 09:00:20.500000", tm_delete: "9999-01-01 00:00:00.000000" } }));
    expect(f.kind === "event" && f.resource === "queuecall" && [f.queuecall.tmService, f.queuecall.tmDelete]).toEqual([Date.UTC(2026, 2, 2, 9, 0, 20, 500), null]);
  });

  it("events of resources we do not use are 'other'; broken ones are malformed with a reason", () => {
    expect(parseVoipbinFrame(JSON.stringify({ type: "activeflow_updated", data: { id: "x" } }))).toEqual({ kind: "other", shape: "wrapped", eventType: "activeflow_updated" });
    expect(parseVoipbinFrame(JSON.stringify({ id: "m", text: "hi" }))).toEqual({ kind: "other", shape: "bare", eventType: null });
    for (const t of ["", "{", "[]", "42", JSON.stringify({ hello: 1 }), JSON.stringify({ type: "agent_updated", data: { name: "no id" } })]) {
      const f = parseVoipbinFrame(t);
      expect(f.kind, t).toBe("malformed");
    }
  });

  it("writes the subscribe frame of the docs", () => {
    expect(JSON.parse(subscribeFrame(["customer_id:c:agent"]))).toEqual({ type: "subscribe", topics: ["customer_id:c:agent"] });
  });
});

describe("VoIPBin REST pages and tokens", () => {
  it("reads {result, next_page_token} and drops invalid items", () => {
    const page = parsePage({ result: [AGENT, { name: "no id" }], next_page_token: "2026-03-02T08:00:00.000000Z" }, "agent", 100);
    expect(page).toMatchObject({ dropped: 1, nextPageToken: "2026-03-02T08:00:00.000000Z", received: 2 });
    expect(page!.items[0]!.agent.id).toBe("a-1");
    expect(parsePage({ result: null, next_page_token: "" }, "queue", 100)).toMatchObject({ items: [], nextPageToken: null });
    expect(parsePage({ data: [] }, "queue", 100)).toBeNull();
  });

  it("reads a JWT's exp claim", () => {
    const jwt = `x.${Buffer.from(JSON.stringify({ exp: 1772400000 })).toString("base64url")}.y`;
    expect(jwtExpiry(jwt)).toBe(1772400000_000);
    expect(jwtExpiry("opaque-token")).toBeNull();
  });
});
