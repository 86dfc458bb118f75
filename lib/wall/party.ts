/**
 * Caller and callee as people write them. The PBX reports parties as plain numbers, SIP
 * URIs or SIP name-addrs (`"Caller" <sip:+15125552024@pbx>`); the wall shows a formatted
 * phone number (libphonenumber-js, international format), an agent's name with the
 * extension, or a display name with the number. Pure.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/min";

export interface Party {
  /** The display name the SIP header carries, when it is a real name (not "Caller"). */
  name: string | null;
  /** The number or extension, formatted: `+1 512 555 2024`, `2001`. */
  number: string;
  /** True for an internal extension (no "+", at most 6 characters). */
  extension: boolean;
}

/** Placeholder names some PBXs and diallers put in the display name. */
const PLACEHOLDER_NAMES = new Set(["caller", "unknown", "anonymous", "customer", "outside", "external", ""]);

/** Parses a party string; `agentName` gives the name of an agent's extension (roster). */
export function parseParty(raw: string, agentName?: (extension: string) => string | null): Party {
  const text = raw.trim();
  const nameAddr = /^\s*(?:"([^"]*)"|([^<"]*?))\s*<\s*(?:sips?:|tel:)?([^@;>]+)[^>]*>/i.exec(text);
  const uri = /^(?:sips?:|tel:)([^@;>]+)/i.exec(text);
  const user = (nameAddr?.[3] ?? uri?.[1] ?? text).trim();
  const display = (nameAddr?.[1] ?? nameAddr?.[2] ?? "").trim();
  const extension = !user.startsWith("+") && /^[0-9A-Za-z*#._-]{1,6}$/.test(user);
  const name = extension ? (agentName?.(user) ?? (PLACEHOLDER_NAMES.has(display.toLowerCase()) ? null : display)) : PLACEHOLDER_NAMES.has(display.toLowerCase()) ? null : display;
  return { name: name || null, number: extension ? user : formatNumber(user), extension };
}

/** A phone number in international format when it parses (`+1 512 555 2024`), else as given. */
export function formatNumber(number: string): string {
  const n = number.startsWith("+") ? parsePhoneNumberFromString(number) : undefined;
  return n ? n.formatInternational() : number;
}

/** `Hugo Dubois (2003)`, `+1 512 555 2024`, `Ann Lee · +1 512 555 2024`; "unknown" when empty. */
export function partyText(raw: string, agentName?: (extension: string) => string | null): string {
  if (!raw.trim()) return "unknown";
  const p = parseParty(raw, agentName);
  if (!p.name) return p.number;
  return p.extension ? `${p.name} (${p.number})` : `${p.name} · ${p.number}`;
}
