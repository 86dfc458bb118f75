import { describe, expect, it } from "vitest";
import { canonicalPushText, dedupKey, mergeCopies } from "../../lib/events/dedup";

const base = { user: "1001", epoch: 1795000000, agentLogId: "55", counter: 3, event: "agent_alert", message: "Dial timed out" };

describe("dedupKey", () => {
  it("is the key already stored in agent_event: sha256 (hex) of the identity as JSON, so copies stored by earlier versions still match", () => {
    expect(dedupKey(base)).toBe("875baecff7eb02f74c0f70c55fc210c1b4b9f1196bce7872578451f9c8d28f14");
  });

  it("identifies an event by user, agent_log_id, epoch, counter and event", () => {
    expect(dedupKey(base)).toBe(dedupKey({ ...base }));
    for (const change of [{ user: "1002" }, { epoch: 1795000001 }, { agentLogId: "56" }, { counter: 4 }, { event: "time_sync" }]) {
      expect(dedupKey({ ...base, ...change })).not.toBe(dedupKey(base));
    }
  });

  it("ignores the message when the screen's own fields identify the event: push copies are mangled (issue 10 item 3)", () => {
    // The hook's exact text, and what agent_events() + get2post.php deliver of it: `&` cuts the
    // message, %XX is decoded, ' and \ removed, : ; # " deleted, whitespace to spaces.
    const hook = { ...base, message: `Call 555: "O'Brien" & co\\ 100%25 #2?x` };
    const relayed = { ...base, message: "Call 555 OBrien " };
    expect(dedupKey(hook)).toBe(dedupKey(relayed));
  });

  it("keeps the message in the identity of an event that lost its epoch or counter", () => {
    const lost = { ...base, epoch: null, counter: null, agentLogId: null };
    expect(dedupKey({ ...lost, message: "Are you there?" })).not.toBe(dedupKey({ ...lost, message: "other" }));
    expect(dedupKey({ ...lost, message: 'Dial timed out: "555"\n#2' })).toBe(dedupKey({ ...lost, message: "Dial timed out 555 2" }));
  });

  it("canonical text: whitespace and + as spaces; characters VICIdial and get2post.php delete are gone", () => {
    expect(canonicalPushText("a+b\tc\r\nd")).toBe("a b c d");
    expect(canonicalPushText(`it's a \\path`)).toBe("its a path");
  });
});

describe("mergeCopies", () => {
  const push = { source: "vicidial-push" as const, message: "Call 555 OBrien ", campaign: null, leadId: null };
  const hook = { source: "vicidial-hook" as const, message: `Call 555: "O'Brien" & co`, campaign: "SALES", leadId: "77" };

  it("a hook copy after a push copy brings its exact text, campaign and lead", () => {
    expect(mergeCopies(push, hook)).toEqual({ source: "vicidial-push", message: hook.message, campaign: "SALES", leadId: "77" });
  });

  it("a push copy after a hook copy brings nothing", () => {
    expect(mergeCopies(hook, push)).toBeNull();
    expect(mergeCopies(hook, { ...hook })).toBeNull();
  });

  it("fills only what is missing, never overwrites a campaign or lead", () => {
    expect(mergeCopies({ ...push, campaign: "A" }, { ...push, campaign: "B", leadId: "9" })).toEqual({ ...push, campaign: "A", leadId: "9" });
  });
});
