/**
 * VoIPBin's `tm_*` timestamps → ms since the epoch, or null when unset.
 *
 * Three forms are on the wire:
 * - RFC 3339 (`2026-03-01T09:15:02.123456Z`): the current Go models marshal `*time.Time`
 *   (voipbin/monorepo bin-agent-manager/models/agent/agent.go, bin-queue-manager/models/
 *   queuecall/queuecall.go), and `null` when unset.
 * - `2022-03-29 15:07:46.111715` (space, no zone, microseconds): the API docs' examples and
 *   older payloads (bin-api-manager/docsdev/source/queue_struct_queuecall.rst). Read as UTC.
 * - `9999-01-01 00:00:00.000000`: the older "not set" marker (same docs: "Set to 9999-01-01
 *   00:00:00.000000 if not deleted"). Any year ≥ 9999 is unset.
 * Empty strings, `null` and anything unreadable are unset too (never an invented time).
 */

const LEGACY = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

export function parseTm(v: unknown): number | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  if (s === "" || s.startsWith("9999-") || /^\d{5,}-/.test(s)) return null;
  const legacy = LEGACY.exec(s);
  if (legacy) {
    const [, y, mo, d, h, mi, se, frac] = legacy;
    const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(se), ms);
    return Number.isFinite(t) && Number(y) < 9999 ? t : null;
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return null;
  return new Date(t).getUTCFullYear() >= 9999 ? null : t;
}

/** VoIPBin writes "no id" as the nil UUID (e.g. `service_agent_id` before an agent is connected). */
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** An id, or null for absent, empty or nil-UUID ids. */
export function idOrNull(v: unknown): string | null {
  if (typeof v !== "string") return null;
  const s = v.trim();
  return s === "" || s === NIL_UUID ? null : s;
}
