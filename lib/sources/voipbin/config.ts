/**
 * Configuration of one VoIPBin link (admin pages or environment). Validated with zod; the
 * password and access key are stored for the link but never shown again (`publicVoipbinConfig`).
 *
 * `url` is the API base (https://api.voipbin.net): sign-in `<url>/auth/login`, lists
 * `<url>/v1.0/...`, WebSocket `wss://<host>/v1.0/ws?token=...` (seed 004). A path in `url` is
 * kept as a prefix. Either `username` + `password` or `accessKey` is required.
 *
 * `customerId` scopes the subscriptions (`customer_id:<id>:agent`, `...:queuecall`,
 * `...:call`, seed 004). The account needs the customer admin or manager permission
 * (bin-api-manager/pkg/websockhandler/etc.go validateTopics): otherwise VoIPBin closes the
 * socket on subscribe, and the admin page shows that.
 */
import { z } from "zod";
import { linkNameSchema, linkUrlSchema, msSetting } from "../link/config-fields";

export const voipbinConfigSchema = z
  .object({
    kind: z.literal("voipbin").default("voipbin"),
    name: linkNameSchema,
    url: linkUrlSchema,
    customerId: z.string({ error: "customer id is required" }).trim().min(1, "customer id is required").max(100, "customer id is longer than 100 characters"),
    username: z.string().min(1).max(200).optional(),
    password: z.string().min(1).max(500).optional(),
    accessKey: z.string().min(1).max(500).optional(),
    /** Resources subscribed (each as `customer_id:<id>:<resource>`). */
    resources: z.array(z.enum(["agent", "queuecall", "call"])).min(1).default(["agent", "queuecall", "call"]),
    /** The link is lost when nothing (no frame, no ping) came for this long, ms (VoIPBin pings every 10 s). */
    silenceMs: msSetting(1_000, 600_000, 35_000),
    /** Queues are re-read this often, ms: queue changes do not come over the WebSocket. */
    queueRefreshMs: msSetting(1_000, 3_600_000, 30_000),
    /** At least this long between two queue refreshes triggered by unknown queue calls, ms. */
    queueRefreshMinGapMs: msSetting(100, 600_000, 2_000),
    /** Queue calls created longer ago than this are not paged through at resync, ms. */
    resyncCallWindowMs: msSetting(60_000, 7 * 86_400_000, 12 * 3_600_000),
    /** Most pages read per list at resync (100 items each). */
    maxPages: z.number().int().min(1).max(10_000).default(200),
    /** Renew a signed-in token when this share of its lifetime has passed. */
    renewAtFraction: z.number().min(0.5).max(0.95).default(0.8),
    /** Renewal period when the token carries no expiry, ms. */
    renewWithoutExpiryMs: msSetting(60_000, 30 * 86_400_000, 24 * 3_600_000),
    backoff: z.object({ minMs: msSetting(10, 60_000, 1_000), maxMs: msSetting(100, 600_000, 30_000) }).prefault({}),
    /** Window in which an identical frame is a duplicate, ms, and how many are remembered. */
    duplicateWindowMs: msSetting(100, 600_000, 30_000),
    duplicateMemory: z.number().int().min(16).max(100_000).default(4_096),
    maxFrameBytes: z.number().int().min(1_024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
    maxResponseBytes: z.number().int().min(1_024).max(256 * 1024 * 1024).default(32 * 1024 * 1024),
    /** Live events buffered while a resync runs; beyond this the resync starts over. */
    maxBufferedEvents: z.number().int().min(10).max(1_000_000).default(20_000),
    requestTimeoutMs: msSetting(100, 120_000, 15_000),
  })
  .refine((c) => (c.username && c.password) || c.accessKey, { message: "username and password, or accessKey, are required", path: ["accessKey"] });

export type VoipbinConfig = z.output<typeof voipbinConfigSchema>;
export type VoipbinConfigInput = z.input<typeof voipbinConfigSchema>;

export function publicVoipbinConfig(c: VoipbinConfig): Omit<VoipbinConfig, "password" | "accessKey"> & { password: string | null; accessKey: string | null } {
  return { ...c, password: c.password ? "********" : null, accessKey: c.accessKey ? "********" : null };
}

/**
 * The link configured by the environment, or null when VOIPBIN_URL is unset. Variables:
 * VOIPBIN_URL, VOIPBIN_CUSTOMER_ID, VOIPBIN_USERNAME, VOIPBIN_PASSWORD, VOIPBIN_ACCESS_KEY,
 * VOIPBIN_NAME (default "voipbin"). Throws a zod error naming the bad field.
 */
export function voipbinConfigFromEnv(env: Readonly<Record<string, unknown>>): VoipbinConfig | null {
  if (!env["VOIPBIN_URL"]) return null;
  return voipbinConfigSchema.parse({
    name: env["VOIPBIN_NAME"] || "voipbin",
    url: env["VOIPBIN_URL"],
    customerId: env["VOIPBIN_CUSTOMER_ID"],
    username: env["VOIPBIN_USERNAME"] || undefined,
    password: env["VOIPBIN_PASSWORD"] || undefined,
    accessKey: env["VOIPBIN_ACCESS_KEY"] || undefined,
  });
}
