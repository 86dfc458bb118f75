import { describe, expect, it } from "vitest";
import { extensionOf, parsePbxFrame } from "../../lib/sources/vodia/frames";
import { applyCallFrame, endUnseen } from "../../lib/calls/tracker";
import { CallBook } from "../../lib/calls/call-book";
import { phoneStatuses } from "../../lib/calls/phones";

describe("parsePbxFrame (tolerant)", () => {
  it("reads domain-state accounts and calls, keeping unknown fields", () => {
    const f = parsePbxFrame(
      JSON.stringify({
        action: "domain-state",
        messages: 0,
        accounts: [{ account: "500", registered: "true", dnd: 0, chatstatus: "online", weird: [1] }, { nothing: "here" }],
        calls: [{ id: "c1", from: '"Ann" <sip:+4930123@dom>', to: "700", callstate: "Waiting", queue: "700", codec: "opus" }],
      }),
    );
    expect(f.kind).toBe("domain-state");
    if (f.kind !== "domain-state") return;
    expect(f.accounts).toEqual([{ account: "500", registered: true, dnd: false, chatStatus: "online", raw: expect.objectContaining({ weird: [1] }) }]);
    expect(f.calls[0]).toMatchObject({ id: "c1", phase: "waiting", queue: "700", callState: "waiting", raw: expect.objectContaining({ codec: "opus" }) });
  });

  it("accepts calls as a single object (as the Vodia documentation shows it)", () => {
    const f = parsePbxFrame('{"action":"call-state","calls":{"id":"x","from":"501","to":"502","callstate":"ringing"}}');
    expect(f).toMatchObject({ kind: "call-state", calls: [{ id: "x", phase: "ringing" }] });
  });

  it("an unknown callstate such as 'constructor' is the phase unknown, never an Object member (issue 11 item 15)", () => {
    for (const word of ["constructor", "__proto__", "toString"]) {
      const f = parsePbxFrame(JSON.stringify({ action: "call-state", calls: [{ id: "x", from: "501", to: "502", callstate: word }] }));
      expect(f).toMatchObject({ kind: "call-state", calls: [{ id: "x", phase: "unknown" }] });
    }
  });

  it("ignores WebRTC signalling frames and unknown actions, flags malformed text", () => {
    expect(parsePbxFrame('{"candidate":{"sdpMid":"0"}}')).toEqual({ kind: "signalling", key: "candidate" });
    expect(parsePbxFrame('{"sdp":"v=0"}')).toEqual({ kind: "signalling", key: "sdp" });
    expect(parsePbxFrame('{"action":"chat-message","text":"hi"}')).toEqual({ kind: "other", action: "chat-message" });
    expect(parsePbxFrame("{not json")).toEqual({ kind: "malformed", reason: "not JSON" });
    expect(parsePbxFrame("[1,2]")).toEqual({ kind: "malformed", reason: "not a JSON object" });
    expect(parsePbxFrame('{"action":"user-state"}')).toEqual({ kind: "malformed", reason: "user-state without account" });
  });

  it("finds the extension in SIP-style parties", () => {
    expect(extensionOf('"Ann" <sip:500@pbx.example>')).toBe("500");
    expect(extensionOf("502")).toBe("502");
    expect(extensionOf("")).toBeNull();
  });
});

const frame = (callstate: string, extra: Record<string, unknown> = {}) => {
  const f = parsePbxFrame(JSON.stringify({ action: "call-state", calls: [{ id: "q1", from: "+4930", to: "700", callstate, ...extra }] }));
  if (f.kind !== "call-state") throw new Error("bad frame");
  return f.calls[0]!;
};

