/**
 * What an admin sends to add or edit a link on Admin → Sources (XiVO XuC, VoIPBin, VICIdial's
 * database when VICIDIAL_DB_URL is unset),
 * and how it becomes a stored connection: the source type's own zod schema
 * (lib/sources/registry.ts) judges the whole configuration; its secret fields are stored apart
 * (`source_connection.secrets`) and never returned; an empty secret on edit keeps the stored
 * one. Pure.
 */
import { z } from "zod";
import { reasonOf } from "../validation";
import { PLATFORM_TYPES } from "./registry";
import { storedVicidialDbSchema } from "./vicidial-db/config";

/** The fields of the form, as sent (strings; empty = not given). */
export const sourceFormSchema = z.object({
  kind: z.enum(["xuc", "voipbin", "vicidial-db"], { error: 'kind must be "xuc", "voipbin" or "vicidial-db"' }),
  name: z.string({ error: "name is required" }).trim().min(1, "name is required").max(64, "name is longer than 64 characters"),
  url: z.string({ error: "URL is required" }).trim().min(1, "URL is required").max(2000, "URL is longer than 2000 characters"),
  /** XuC: the supervisor's login. */
  login: z.string().trim().max(200, "login is longer than 200 characters").optional(),
  /** VoIPBin: the customer id and the account's user name. */
  customerId: z.string().trim().max(100, "customer id is longer than 100 characters").optional(),
  username: z.string().trim().max(200, "user name is longer than 200 characters").optional(),
  password: z.string().max(500, "password is longer than 500 characters").optional(),
  accessKey: z.string().max(500, "access key is longer than 500 characters").optional(),
  /** Removes the stored access key (VoIPBin, when switching to a password). */
  clearAccessKey: z.boolean().catch(false).default(false),
  enabled: z.boolean().catch(true).default(true),
});
export type SourceForm = z.output<typeof sourceFormSchema>;

/** The fields of each kind's configuration the form sets (the others keep their defaults). */
const FIELDS: Readonly<Record<SourceForm["kind"], readonly (keyof SourceForm)[]>> = {
  xuc: ["url", "login", "password"],
  voipbin: ["url", "customerId", "username", "password", "accessKey"],
  "vicidial-db": ["url", "password"],
};

export interface BuiltConnection {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

/**
 * Validates a form against its type's schema, with the stored secrets filling empty secret
 * fields. Returns the configuration without its secrets and the secrets, or the one-line
 * reason the schema refused it.
 */
export function buildConnection(form: SourceForm, stored: Record<string, string> | null): { ok: true; value: BuiltConnection } | { ok: false; reason: string } {
  if (form.kind === "vicidial-db") return buildVicidialDb(form, stored);
  const type = PLATFORM_TYPES.get(form.kind)!;
  const secretFields = type.secretFields ?? [];
  const input: Record<string, unknown> = { kind: form.kind, name: form.name };
  for (const f of FIELDS[form.kind]) {
    const v = form[f];
    if (typeof v === "string" && v !== "") input[f] = v;
    else if (secretFields.includes(f) && stored?.[f] && !(f === "accessKey" && form.clearAccessKey)) input[f] = stored[f];
  }
  const parsed = type.configSchema!.safeParse(input);
  if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error) };
  const config: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed.data as Record<string, unknown>)) {
    if (secretFields.includes(k)) {
      if (typeof v === "string") secrets[k] = v;
    } else config[k] = v;
  }
  return { ok: true, value: { config, secrets } };
}

/** VICIdial's database (one connection, named "vicidial-db"): the URL without its password, and the password. */
function buildVicidialDb(form: SourceForm, stored: Record<string, string> | null): { ok: true; value: BuiltConnection } | { ok: false; reason: string } {
  const parsed = storedVicidialDbSchema.safeParse({ url: form.url, password: form.password || stored?.["password"] || undefined });
  if (!parsed.success) return { ok: false, reason: reasonOf(parsed.error) };
  return { ok: true, value: { config: { url: parsed.data.url }, secrets: parsed.data.password ? { password: parsed.data.password } : {} } };
}
