import { describe, expect, it } from "vitest";
import { backlogBytes } from "../../lib/realtime/fanout";

const close = () => undefined;

describe("backlogBytes: what one client has waiting on the server", () => {
  it("adds the WebSocket's unsent bytes and the packets queued for the transport", () => {
    expect(backlogBytes({ close })).toBe(0);
    expect(backlogBytes({ close, transport: { socket: { bufferedAmount: 1_000 } }, writeBuffer: [] })).toBe(1_000);
    expect(backlogBytes({ close, transport: { socket: { bufferedAmount: 10 } }, writeBuffer: [{ data: "x".repeat(500) }, { data: Buffer.alloc(300) }, { data: new ArrayBuffer(200) }, {}] })).toBe(1_010);
    // A polling transport has no socket: only its queue counts.
    expect(backlogBytes({ close, transport: {}, writeBuffer: [{ data: "abc" }] })).toBe(3);
  });

  it("stops counting once over the limit (a stuck client's queue can be long)", () => {
    const writeBuffer = Array.from({ length: 100_000 }, () => ({ data: "y".repeat(100) }));
    const counted = backlogBytes({ close, writeBuffer }, 1_000);
    expect(counted).toBeGreaterThan(1_000);
    expect(counted).toBeLessThanOrEqual(1_100);
  });
});
