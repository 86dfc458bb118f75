import { headers } from "next/headers";
import { csrfFrom, principalFrom } from "@/lib/auth/request";
import type { Principal } from "@/lib/auth/principal";

/** The session's CSRF token (the client forms send it as x-csrf-token) and the principal. */
export async function adminRequest(): Promise<{ csrf: string; principal: Principal | null }> {
  const h = await headers();
  return { csrf: csrfFrom(h) ?? "", principal: principalFrom(h) };
}
