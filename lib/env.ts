/**
 * The wallboard's configuration, validated once at start (create-t3-app style): a bad value
 * stops the server with a message naming the variable, instead of failing inside a request.
 * Every variable is documented in README "Configuration".
 */
import { z } from "zod";
import { addressMatcher, parseAddressList } from "./http/network";
import { xucConfigFromEnv } from "./sources/xuc/config";
import { parseVicidialDbUrl, vicidialDbEnvSchema } from "./sources/vicidial-db/config";
import { voipbinConfigFromEnv } from "./sources/voipbin/config";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** An address list (lib/http/network.ts), validated with the library that will use it. */
const addressList = z
  .string()
  .optional()
  .transform((v) => parseAddressList(v))
  .superRefine((list, ctx) => {
    try {
      addressMatcher(list);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** PostgreSQL URL. Unset: an embedded PostgreSQL under DATA_DIR/pg is started. */
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://").optional()),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Base URL VICIdial reaches us at, for the printed Agent Push URLs. Default: http://<hostname>:PORT */
  PUBLIC_URL: optionalString.pipe(z.string().url().optional()),
  /** Push token. Unset: one is generated on first start and kept in the database. */
  PUSH_TOKEN: optionalString.pipe(z.string().min(8, "must be at least 8 characters").regex(/^[A-Za-z0-9._~-]+$/, "may only hold A-Z a-z 0-9 . _ ~ -").optional()),
  /** Seconds without any event before a logged-in agent is shown as stale (server clock). */
  STALE_AFTER_SEC: z.coerce.number().int().min(1).default(600),
  /** Hours an idle or logged-out agent stays on the live board (and is rebuilt at start). */
  LIVE_WINDOW_HOURS: z.coerce.number().min(1).max(24 * 14).default(24),
  /** Roster CSV (columns user, full_name, campaign, team) loaded at start. */
  ROSTER_CSV: optionalString,
  /** Folder for the embedded PostgreSQL's data. */
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** The local spool (events kept while PostgreSQL is down) is capped at this many bytes; beyond, pushes get 503. */
  SPOOL_MAX_BYTES: z.coerce.number().int().min(1024).default(1 << 30),
  /** An event's epoch (VICIdial's server clock) may be at most this far ahead of ours, seconds. */
  EPOCH_MAX_AHEAD_SEC: z.coerce.number().int().min(0).max(86_400).default(300),
  /** An event's epoch may be at most this far behind our clock, seconds (the hook script queues about a day). */
  EPOCH_MAX_AGE_SEC: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
  /** Largest accepted push body, bytes; larger gets 413. */
  PUSH_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
  /** Vodia PBX WebSocket, e.g. ws://pbx.example/websocket?domain=D&user=EXT. */
  PBX_URL: optionalString.pipe(z.string().regex(/^wss?:\/\//, "must start with ws:// or wss://").optional()),
  /** PBX web session cookie value (instead of PBX_USERNAME/PBX_PASSWORD). */
  PBX_SESSION: optionalString,
  PBX_USERNAME: optionalString,
  PBX_PASSWORD: optionalString,
  /** Seconds between PBX keep-alives ({"action":"avoid-disconnect"}). */
  PBX_KEEPALIVE_SEC: z.coerce.number().min(1).max(300).default(30),
  /** Seconds between `domain-calls` snapshot requests: calls the PBX stopped listing are ended then. */
  PBX_RESYNC_SEC: z.coerce.number().min(1).max(3600).default(30),
  /** Largest WebSocket message accepted from a PBX, bytes (a larger one drops the link). */
  PBX_MAX_FRAME_BYTES: z.coerce.number().int().min(65_536).max(104_857_600).default(8_388_608),
  /** PBX frames waiting for their database write beyond which new ones are dropped (counted, logged once per outage). */
  PBX_FRAME_QUEUE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
  /** Call-row writes waiting beyond which new ones are dropped (counted, logged once per outage). */
  PBX_CALL_QUEUE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** Queues each campaign takes calls from: CAMPAIGN=queue[,queue];CAMPAIGN2=queue */
  CAMPAIGN_QUEUES: optionalString,
  /** Service-level thresholds per queue, seconds: queue=T[,queue=T] (default T is SERVICE_LEVEL_SEC). */
  QUEUE_SERVICE_LEVELS: optionalString,
  SERVICE_LEVEL_SEC: z.coerce.number().int().min(1).max(3600).default(20),
  /** Abandons shorter than this (seconds) are left out of offered and abandoned. */
  SHORT_ABANDON_SEC: z.coerce.number().min(0).max(600).default(0),
  /** IANA time zone whose local midnight starts the "today" window. */
  TIMEZONE: z
    .string()
    .default(() => Intl.DateTimeFormat().resolvedOptions().timeZone)
    .refine(validTimeZone, "unknown IANA time zone"),
  /** Password of the first admin (created on first start). Unset: generated and printed once. */
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  /** Secret sealing session cookies (≥ 32 characters). Unset: generated once, kept in the database. */
  SESSION_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Mark cookies Secure (https only). Default: true when PUBLIC_URL is https. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  /** Socket.IO client messages allowed per connection per window, and the burst on top (XuC defaults). */
  CLIENT_THROTTLE_POINTS: z.coerce.number().int().min(1).default(90),
  CLIENT_THROTTLE_BURST: z.coerce.number().int().min(1).default(180),
  CLIENT_THROTTLE_WINDOW_SEC: z.coerce.number().int().min(1).default(30),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (addresses, CIDRs, or "loopback",
   * "uniquelocal"...). Empty: the socket's peer is the client.
   */
  TRUSTED_PROXIES: addressList,
  /** Who may push events and open the agent-screen hook (the VICIdial web servers). Empty: anyone with the token. */
  PUSH_ALLOW_FROM: addressList,
  /** More origins allowed to open Socket.IO with a signed-in cookie (comma-separated), beyond the wallboard's own. */
  ALLOWED_ORIGINS: optionalString,
  /** Most agents on the live board; beyond, the agent idle longest is evicted and a warning shown. */
  MAX_LIVE_AGENTS: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  /** Days agent_event and audit_log rows are kept (0: forever); rollups are kept regardless. */
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(400),
  /** Days pbx_frame rows are kept (0: forever). */
  PBX_FRAME_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(30),
  /** XiVO XuC link (README "Connect XiVO XuC"): http(s) base URL, supervisor login and password, connection name. */
  XUC_URL: optionalString,
  XUC_LOGIN: optionalString,
  XUC_PASSWORD: optionalString,
  XUC_NAME: optionalString,
  /** VoIPBin link (README "Connect VoIPBin"): API URL, customer id, username + password or access key, connection name. */
  VOIPBIN_URL: optionalString,
  VOIPBIN_CUSTOMER_ID: optionalString,
  VOIPBIN_USERNAME: optionalString,
  VOIPBIN_PASSWORD: optionalString,
  VOIPBIN_ACCESS_KEY: optionalString,
  VOIPBIN_NAME: optionalString,
  /** VICIdial's database as a read-only source (README "Connect VICIdial's database"): VICIDIAL_DB_URL and its bounds. */
  ...vicidialDbEnvSchema.shape,
  /** Days dialer_sample rows (the dialer and in-groups per minute) are kept (0: forever). */
  DIALER_SAMPLE_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const withPbxCredentials = schema.superRefine((env, ctx) => {
  if (env.PBX_URL && !env.PBX_SESSION && !(env.PBX_USERNAME && env.PBX_PASSWORD)) {
    ctx.addIssue({ code: "custom", path: ["PBX_URL"], message: "needs PBX_SESSION or both PBX_USERNAME and PBX_PASSWORD" });
  }
  // The platform links' own schemas (lib/sources/*/config.ts) judge their variables.
  for (const [prefix, parse] of [["XUC", xucConfigFromEnv], ["VOIPBIN", voipbinConfigFromEnv]] as const) {
    try {
      parse(env);
    } catch (err) {
      if (!(err instanceof z.ZodError)) throw err;
      // Field names (customerId) back to variable names (VOIPBIN_CUSTOMER_ID).
      for (const i of err.issues) ctx.addIssue({ code: "custom", path: [`${prefix}_${String(i.path.at(-1) ?? "URL").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase()}`], message: i.message });
    }
  }
  if (env.VICIDIAL_DB_URL) {
    try {
      parseVicidialDbUrl(env.VICIDIAL_DB_URL);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["VICIDIAL_DB_URL"], message: (err as Error).message.replace(/^VICIDIAL_DB_URL: /, "") });
    }
  }
  // The live board is rebuilt from the last LIVE_WINDOW_HOURS of events: they must still be there.
  if (env.RETENTION_DAYS !== 0 && env.RETENTION_DAYS * 24 < Math.max(48, env.LIVE_WINDOW_HOURS)) {
    ctx.addIssue({ code: "custom", path: ["RETENTION_DAYS"], message: `must be 0 (keep forever) or at least 2 days and LIVE_WINDOW_HOURS (${env.LIVE_WINDOW_HOURS} h)` });
  }
});

export type Env = z.infer<typeof schema>;

/**
 * Parses `source` (default process.env). Throws an Error listing every invalid variable as
 * `NAME: reason`, one per line.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = withPbxCredentials.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new Error(`invalid configuration:\n${lines.join("\n")}`);
}
