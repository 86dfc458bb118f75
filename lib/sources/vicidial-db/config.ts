/**
 * Configuration of the VICIdial database source from the environment (zod, like lib/env.ts):
 *
 * | Variable | Default | Bounds | Meaning |
 * |---|---|---|---|
 * | `VICIDIAL_DB_URL` | unset (source off) | mysql:// or mariadb:// | `mysql://user:pass@host[:port]/asterisk`, the read-only account |
 * | `VICIDIAL_DB_POLL_MS` | 1000 | 250–60000 | ms between the starts of two polls |
 * | `VICIDIAL_DB_STATEMENT_TIMEOUT_MS` | 2000 | 100–30000 | budget of one poll: every statement is cut by the server (MariaDB max_statement_time, MySQL max_execution_time) and, with a 1 s grace, by the client |
 * | `VICIDIAL_DB_CONNECT_TIMEOUT_MS` | 5000 | 500–60000 | TCP + handshake timeout |
 * | `VICIDIAL_DB_BACKOFF_MAX_MS` | 30000 | 1000–600000 | cap of the retry delay after failures |
 * | `VICIDIAL_DB_MAX_AGENTS` | 5000 | 1–100000 | live agents read per poll |
 * | `VICIDIAL_DB_MAX_WAITING_CALLS` | 500 | 1–100000 | waiting calls listed per poll (counts stay exact) |
 * | `VICIDIAL_DB_MAX_GROUPS` | 1000 | 1–100000 | campaigns and in-groups read per poll |
 *
 * parseVicidialDbConfig throws an Error naming the variable when a value is malformed.
 */
import { z } from "zod";

export interface VicidialDbConnection {
  host: string;
  /** TCP port; 3306 when the URL has none. */
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface VicidialDbConfig {
  connection: VicidialDbConnection;
  /** The URL with the password replaced by "***", for logs and the admin page. */
  redactedUrl: string;
  pollMs: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  /** First retry delay after a failure, ms (the poll interval). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxAgents: number;
  maxWaitingCalls: number;
  maxGroups: number;
}

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** An integer variable within [min, max]; unset or blank gives `dflt`. */
const bounded = (min: number, max: number, dflt: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.coerce.number().int().min(min).max(max).default(dflt));

/** The environment variables, validated; VICIDIAL_DB_URL stays text here, parsed below. */
export const vicidialDbEnvSchema = z.object({
  VICIDIAL_DB_URL: optionalText.pipe(z.string().regex(/^(mysql|mariadb):\/\//, "must start with mysql:// or mariadb://").optional()),
  VICIDIAL_DB_POLL_MS: bounded(250, 60_000, 1000),
  VICIDIAL_DB_STATEMENT_TIMEOUT_MS: bounded(100, 30_000, 2000),
  VICIDIAL_DB_CONNECT_TIMEOUT_MS: bounded(500, 60_000, 5000),
  VICIDIAL_DB_BACKOFF_MAX_MS: bounded(1000, 600_000, 30_000),
  VICIDIAL_DB_MAX_AGENTS: bounded(1, 100_000, 5000),
  VICIDIAL_DB_MAX_WAITING_CALLS: bounded(1, 100_000, 500),
  VICIDIAL_DB_MAX_GROUPS: bounded(1, 100_000, 1000),
});

/**
 * `mysql://user:pass@host[:port]/database` → its parts. User and password are
 * percent-decoded (write `%40` for `@`). Throws when host, user or database is missing.
 */
export function parseVicidialDbUrl(text: string): VicidialDbConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error("VICIDIAL_DB_URL: not a URL (mysql://user:pass@host/asterisk)");
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") throw new Error("VICIDIAL_DB_URL: must start with mysql:// or mariadb://");
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!url.hostname) throw new Error("VICIDIAL_DB_URL: no host");
  if (!url.username) throw new Error("VICIDIAL_DB_URL: no user (mysql://user:pass@host/asterisk)");
  if (!database || database.includes("/")) throw new Error("VICIDIAL_DB_URL: no database name after the host (usually /asterisk)");
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database,
  };
}

/** The URL with its password masked. */
export function redactUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparsable URL)";
  }
}

/**
 * The source's configuration, or null when VICIDIAL_DB_URL is unset (the source is off).
 * Throws an Error listing every malformed variable.
 */
export function parseVicidialDbConfig(env: Readonly<Record<string, string | undefined>>): VicidialDbConfig | null {
  const parsed = vicidialDbEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  }
  const e = parsed.data;
  if (!e.VICIDIAL_DB_URL) return null;
  return {
    connection: parseVicidialDbUrl(e.VICIDIAL_DB_URL),
    redactedUrl: redactUrl(e.VICIDIAL_DB_URL),
    pollMs: e.VICIDIAL_DB_POLL_MS,
    statementTimeoutMs: e.VICIDIAL_DB_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: e.VICIDIAL_DB_CONNECT_TIMEOUT_MS,
    backoffBaseMs: e.VICIDIAL_DB_POLL_MS,
    backoffMaxMs: e.VICIDIAL_DB_BACKOFF_MAX_MS,
    maxAgents: e.VICIDIAL_DB_MAX_AGENTS,
    maxWaitingCalls: e.VICIDIAL_DB_MAX_WAITING_CALLS,
    maxGroups: e.VICIDIAL_DB_MAX_GROUPS,
  };
}

/**
 * The configuration an admin stores on Admin → Sources (used when VICIDIAL_DB_URL is unset):
 * the URL without its password, and the password apart (a secret, never shown again). The
 * other VICIDIAL_DB_* variables keep applying. Errors name the field.
 */
export const storedVicidialDbSchema = z.object({
  url: z
    .string({ error: "URL is required" })
    .trim()
    .min(1, "URL is required")
    .max(2000, "URL is longer than 2000 characters")
    .superRefine((text, ctx) => {
      try {
        const c = parseVicidialDbUrl(text);
        if (c.password) ctx.addIssue({ code: "custom", message: "put the password in its own field, not in the URL" });
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message.replace(/^VICIDIAL_DB_URL: /, "URL: ") });
      }
    }),
  password: z.string().max(500, "password is longer than 500 characters").optional(),
});
export type StoredVicidialDb = z.output<typeof storedVicidialDbSchema>;

/** The stored configuration as a VICIDIAL_DB_URL (the password percent-encoded into it). */
export function storedVicidialDbUrl(stored: StoredVicidialDb): string {
  const url = new URL(stored.url);
  if (stored.password) url.password = encodeURIComponent(stored.password);
  return url.toString();
}
