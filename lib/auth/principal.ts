/**
 * Who is asking: a signed-in user (admin, manager, supervisor) or a wall display token, and
 * what they may see. Pure; shared by the HTTP gate, the Socket.IO handshake, route handlers.
 */

export const ROLES = ["admin", "manager", "supervisor"] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { kind: "user"; id: number; username: string; role: Role; campaigns: string[] }
  | { kind: "display"; tokenId: number; name: string; campaigns: string[] };

/** Managers and admins see every campaign; supervisors and displays only theirs. */
export function seesAllCampaigns(p: Principal): boolean {
  return p.kind === "user" && (p.role === "admin" || p.role === "manager");
}

export function canSeeCampaign(p: Principal, campaign: string): boolean {
  return seesAllCampaigns(p) || p.campaigns.includes(campaign);
}

export function isAdmin(p: Principal | null): boolean {
  return p?.kind === "user" && p.role === "admin";
}

/** The header through which the custom server hands the principal to Next.js. */
export const PRINCIPAL_HEADER = "x-wallboard-principal";

/** The header through which the custom server hands the session's CSRF token to Next.js pages. */
export const CSRF_HEADER = "x-wallboard-csrf";

/** The header through which the custom server hands the client address (lib/http/network.ts) to Next.js. */
export const CLIENT_ADDRESS_HEADER = "x-wallboard-client-address";
