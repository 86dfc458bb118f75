/**
 * Validation shared by the admin route handlers: each check throws an AdminError (400) with a
 * one-line message that names the field, shown as is by the admin pages.
 */
import { AdminError } from "@/lib/server/admin-actions";

/** The user of the admin page's test events (POST /api/admin/push/test-event). */
export const TEST_USER = "wallboard-test";

/** Ids of campaigns, queues, PBX connections: what VICIdial and Vodia use, no spaces. */
export const ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

export function requireId(value: unknown, field: string): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) throw new AdminError(400, `${field} is required`);
  if (!ID_PATTERN.test(v)) throw new AdminError(400, `${field}: 1-64 of A-Z a-z 0-9 . _ @ - (no spaces)`);
  return v;
}

export function optionalText(value: unknown, field: string, max = 200): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new AdminError(400, `${field} must be text`);
  const v = value.trim();
  if (v.length > max) throw new AdminError(400, `${field} is longer than ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new AdminError(400, `${field} contains control characters`);
  return v === "" ? null : v;
}

/** A whole number in [min, max]; `null`/"" allowed when `nullable`. */
export function intIn(value: unknown, field: string, min: number, max: number, nullable: true): number | null;
export function intIn(value: unknown, field: string, min: number, max: number, nullable?: false): number;
export function intIn(value: unknown, field: string, min: number, max: number, nullable = false): number | null {
  if (nullable && (value === null || value === undefined || value === "")) return null;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw new AdminError(400, `${field} must be a whole number of seconds`);
  if (n < min || n > max) throw new AdminError(400, `${field} must be between ${min} and ${max}`);
  return n;
}

export function idList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AdminError(400, `${field} must be a list`);
  const out = new Set<string>();
  for (const v of value) {
    if (typeof v !== "string" || v.trim() === "") continue;
    out.add(requireId(v, `${field} entry "${String(v).slice(0, 40)}"`));
  }
  return [...out].sort();
}

/**
 * Time-in-state colour thresholds: `{ "READY": [0, 60, 300], ... }`, a state name (VICIdial
 * status, upper case) to 1-4 ascending whole seconds ≥ 0. Empty object or null: defaults.
 */
export function stateThresholds(value: unknown): Record<string, number[]> | null {
  if (value === null || value === undefined || value === "") return null;
  let v = value;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw new AdminError(400, 'state thresholds: not valid JSON (example: {"READY":[0,60,300]})');
    }
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new AdminError(400, 'state thresholds must be an object like {"READY":[0,60,300]}');
  const out: Record<string, number[]> = {};
  for (const [state, steps] of Object.entries(v)) {
    if (!/^[A-Z][A-Z0-9_-]{0,31}$/.test(state)) throw new AdminError(400, `state thresholds: "${state.slice(0, 32)}" is not a state name (upper case, e.g. READY, PAUSED, INCALL)`);
    if (!Array.isArray(steps) || steps.length < 1 || steps.length > 4) throw new AdminError(400, `state thresholds: ${state} needs a list of 1 to 4 numbers of seconds`);
    for (let i = 0; i < steps.length; i++) {
      const s: unknown = steps[i];
      if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 86_400) throw new AdminError(400, `state thresholds: ${state} values must be whole seconds from 0 to 86400`);
      if (i > 0 && s <= (steps[i - 1] as number)) throw new AdminError(400, `state thresholds: ${state} values must increase (${steps.join(", ")})`);
    }
    out[state] = steps as number[];
  }
  return Object.keys(out).length ? out : null;
}

/** A PBX WebSocket URL: ws:// or wss:// with a host. */
export function wsUrl(value: unknown): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) throw new AdminError(400, "url is required (ws://PBX/websocket?domain=D&user=EXT)");
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new AdminError(400, "url is not a valid URL (ws://PBX/websocket?domain=D&user=EXT)");
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") throw new AdminError(400, "url must start with ws:// or wss://");
  if (!url.hostname) throw new AdminError(400, "url needs a host");
  if (url.username || url.password) throw new AdminError(400, "url must not contain credentials: use the user name and password fields");
  return v;
}

/** A dynamic route segment (Next may hand it over still percent-encoded). */
export function segment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A VICIdial agent login: what the push `user` field accepts (1-100 characters, no control characters). */
export function agentUser(value: unknown): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) throw new AdminError(400, "user is required");
  if (v.length > 100) throw new AdminError(400, "user is longer than 100 characters");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw new AdminError(400, "user contains control characters");
  return v;
}
