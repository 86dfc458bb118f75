/**
 * Zod schemas of the fields the admin APIs take, each with the one-line message the admin
 * pages show as is (it names the field: `campaign id is required`). Built per field label,
 * so the same rule reads "queue id" in one route and "campaign id" in another.
 */
import { z } from "zod";
import { vodiaUrlSchema } from "@/lib/sources/vodia/config";
import { ROLES } from "@/lib/auth/principal";

/** Ids of campaigns, queues, PBX connections: what VICIdial and Vodia use, no spaces. */
export const ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
const ID_RULE = "1-64 of A-Z a-z 0-9 . _ @ - (no spaces)";
// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** Text trimmed; anything that is not text reads as "" (so it is reported as missing). */
const trimmedText = (v: unknown): string => (typeof v === "string" ? v.trim() : "");
/** A whole number sent as text ("30") reads as that number. */
const numberFromText = (v: unknown): unknown => (typeof v === "string" && v.trim() !== "" ? Number(v) : v);

/** A required id (trimmed): `<field> is required`, `<field>: 1-64 of ...`. */
export const id = (field: string) =>
  z.preprocess(trimmedText, z.string().min(1, { error: `${field} is required`, abort: true }).regex(ID_PATTERN, `${field}: ${ID_RULE}`));

/** Optional text, trimmed, at most `max` characters, no control characters; null when absent or empty. */
export const optionalText = (field: string, max = 200) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(max, { error: `${field} is longer than ${max} characters`, abort: true })
    .regex(NO_CONTROL, `${field} contains control characters`)
    .nullish()
    .transform((v) => (v ? v : null));

/** A whole number of seconds in [min, max] (a number, or its digits as text). */
export const wholeSeconds = (field: string, min: number, max: number) => {
  const whole = `${field} must be a whole number of seconds`;
  const between = `${field} must be between ${min} and ${max}`;
  return z.preprocess(numberFromText, z.number({ error: whole }).int({ error: whole, abort: true }).min(min, between).max(max, between));
};

/** {@link wholeSeconds}, or null when absent, null or "". */
export const optionalWholeSeconds = (field: string, min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === "" ? null : v), wholeSeconds(field, min, max).nullable());

/**
 * A list of ids, sorted, each once; entries that are not text or are blank are left out;
 * absent or null: `[]`.
 */
export const idList = (field: string) =>
  z
    .array(z.unknown(), { error: `${field} must be a list` })
    .nullish()
    .transform((list) => (list ?? []).filter((v): v is string => typeof v === "string" && v.trim() !== ""))
    .pipe(z.array(z.string().refine((v) => ID_PATTERN.test(v.trim()), { error: (iss) => `${field} entry "${String(iss.input).slice(0, 40)}": ${ID_RULE}` })))
    .transform((list) => [...new Set(list.map((v) => v.trim()))].sort());

const STATE_NAME = /^[A-Z][A-Z0-9_-]{0,31}$/;
const THRESHOLDS_SHAPE = 'state thresholds must be an object like {"READY":[0,60,300]}';
/** The state a threshold issue is about: the record key on the issue's path (`at` from its end). */
const stateAt = (iss: { path?: PropertyKey[] }, at: number) => String(iss.path?.at(at) ?? "");

/** Seconds at which a state's levels start: 1 to 4 ascending whole seconds from 0 to 86400. */
const valuesRule = (iss: { path?: PropertyKey[] }) => `state thresholds: ${stateAt(iss, -2)} values must be whole seconds from 0 to 86400`;
const listRule = (iss: { path?: PropertyKey[] }) => `state thresholds: ${stateAt(iss, -1)} needs a list of 1 to 4 numbers of seconds`;
const thresholdSteps = z
  .array(z.number({ error: valuesRule }).int({ error: valuesRule }).min(0, { error: valuesRule }).max(86_400, { error: valuesRule }), { error: listRule })
  .min(1, { error: listRule })
  .max(4, { error: listRule })
  .refine((steps) => steps.every((s, i) => i === 0 || s > steps[i - 1]!), {
    error: (iss) => `state thresholds: ${stateAt(iss, -1)} values must increase (${(iss.input as number[]).join(", ")})`,
  });

/**
 * Time-in-state colour thresholds: `{ "READY": [0, 60, 300], ... }`, a state name (VICIdial
 * status, upper case) to 1-4 ascending whole seconds ≥ 0, as an object or its JSON text.
 * Absent, null, "" or an empty object: null (the defaults).
 */
export const stateThresholds = z
  .preprocess(
    (v, ctx) => {
      if (v === undefined || v === "") return null;
      if (typeof v !== "string") return v;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: 'state thresholds: not valid JSON (example: {"READY":[0,60,300]})', input: v });
        return z.NEVER;
      }
    },
    z
      .record(
        z.string().regex(STATE_NAME, { error: (iss) => `state thresholds: "${String(iss.input).slice(0, 32)}" is not a state name (upper case, e.g. READY, PAUSED, INCALL)` }),
        thresholdSteps,
        { error: (iss) => (iss.code === "invalid_key" ? iss.issues?.[0]?.message : THRESHOLDS_SHAPE) },
      )
      .nullable(),
  )
  .transform((t) => (t && Object.keys(t).length ? t : null));

/** A PBX WebSocket URL (trimmed): the Vodia source's own rule (lib/sources/vodia/config.ts). */
export const wsUrl = z.preprocess(trimmedText, vodiaUrlSchema);

/** A VICIdial agent login (trimmed): what the push `user` field accepts, 1-100 characters, no control characters. */
export const agentUser = z.preprocess(
  trimmedText,
  z.string().min(1, { error: "user is required", abort: true }).max(100, { error: "user is longer than 100 characters", abort: true }).regex(NO_CONTROL, "user contains control characters"),
);

/**
 * Text where the API has always taken anything: a value that is not text reads as absent
 * (undefined), as it did before the schemas.
 */
export const looseText = z.string().optional().catch(undefined);

/** A list of non-blank texts, trimmed; anything else reads as absent (undefined). */
export const looseTextList = z
  .array(z.unknown())
  .transform((list) => list.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()))
  .optional()
  .catch(undefined);

/** A numeric id in the path (users, wall tokens). */
export const numericId = z.coerce.number({ error: "id must be a whole number" }).int({ error: "id must be a whole number" }).positive({ error: "id must be a whole number" });

/** A role name (admin, manager, supervisor); a value that is not text reads as absent. */
export const role = looseText.pipe(z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }));
/** {@link role}, or absent. */
export const optionalRole = looseText.pipe(z.enum(ROLES, { error: `role must be one of ${ROLES.join(", ")}` }).optional());
