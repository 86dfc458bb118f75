/**
 * Parsing a frame's text into a JSON object without ever throwing into the link.
 */

export type JsonObject = Record<string, unknown>;

export type JsonObjectResult = { ok: true; value: JsonObject } | { ok: false; reason: string };

/** `text` as a JSON object; arrays, scalars and invalid JSON are refused with a reason. */
export function parseJsonObject(text: string): JsonObjectResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: "not JSON" };
  }
  if (!isObject(value)) return { ok: false, reason: Array.isArray(value) ? "a JSON array, not an object" : "not a JSON object" };
  return { ok: true, value };
}

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The first `max` characters of a frame, for logs and the admin page. */
export function excerpt(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
