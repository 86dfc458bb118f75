import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../lib/sources/link/backoff";
import { RecentTexts } from "../../lib/sources/link/recent-texts";
import { httpUrl, redactUrl, wsUrl } from "../../lib/sources/link/redact";

describe("reconnect backoff", () => {
  const opts = { minMs: 500, maxMs: 30_000 };
  it("grows exponentially with full jitter and stays within [min/2, cap]", () => {
    expect(backoffDelay(0, opts, () => 0.999)).toBeCloseTo(499.5, 0);
    expect(backoffDelay(3, opts, () => 0.999)).toBeCloseTo(3996, 0);
    expect(backoffDelay(40, opts, () => 0.999)).toBeLessThanOrEqual(30_000);
    expect(backoffDelay(40, opts, () => 0.999)).toBeGreaterThan(29_000);
    expect(backoffDelay(5, opts, () => 0)).toBe(250);
  });
});

describe("recent frame texts", () => {
  it("sees a repeat within the window, not after it, and keeps at most N", () => {
    const r = new RecentTexts(3, 1000);
    expect(r.seenBefore("a", 0)).toBe(false);
    expect(r.seenBefore("a", 500)).toBe(true);
    expect(r.seenBefore("a", 1600)).toBe(false);
    for (const t of ["b", "c", "d", "e"]) r.seenBefore(t, 1700);
    expect(r.size).toBeLessThanOrEqual(3);
    expect(r.seenBefore("b", 1701)).toBe(false); // forgotten: the memory is bounded
  });
});

describe("URLs", () => {
  it("never shows tokens, keys or passwords", () => {
    expect(redactUrl("wss://u:p@host/v1.0/ws?token=abc&x=1")).toBe("wss://host/v1.0/ws?token=redacted&x=1");
    expect(redactUrl("ws://h/cti?accesskey=k")).toContain("accesskey=redacted");
  });
  it("keeps a reverse-proxy path prefix and switches the scheme", () => {
    expect(wsUrl("https://pbx.example/xivo", "xuc/api/2.0/cti", { token: "t" })).toBe("wss://pbx.example/xivo/xuc/api/2.0/cti?token=t");
    expect(wsUrl("http://127.0.0.1:8090", "xuc/api/2.0/cti", { token: "t" })).toBe("ws://127.0.0.1:8090/xuc/api/2.0/cti?token=t");
    expect(httpUrl("https://api.voipbin.net/", "v1.0/agents", { page_size: "100" })).toBe("https://api.voipbin.net/v1.0/agents?page_size=100");
  });
});
