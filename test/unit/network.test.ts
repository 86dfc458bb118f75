/** Address allowlists (lib/http/network.ts): PUSH_ALLOW_FROM. */
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { allowlist, clientAddressResolver } from "../../lib/http/network";

/** A request whose peer address is `address`, counting how often it is read. */
function requestFrom(address: string): { req: IncomingMessage; reads: () => number } {
  let reads = 0;
  const socket = {
    get remoteAddress() {
      reads++;
      return address;
    },
  };
  return { req: { socket, headers: {}, connection: socket } as unknown as IncomingMessage, reads: () => reads };
}

describe("allowlist", () => {
  const resolve = clientAddressResolver([]);

  it("with an empty list gives no check, so a push never reads its peer address", () => {
    expect(allowlist([], resolve)).toBeUndefined();
  });

  it("with a list allows the addresses and ranges in it and names the one it refuses", () => {
    const check = allowlist(["192.0.2.0/24", "loopback"], resolve)!;
    const inside = requestFrom("::ffff:192.0.2.7");
    expect(check(inside.req)).toEqual({ allowed: true, address: "192.0.2.7" });
    expect(inside.reads()).toBeGreaterThan(0);
    expect(check(requestFrom("127.0.0.1").req).allowed).toBe(true);
    expect(check(requestFrom("198.51.100.9").req)).toEqual({ allowed: false, address: "198.51.100.9" });
  });
});
