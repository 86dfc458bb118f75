import { describe, expect, it } from "vitest";
import { canonicalPushText, dedupKey } from "../../lib/events/dedup";

const base = { user: "1001", epoch: 1795000000, agentLogId: "55", counter: 3, event: "agent_alert", message: "Dial timed out" };

describe("dedupKey", () => {
  it("is the same for the same six fields and differs when any of them differs", () => {
    expect(dedupKey(base)).toBe(dedupKey({ ...base }));
    for (const change of [{ user: "1002" }, { epoch: 1795000001 }, { agentLogId: "56" }, { counter: 4 }, { event: "time_sync" }, { message: "other" }, { message: null }]) {
      expect(dedupKey({ ...base, ...change })).not.toBe(dedupKey(base));
    }
  });

  it("matches a message as the WebSocket hook sees it and as VICIdial's HTTP push delivers it", () => {
    // agent_events() turns spaces/newlines into + and deletes : ; # " { } ^ $ ` before sending.
    const hook = { ...base, message: 'Dial timed out: "555"\n#2' };
    const http = { ...base, message: "Dial timed out 555 2" };
    expect(dedupKey(hook)).toBe(dedupKey(http));
    expect(canonicalPushText("a+b\tc\r\nd")).toBe("a b c d");
  });
});