describe("call tracking", () => {
  const queues = new Set(["700"]);
  it("a queue call waits until an agent phone connects; connected to the ACD alone is not an answer", () => {
    let c = applyCallFrame(undefined, frame("waiting"), "pbx", 1_000, queues);
    expect(c).toMatchObject({ queue: "700", state: "waiting", enteredAt: 1_000, answeredAt: null });
    c = applyCallFrame(c, frame("connected"), "pbx", 2_000, queues);
    expect(c).toMatchObject({ state: "waiting", answeredAt: null });
    c = applyCallFrame(c, frame("ringing", { agent: "2001" }), "pbx", 3_000, queues);
    expect(c).toMatchObject({ state: "ringing", agentExtension: "2001" });
    c = applyCallFrame(c, frame("connected", { agent: "2001" }), "pbx", 6_500, queues);
    expect(c).toMatchObject({ state: "connected", answeredAt: 6_500, waitSec: 5.5 });
    c = applyCallFrame(c, frame("disconnected"), "pbx", 66_500, queues);
    expect(c).toMatchObject({ state: "ended", outcome: "answered", endedAt: 66_500, talkSec: 60, endKnown: true });
  });

  it("an outbound call's agent phone is the extension that dialled, never the dialled number", () => {
    const out = (callstate: string, from: string, to: string) => {
      const f = parsePbxFrame(JSON.stringify({ action: "call-state", calls: [{ id: "o1", from, to, callstate }] }));
      if (f.kind !== "call-state") throw new Error("bad frame");
      return f.calls[0]!;
    };
    let c = applyCallFrame(undefined, out("ringing", '"Ann Lee" <sip:2001@pbx>', "+12125554628"), "pbx", 0, queues);
    expect(c).toMatchObject({ queue: null, state: "ringing", agentExtension: "2001" });
    c = applyCallFrame(c, out("connected", '"Ann Lee" <sip:2001@pbx>', "+12125554628"), "pbx", 5_000, queues);
    expect(c).toMatchObject({ state: "connected", agentExtension: "2001" });
    expect(applyCallFrame(undefined, out("ringing", "2002", "3055551234"), "pbx", 0, queues).agentExtension).toBe("2002");
    // A customer calling an extension directly: the extension is the agent's phone.
    expect(applyCallFrame(undefined, out("ringing", "+13055551234", "2003"), "pbx", 0, queues).agentExtension).toBe("2003");
    expect(applyCallFrame(undefined, out("ringing", "+13055551234", "+13055559999"), "pbx", 0, queues).agentExtension).toBeNull();
  });

  it("a queue call that ends unanswered is abandoned, with its wait", () => {
    const c = applyCallFrame(applyCallFrame(undefined, frame("waiting"), "pbx", 0, queues), frame("disconnected"), "pbx", 12_000, queues);
    expect(c).toMatchObject({ outcome: "abandoned", waitSec: 12, talkSec: null });
  });

  it("a call that ended while the link was down gets no invented end time", () => {
    const answered = applyCallFrame(applyCallFrame(undefined, frame("waiting"), "pbx", 0, queues), frame("connected", { agent: "2001" }), "pbx", 4_000, queues);
    expect(endUnseen(answered)).toMatchObject({ state: "ended", endedAt: null, endKnown: false, outcome: "answered", talkSec: null, waitSec: 4 });
    const waiting = applyCallFrame(undefined, frame("waiting"), "pbx", 0, queues);
    expect(endUnseen(waiting)).toMatchObject({ outcome: "unknown", endedAt: null, waitSec: null });
  });

  it("every snapshot (after a reconnect, or a resync) ends the calls it lacks as unseen, never at an invented time", () => {
    const book = new CallBook(queues);
    book.applyDelta("pbx", [frame("waiting")], 0);
    const changed = book.applySnapshot("pbx", [], 10_000);
    expect(changed).toEqual([expect.objectContaining({ id: "q1", state: "ended", endKnown: false, endedAt: null, outcome: "unknown" })]);
    book.applyDelta("pbx", [{ ...frame("waiting"), id: "q2" }, { ...frame("connected", { agent: "2001" }), id: "q3" }, { ...frame("waiting"), id: "q4" }], 20_000);
    expect(book.applySnapshot("pbx", [{ ...frame("waiting"), id: "q4" }], 30_000)).toEqual([
      expect.objectContaining({ id: "q2", endedAt: null, endKnown: false, outcome: "unknown" }),
      expect.objectContaining({ id: "q3", endedAt: null, endKnown: false, outcome: "answered" }),
    ]);
    expect(book.active().map((c) => c.id)).toEqual(["q4"]);
    // Another PBX's snapshot never ends this one's calls.
    expect(book.applySnapshot("other", [], 40_000)).toEqual([]);
  });

  it("phones: registration and DND from accounts, ringing/connected from calls", () => {
    const c = applyCallFrame(applyCallFrame(undefined, frame("waiting"), "pbx", 0, queues), frame("ringing", { agent: "2001" }), "pbx", 1, queues);
    const phones = phoneStatuses(new Map([["2001", { registered: true, dnd: false }], ["2002", { registered: false, dnd: true }]]), [c]);
    expect(phones.get("2001")).toEqual({ registered: true, dnd: false, phoneState: "ringing" });
    expect(phones.get("2002")).toEqual({ registered: false, dnd: true, phoneState: "idle" });
  });
});
