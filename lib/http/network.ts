/**
 * Who is asking: the client address of a request, and address allowlists, built on
 * `proxy-addr` (the library Express uses for exactly this).
 *
 * - The client address is the socket's peer address, unless that peer is a trusted proxy
 *   (TRUSTED_PROXIES); only then is X-Forwarded-For read, from the right, up to the first
 *   address that is not a trusted proxy. A client-supplied X-Forwarded-For is ignored
 *   otherwise, so it cannot pick its own rate-limit key (issue 11 item 7).
 * - An allowlist (PUSH_ALLOW_FROM) is a list of addresses and CIDR ranges, or the names
 *   proxy-addr knows ("loopback", "linklocal", "uniquelocal"); empty allows everyone.
 */
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/** Address list syntax: comma- or space-separated addresses, CIDRs or proxy-addr names. */
export function parseAddressList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Compiles an address list into a matcher. Throws (with the offending entry) when the list
 * is not valid, so a bad setting stops the server at start.
 */
export function addressMatcher(list: readonly string[]): (address: string) => boolean {
  if (list.length === 0) return () => false;
  const trust = proxyaddr.compile([...list]);
  return (address) => trust(address, 0);
}

export interface ClientAddressResolver {
  /** The client address of `req` (IPv4-mapped IPv6 written as IPv4), or "unknown". */
  (req: IncomingMessage): string;
}

/** Resolves client addresses trusting X-Forwarded-For only from `trustedProxies`. */
export function clientAddressResolver(trustedProxies: readonly string[]): ClientAddressResolver {
  const trusted = proxyaddr.compile([...trustedProxies]);
  return (req) => {
    if (!req.socket?.remoteAddress) return "unknown";
    return plain(proxyaddr(req as Parameters<typeof proxyaddr>[0], trusted));
  };
}

/**
 * An allowlist check for a request: allowed when the client matches. An empty list allows
 * everyone and gives no check at all (undefined): reading a connection's peer address is a
 * system call, paid on every push otherwise (issue 14's profile: ~2 % of the worker with a
 * connection per event).
 */
export function allowlist(list: readonly string[], clientAddress: ClientAddressResolver): ((req: IncomingMessage) => { allowed: boolean; address: string }) | undefined {
  if (list.length === 0) return undefined;
  const match = addressMatcher(list);
  return (req) => {
    const address = clientAddress(req);
    return { allowed: match(address), address };
  };
}

function plain(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
