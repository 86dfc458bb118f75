/**
 * What the PBX says about each phone: registration and DND from `domain-state` accounts and
 * `user-state` frames, ringing/connected from the calls in progress.
 */
import { extensionOf, type AccountFrame } from "../sources/vodia/frames";
import type { PhoneStatus } from "../agents/view";
import type { CallView } from "./types";

export type AccountStates = ReadonlyMap<string, Pick<AccountFrame, "registered" | "dnd">>;

/**
 * Phone status per extension: every reported account, and every extension in a call.
 * An extension is `connected` when any connected call involves it (as the answering agent,
 * caller or callee), else `ringing` when a ringing call does, else `idle`.
 */
export function phoneStatuses(accounts: AccountStates, active: readonly CallView[]): Map<string, PhoneStatus> {
  const out = new Map<string, PhoneStatus>();
  for (const [ext, a] of accounts) out.set(ext, { registered: a.registered, dnd: a.dnd, phoneState: "idle" });
  for (const call of active) {
    if (call.state !== "ringing" && call.state !== "connected") continue;
    const parties = new Set([call.agentExtension, extensionOf(call.from), call.queue ? null : extensionOf(call.to)].filter((e): e is string => !!e));
    for (const ext of parties) {
      const phone = out.get(ext) ?? { registered: null, dnd: null, phoneState: "idle" };
      if (call.state === "connected" || phone.phoneState !== "connected") phone.phoneState = call.state === "connected" ? "connected" : "ringing";
      out.set(ext, phone);
    }
  }
  return out;
}
